import { rm } from "node:fs/promises";
import { Redis } from "ioredis";
import { createConnection } from "mysql2/promise";
import type { Config } from "../../core/config/config";
import { coreModule } from "../../core";
import type { Authenticate } from "../../core/graphql/context";
import type { ApiServer } from "../../core/http/server";
import type { WorkerPool } from "../../core/jobs/worker-pool";
import type { ModuleManifest } from "../../core/kernel/module";
import { Platform } from "../../core/platform";
import { MIGRATION_FOLDERS, loadMigrations } from "../../migrations";
import { GraphQLClient } from "./graphql-client";
import { testAuthenticate } from "./test-auth";
import { testConfig } from "./test-config";

export interface TestAppOptions {
  modules?: readonly ModuleManifest[];
  /** CRM_MODULES; undefined enables every module given. */
  enabled?: string[];
  workers?: boolean;
  api?: boolean;
  env?: Record<string, string>;
  /** Defaults to the test authenticator; "identity" uses core's real one (JWT, API keys). */
  authenticate?: Authenticate | "identity";
}

/**
 * The platform booted in-process against the real MariaDB/MySQL and Redis, with its own
 * database and key prefix. Fixture modules' tables are created from their entities, since
 * their migrations are not part of the product.
 */
export class TestApp {
  private constructor(
    readonly platform: Platform,
    readonly config: Config,
    readonly api: ApiServer | undefined,
  ) {}

  static async start(options: TestAppOptions = {}): Promise<TestApp> {
    const env = { ...options.env };
    if (options.enabled) env.CRM_MODULES = options.enabled.join(",");
    const config = testConfig(env);
    const platform = await Platform.boot({
      config,
      core: coreModule,
      modules: options.modules ?? [],
      migrations: loadMigrations(),
      authenticate: options.authenticate === "identity" ? undefined : (options.authenticate ?? testAuthenticate),
    });
    await platform.migrate();
    // Product modules have migrations; only the test fixtures need their tables made from entities.
    if ((options.modules ?? []).some((module) => !isMigrated(module))) await platform.services.dataSource.synchronize();
    if (options.workers) await platform.startWorkers();
    const api = options.api === false ? undefined : await platform.startApi();
    return new TestApp(platform, config, api);
  }

  get url(): string {
    if (!this.api) throw new Error("This test app has no API");
    return this.api.url;
  }

  get client(): GraphQLClient {
    return new GraphQLClient(this.url);
  }

  get services() {
    return this.platform.services;
  }

  query<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return this.services.dataSource.query(sql, parameters);
  }

  get workers(): WorkerPool | undefined {
    return this.platform.workerPool;
  }

  /** Relays the outbox and waits until no queue (or only the named ones) has waiting or active jobs. */
  async settle(timeoutMs = 15_000, queues = this.services.queues.names()): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.services.relay.drain();
      const counts = await Promise.all(
        queues.map((name) => this.services.queues.get(name).getJobCounts("waiting", "active", "prioritized")),
      );
      const busy = counts.reduce((sum, c) => sum + (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0), 0);
      const [{ pending }] = await this.query<{ pending: string }>("SELECT COUNT(*) AS pending FROM outbox_event WHERE dispatched_at IS NULL");
      if (busy === 0 && Number(pending) === 0) return;
      if (Date.now() > deadline) throw new Error(`Queues did not settle: ${busy} jobs busy, ${pending} events undispatched`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Stops everything, drops the test database, the Redis keys and the stored files. */
  async stop(): Promise<void> {
    await this.platform.stop(5_000);
    await Promise.all([dropDatabase(this.config), deleteRedisKeys(this.config), rm(this.config.FILE_STORAGE_DIR, { recursive: true, force: true })]);
  }
}

function isMigrated(module: ModuleManifest): boolean {
  return (MIGRATION_FOLDERS as readonly string[]).includes(module.name);
}

export async function deleteRedisKeys(config: Config): Promise<void> {
  const redis = new Redis(config.REDIS_URL);
  try {
    const keys = await redis.keys(`${config.REDIS_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export async function dropDatabase(config: Config): Promise<void> {
  const connection = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${config.DB_NAME}\``);
  } finally {
    await connection.end();
  }
}
