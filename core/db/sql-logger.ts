import { AsyncLocalStorage } from "node:async_hooks";
import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "../observability/logger";

interface StatementTally {
  statements: number;
}

const tally = new AsyncLocalStorage<StatementTally>();

/**
 * Runs `work` and counts the SQL statements it sends to the driver, however deep in resolvers,
 * loaders or services they start. This is how "SQL per request" is measured, not estimated.
 */
export function countingStatements<T>(work: () => T): { result: T; statements: () => number } {
  const counter: StatementTally = { statements: 0 };
  const result = tally.run(counter, work);
  return { result, statements: () => counter.statements };
}

/** Statements counted so far in the current scope, if one is open. */
export function statementsSoFar(): number | undefined {
  return tally.getStore()?.statements;
}

/** TypeORM's logger: counts statements for the current scope and logs failures and slow queries. */
export class SqlLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}

  logQuery(): void {
    const counter = tally.getStore();
    if (counter) counter.statements += 1;
  }

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query }, "query failed");
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, "slow query");
  }

  logSchemaBuild(message: string): void {
    this.logger.debug(message);
  }

  logMigration(message: string): void {
    this.logger.info(message);
  }

  log(level: "log" | "info" | "warn", message: unknown): void {
    if (level === "warn") this.logger.warn({ message }, "typeorm");
    else this.logger.debug({ message }, "typeorm");
  }
}
