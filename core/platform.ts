import type { DataSource, MigrationInterface } from "typeorm";
import type { Redis } from "ioredis";
import type { Config } from "./config/config";
import { openDataSource, type DataSourceParts } from "./db/data-source";
import { ensureDatabase } from "./db/ensure-database";
import { SqlLogger } from "./db/sql-logger";
import { TransactionRunner } from "./db/unit-of-work";
import { AfterCommitBus } from "./events/after-commit-bus";
import { eventHandlerJobs, subscriptionsOf } from "./events/event-delivery";
import { OutboxRelay } from "./events/outbox-relay";
import { FileStore } from "./files/file-store";
import { Mailer } from "./mail/mailer";
import type { Authenticate } from "./graphql/context";
import { createContextFactory } from "./graphql/context-factory";
import { buildPlatformSchema, createSchemaPubSub } from "./graphql/schema";
import { startApiServer, type ApiServer } from "./http/server";
import type { JobDefinition } from "./jobs/job";
import { QueueRegistry } from "./jobs/queues";
import { createRedis } from "./jobs/redis";
import { WorkerPool } from "./jobs/worker-pool";
import type { ModuleManifest } from "./kernel/module";
import { ModuleRegistry } from "./kernel/registry";
import type { PlatformServices } from "./kernel/services";
import { createLogger, type Logger } from "./observability/logger";
import { Metrics } from "./observability/metrics";
import { TENANT_MODULE_SWITCHED } from "./tenancy/tenant-module.resolver";
import { TenantModuleState } from "./tenancy/tenant-module.types";
import { TenantModuleSwitches } from "./tenancy/tenant-modules.service";
import { IdentityServices } from "./identity/identity.services";
import { ContactPolicyService } from "./consent/contact-policy.service";
import { TimelineService } from "./interactions/timeline.service";
import { PricingService } from "./catalog/pricing.service";

export class StartupError extends Error {
  override name = "StartupError";
}

export interface PlatformOptions {
  config: Config;
  core: ModuleManifest;
  modules: readonly ModuleManifest[];
  migrations: (new () => MigrationInterface)[];
  /** Replaces core's identity (JWT, API keys) as the way requests authenticate; tests use it. */
  authenticate?: Authenticate;
  logger?: Logger;
}

/**
 * The composition of one process: services shared by the API and the workers, started in the
 * roles the process plays, and stopped in reverse order within the shutdown limit.
 */
export class Platform {
  private api: ApiServer | undefined;
  private workers: WorkerPool | undefined;

  private constructor(
    readonly services: PlatformServices,
    private readonly options: PlatformOptions,
  ) {}

