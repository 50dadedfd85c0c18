import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildPlatformSchema, createSchemaPubSub, printPlatformSchema } from "../core/graphql/schema";
import { allModules } from "./composition";

const SCHEMA_FILE = join(__dirname, "..", "..", "schema", "schema.graphql");

/** Writes schema/schema.graphql with every module on; `--check` fails if the committed file is stale. */
async function main(): Promise<void> {
  const printed = printPlatformSchema(await buildPlatformSchema(allModules(), createSchemaPubSub()));
  if (process.argv.includes("--check")) {
    let committed = "";
    try {
      committed = readFileSync(SCHEMA_FILE, "utf8");
    } catch {
      // a missing file is stale too
    }
    if (committed !== printed) {
      process.stderr.write("schema/schema.graphql is stale: run `npm run schema:print` and commit the result.\n");
      process.exit(1);
    }
    process.stdout.write("schema/schema.graphql is up to date.\n");
    return;
  }
  writeFileSync(SCHEMA_FILE, printed);
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`print-schema: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
