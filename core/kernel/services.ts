import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { PricingService } from "../catalog/pricing.service";
import type { Config } from "../config/config";
import type { ContactPolicyService } from "../consent/contact-policy.service";
import type { TransactionRunner } from "../db/unit-of-work";
import type { AfterCommitBus } from "../events/after-commit-bus";
import type { OutboxRelay } from "../events/outbox-relay";
import type { FileStore } from "../files/file-store";
import type { QueueRegistry } from "../jobs/queues";
import type { Mailer } from "../mail/mailer";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import type { IdentityServices } from "../identity/identity.services";
import type { TimelineService } from "../interactions/timeline.service";
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
  /** Tenants' files (uploads, reports, exports, documents) on local disk under FILE_STORAGE_DIR. */
  files: FileStore;
  /** The only way to write to the interaction timeline (and to read pages of it). */
  timeline: TimelineService;
  /** Whether, when and on which channel a message may reach a person; every sender asks it. */
  contactPolicy: ContactPolicyService;
  /** Outgoing email over SMTP; ask `contactPolicy` before writing to a contact. */
  mail: Mailer;
  /** The one price resolution of the catalogue: `resolve` one line, `resolveMany` a quote's lines in constant SQL. */
  pricing: PricingService;
  /** Fail-fast Redis for short-lived state (rate limits, caches); keys start with REDIS_PREFIX. */
  redis: Redis;
}
