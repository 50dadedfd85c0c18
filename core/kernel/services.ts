import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config";
import type { TransactionRunner } from "../db/unit-of-work";
import type { AfterCommitBus } from "../events/after-commit-bus";
import type { OutboxRelay } from "../events/outbox-relay";
import type { QueueRegistry } from "../jobs/queues";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { IdentityServices } from "../identity/identity.services";
import type { TenantModuleSwitches } from "../tenancy/tenant-modules.service";
import type { ModuleRegistry } from "./registry";

/** What core hands to resolvers, jobs and handlers; modules reach core only through these. */
export interface PlatformServices {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  modules: ModuleRegistry;
  dataSource: DataSource;
  transactions: TransactionRunner;
  bus: AfterCommitBus;
  queues: QueueRegistry;
  relay: OutboxRelay;
  moduleSwitches: TenantModuleSwitches;
  identity: IdentityServices;
  /** Fail-fast Redis for short-lived state (rate limits, caches); keys start with REDIS_PREFIX. */
  redis: Redis;
}
