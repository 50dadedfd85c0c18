import "reflect-metadata";
import { loadConfig } from "../core/config/config";
import { openDataSource } from "../core/db/data-source";
import { ensureDatabase } from "../core/db/ensure-database";
import { databaseParts } from "./composition";

/** Applies pending migrations of core and every module; needs the database only. */
async function main(): Promise<void> {
  const config = loadConfig();
  const flavor = await ensureDatabase(config);
  const dataSource = await openDataSource(config, flavor, databaseParts());
  try {
    const applied = await dataSource.runMigrations({ transaction: "each" });
    process.stdout.write(
      applied.length > 0 ? `Applied ${applied.length} migration(s):\n  ${applied.map((m) => m.name).join("\n  ")}\n` : "Database is up to date.\n",
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`migrate: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
