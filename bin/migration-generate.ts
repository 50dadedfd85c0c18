import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../core/config/config";
import { openDataSource } from "../core/db/data-source";
import { ensureDatabase } from "../core/db/ensure-database";
import { pendingSchemaChanges } from "../core/db/schema-drift";
import { MIGRATION_FOLDERS } from "../migrations";
import { databaseParts } from "./composition";

const USAGE = `Usage: npm run migration:generate -- <${MIGRATION_FOLDERS.join("|")}> <PascalCaseName>
       npm run migration:generate -- --check   (exit 1 if entities and migrations disagree)`;

/**
 * Compares the entities of core and every module with the migrated database and writes the
 * difference as a migration, so nobody hand-writes DDL that drifts from the entities.
 */
async function main(): Promise<void> {
  const [folder, name] = process.argv.slice(2).filter((arg) => !arg.startsWith("--"));
  const check = process.argv.includes("--check");
  if (!check && (!MIGRATION_FOLDERS.includes(folder as (typeof MIGRATION_FOLDERS)[number]) || !/^[A-Z][A-Za-z0-9]+$/.test(name ?? ""))) {
    throw new Error(USAGE);
  }
  const config = loadConfig();
  const flavor = await ensureDatabase(config);
  const dataSource = await openDataSource(config, flavor, databaseParts());
  try {
    await dataSource.runMigrations({ transaction: "each" });
    const { up, down } = await pendingSchemaChanges(dataSource);
    if (check) {
      if (up.length > 0) throw new Error(`Entities and migrations disagree; a migration would run:\n${up.join(";\n")}`);
      process.stdout.write("Entities and migrations agree.\n");
      return;
    }
    if (up.length === 0) {
      process.stdout.write("No changes: entities and migrations agree.\n");
      return;
    }
    const timestamp = Date.now();
    const file = join(__dirname, "..", "..", "migrations", folder!, `${timestamp}-${name}.ts`);
    writeFileSync(file, render(`${name}${timestamp}`, up, down.reverse()));
    process.stdout.write(`Wrote ${file}\n`);
  } finally {
    await dataSource.destroy();
  }
}

function render(className: string, up: string[], down: string[]): string {
  const lines = (queries: string[]) => queries.map((query) => `    await queryRunner.query(${JSON.stringify(query)});`).join("\n");
  return `import type { MigrationInterface, QueryRunner } from "typeorm";

export class ${className} implements MigrationInterface {
  name = "${className}";

  public async up(queryRunner: QueryRunner): Promise<void> {
${lines(up)}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${lines(down)}
  }
}
`;
}

main().catch((error: unknown) => {
  process.stderr.write(`migration:generate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
