import { UnrecoverableError, type Job } from "bullmq";
import type { Config } from "../config/config";
import type { Logger } from "../observability/logger";
import type { PlatformServices } from "../kernel/services";

export interface JobContext {
  job: Job;
  logger: Logger;
  services: PlatformServices;
}

/** What a job that did nothing because its tenant switched its module off returns. */
export const MODULE_OFF = "skipped: module switched off for the tenant";

export type JobSchedule = { every: number } | { pattern: string; tz?: string };

/**
 * One kind of background work. Payloads are plain data and carry `tenantId` where the work is a
 * tenant's: the worker rebuilds its context from them. Delivery is at least once.
 */
export interface JobDefinition<P = unknown> {
  /** `<module>.<purpose>`; one BullMQ queue may serve several job names. */
  queue: string;
  name: string;
  concurrency?: number;
  attempts?: number;
  /** Repeating work through a BullMQ job scheduler, never a polling loop. */
  schedule?: JobSchedule | ((config: Config) => JobSchedule);
  handle(payload: P, context: JobContext): Promise<unknown>;
  /**
   * Runs instead of `handle` when the payload's tenant has this job's module switched off. By
   * default the job does nothing; a job whose skipping would leave a record waiting for ever
   * (an import QUEUED, an email SCHEDULED) settles it here.
   */
  whenModuleOff?(payload: P, context: JobContext): Promise<unknown>;
  /**
   * Runs when `handle` failed on the job's last attempt (or unrecoverably), before BullMQ keeps
   * the job as failed: settles what the job leaves, e.g. its record FAILED with a message rather
   * than RUNNING for ever. Its own failure is logged, not thrown.
   */
  whenFailedForGood?(payload: P, context: JobContext): Promise<unknown>;
}

/** Whether a failure of this run is the job's last: BullMQ will not try it again. */
export function isLastAttempt(job: Job, error: unknown): boolean {
  return error instanceof UnrecoverableError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

export function defineJob<P>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}