  /** Connects to MySQL/MariaDB (creating the database if needed) and Redis; fails with what to fix. */
  static async boot(options: PlatformOptions): Promise<Platform> {
    const { config } = options;
    const logger = options.logger ?? createLogger(config.LOG_LEVEL);
    const modules = ModuleRegistry.resolve(options.core, options.modules, config.CRM_MODULES);
    for (const module of modules.enabled) {
      const result = module.config?.safeParse(process.env);
      if (result && !result.success) {
        throw new StartupError(`Module '${module.name}' configuration is invalid: ${result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
      }
    }

    const dataSource = await connectDatabase(config, {
      entities: modules.allEntities(),
      subscribers: modules.allSubscribers(),
      migrations: options.migrations,
      logger: new SqlLogger(logger),
    });
    const producer = await connectRedis(config);
    const queues = new QueueRegistry(producer, config.REDIS_PREFIX);
    const bus = new AfterCommitBus(logger);
    const relay = new OutboxRelay(dataSource, queues, subscriptionsOf(modules.active, config.EVENT_BATCH_SIZE), logger);
    // Back from an outage: relay what waited. A Redis that restarted empty lost the sweep scheduler too.
    producer.on("ready", () => relay.nudge());
    const transactions = new TransactionRunner(dataSource, bus, () => relay.nudge());
    const metrics = new Metrics(() => queues.names(), (queue) => queues.get(queue).getJobCounts());
    const moduleSwitches = new TenantModuleSwitches(dataSource);
    bus.on("core.tenant.moduleSwitched.v1", (event) => moduleSwitches.forget(event.tenantId));
    const identity = new IdentityServices(config, dataSource, transactions, producer, logger);
    const files = new FileStore(config.FILE_STORAGE_DIR);
    await files.init();
    const services: PlatformServices = {
      config,
      logger,
      metrics,
      modules,
      dataSource,
      transactions,
      bus,
      queues,
      relay,
      moduleSwitches,
      identity,
      timeline: new TimelineService(),
      contactPolicy: new ContactPolicyService(),
      pricing: new PricingService(),
      files,
      mail: new Mailer(config.SMTP_URL, config.MAIL_FROM),
      redis: producer,
    };
    for (const queue of jobDefinitions(modules).map((job) => job.queue)) queues.get(queue);
    logger.info({ modules: modules.enabled.map((m) => m.name) }, "platform booted");
    return new Platform(services, options);
  }

  get workerPool(): WorkerPool | undefined {
    return this.workers;
  }

  async migrate(): Promise<string[]> {
    const applied = await this.services.dataSource.runMigrations({ transaction: "each" });
    if (applied.length > 0) this.services.logger.info({ migrations: applied.map((m) => m.name) }, "migrations applied");
    return applied.map((m) => m.name);
  }

  async startApi(overrides: { port?: number; host?: string } = {}): Promise<ApiServer> {
    const pubSub = createSchemaPubSub();
    this.services.bus.on("core.tenant.moduleSwitched.v1", (event) => {
      const manifest = this.services.modules.enabled.find((m) => m.name === event.payload.module);
      pubSub.publish(
        TENANT_MODULE_SWITCHED,
        Object.assign(new TenantModuleState(), { ...event.payload, description: manifest?.description ?? "", tenantId: event.tenantId }),
      );
    });
    const schema = await buildPlatformSchema(this.services.modules, pubSub);
    this.api = await startApiServer({
      services: this.services,
      schema,
      createContext: createContextFactory(this.services, this.options.authenticate ?? this.services.identity.authenticate),
      dashboardQueues: () => this.services.queues.names(),
      ...overrides,
    });
    return this.api;
  }

  async startWorkers(): Promise<WorkerPool> {
    const { config, logger, metrics } = this.services;
    this.workers = await WorkerPool.start({
      definitions: jobDefinitions(this.services.modules),
      queues: config.WORKER_QUEUES,
      prefix: config.REDIS_PREFIX,
      defaultConcurrency: config.WORKER_CONCURRENCY,
      lockMs: config.WORKER_LOCK_MS,
      connection: () => createRedis(config, "worker"),
      services: this.services,
      logger,
      metrics,
    });
    return this.workers;
  }

  /**
   * Stops taking requests and drains them, lets workers finish their jobs, then closes
   * connections. Returns false if anything had to be cut short at the time limit.
   */
  async stop(timeoutMs = this.services.config.SHUTDOWN_TIMEOUT_MS): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    const remaining = () => Math.max(0, deadline - Date.now());
    let clean = true;
    if (this.api) await this.api.close();
    if (this.workers) clean = (await this.workers.close(remaining())) && clean;
    await this.services.relay.drain().catch(() => undefined);
    await this.services.queues.close();
    this.services.mail.close();
    const { redis } = this.services;
    await redis.quit().catch(() => redis.disconnect());
    await this.services.dataSource.destroy();
    return clean && remaining() > 0;
  }
}

/** Every job of the enabled modules, including each module's event-handler jobs. */
export function jobDefinitions(modules: ModuleRegistry): JobDefinition[] {
  return modules.active.flatMap((module) => [...(module.jobs ?? []), ...(eventHandlerJobs(module) as JobDefinition[])]);
}

async function connectDatabase(config: Config, parts: DataSourceParts): Promise<DataSource> {
  const where = `${config.DB_USER}@${config.DB_HOST}:${config.DB_PORT}`;
  try {
    const flavor = await ensureDatabase(config);
    return await openDataSource(config, flavor, parts);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new StartupError(
      `Cannot use the MySQL/MariaDB database '${config.DB_NAME}' at ${where}: ${reason}. ` +
        "Start the database server, or set DB_HOST, DB_PORT, DB_USER and DB_PASSWORD.",
    );
  }
}

async function connectRedis(config: Config): Promise<Redis> {
  const redis = createRedis(config, "producer", { lazyConnect: true, retryStrategy: () => null });
  // The socket's own error says why (ECONNREFUSED...); unheard, ioredis would print it with a stack.
  let cause: unknown;
  const remember = (error: unknown) => (cause = error);
  redis.on("error", remember);
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    const failure = cause ?? error;
    const reason = failure instanceof Error ? failure.message : String(failure);
    throw new StartupError(`Cannot reach Redis at ${config.REDIS_URL}: ${reason}. Start Redis, or set REDIS_URL.`);
  }
  redis.off("error", remember);
  // Connected: from now on keep retrying through outages instead of giving up.
  redis.options.retryStrategy = (attempt) => Math.min(attempt * 200, 2_000);
  return redis;
}
