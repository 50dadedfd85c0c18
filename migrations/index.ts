import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { MigrationInterface } from "typeorm";

type MigrationClass = new () => MigrationInterface;

/** Every folder under migrations/ runs, whatever CRM_MODULES says: the database is the superset. */
export const MIGRATION_FOLDERS = ["core", "sfa", "ma", "css"] as const;

const MIGRATION_FILE = /^\d{13}-[\w-]+\.(ts|js)$/;

/**
 * Loads migration classes from the folders in timestamp order (the file name starts with it),
 * so a module's migration can build on a core table created earlier.
 */
export function loadMigrations(root: string = __dirname): MigrationClass[] {
  const files = MIGRATION_FOLDERS.flatMap((folder) => {
    const dir = join(root, folder);
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return [];
    }
    return names.filter((name) => MIGRATION_FILE.test(name) && !name.endsWith(".d.ts")).map((name) => ({ name, path: join(dir, name) }));
  });
  files.sort((a, b) => a.name.localeCompare(b.name));
  return files.flatMap(({ path }) =>
    Object.values(require(path) as Record<string, unknown>).filter(
      (value): value is MigrationClass => typeof value === "function",
    ),
  );
}
