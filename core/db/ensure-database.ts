import { createConnection, type RowDataPacket } from "mysql2/promise";
import type { Config } from "../config/config";

/** TypeORM reads MariaDB's catalog differently (defaults, JSON), so it must know which server it has. */
export type DatabaseFlavor = "mysql" | "mariadb";

/**
 * Creates the configured database when it is missing, so a fresh server needs no manual step,
 * and tells which server answered.
 */
export async function ensureDatabase(config: Config): Promise<DatabaseFlavor> {
  const connection = await createConnection({
    host: config.DB_HOST,
    port: config.DB_PORT,
    user: config.DB_USER,
    password: config.DB_PASSWORD,
    connectTimeout: 5_000,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.DB_NAME}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const [rows] = await connection.query<RowDataPacket[]>("SELECT VERSION() AS version");
    return String(rows[0]?.version).toLowerCase().includes("mariadb") ? "mariadb" : "mysql";
  } finally {
    await connection.end();
  }
}
