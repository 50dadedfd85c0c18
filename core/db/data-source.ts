import "reflect-metadata";
import { DataSource, type MigrationInterface } from "typeorm";
import type { Config } from "../config/config";
import type { DatabaseFlavor } from "./ensure-database";
import { SnakeNamingStrategy } from "./naming.strategy";
import type { SqlLogger } from "./sql-logger";

export interface DataSourceParts {
  entities: Function[];
  migrations: (new () => MigrationInterface)[];
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
    poolSize: config.DB_POOL_SIZE,
    connectTimeout: 5_000,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: "schema_migration",
    migrationsTransactionMode: "each",
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logger: parts.logger,
    logging: parts.logger !== undefined,
    maxQueryExecutionTime: 1_000,
  });
}
