import "reflect-metadata";
import { DataSource, type MigrationInterface } from "typeorm";
import type { MysqlDriver } from "typeorm/driver/mysql/MysqlDriver.js";
import type { Config } from "../config/config";
import type { DatabaseFlavor } from "./ensure-database";
import { SnakeNamingStrategy } from "./naming.strategy";
import type { SqlLogger } from "./sql-logger";

export interface DataSourceParts {
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
  /** TypeORM entity subscribers (classes), e.g. the audit log's; TypeORM instantiates them. */
  subscribers?: Function[];
  /** Counts statements and reports slow or failing ones; absent in one-shot scripts. */
  logger?: SqlLogger;
}

export function createDataSource(config: Config, flavor: DatabaseFlavor, parts: DataSourceParts): DataSource {
  return new DataSource({
    type: flavor,
    host: config.DB_HOST,
    port: config.DB_PORT,
    username: config.DB_USER,
    password: config.DB_PASSWORD,
    database: config.DB_NAME,
    charset: "utf8mb4_unicode_ci",
    timezone: "Z",
    supportBigNumbers: true,
    bigNumberStrings: true,
    // A DATE is a calendar day, not an instant: as "YYYY-MM-DD" it cannot shift with a time zone.
    dateStrings: ["DATE"],
    // mysql2 would capture a stack trace for every statement; TypeORM's QueryFailedError carries the caller's async stack anyway.
    trace: false,
    poolSize: config.DB_POOL_SIZE,
    connectTimeout: 5_000,
    entities: parts.entities,
    migrations: parts.migrations,
    subscribers: parts.subscribers ?? [],
    migrationsTableName: "schema_migration",
    migrationsTransactionMode: "each",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logger: parts.logger,
    logging: parts.logger !== undefined,
    maxQueryExecutionTime: 1_000,
  });
}

interface SessionConnection {
  query(sql: string): unknown;
}

/**
 * Connects, with every pooled session in UTC: column defaults such as CURRENT_TIMESTAMP(3)
 * use the session's zone, and the driver reads and writes dates as UTC.
 */
export async function openDataSource(config: Config, flavor: DatabaseFlavor, parts: DataSourceParts): Promise<DataSource> {
  const dataSource = await createDataSource(config, flavor, parts).initialize();
  const pool = (dataSource.driver as MysqlDriver).pool as { on(event: "connection", listener: (connection: SessionConnection) => void): void };
  pool.on("connection", (connection) => connection.query("SET time_zone = '+00:00'"));
  // initialize() left exactly one idle connection in the pool, made before the listener existed.
  await dataSource.query("SET time_zone = '+00:00'");
  return dataSource;
}
