import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { PlatformServices } from "../kernel/services";
import type { Logger } from "../observability/logger";
import type { Metrics } from "../observability/metrics";
import { MODULE_OFF, isLastAttempt, type JobDefinition } from "./job";

export interface WorkerPoolOptions {
  definitions: readonly JobDefinition[];
  /** WORKER_QUEUES: only these queues are worked here; undefined means all. */
  queues?: readonly string[];
  prefix: string;
  defaultConcurrency: number;
  /** WORKER_LOCK_MS: BullMQ's lock duration, also used as its stalled-job check interval. */
  lockMs: number;
  connection: () => Redis;
  services: PlatformServices;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The workers of one process: one BullMQ worker per queue, dispatching by job name. A tenant's
 * job of a module the tenant switched off does not run (see `JobDefinition.whenModuleOff`), as
 * the module's resolvers refuse, so module code never checks the switch itself.
 */
export class WorkerPool {
  private constructor(
    private readonly workers: Worker[],
    private readonly connections: Redis[],
    private readonly logger: Logger,
    private readonly detach: () => void,
  ) {}

  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    const byQueue = new Map<string, Map<string, JobDefinition>>();
    for (const definition of options.definitions) {
      if (options.queues && !options.queues.includes(definition.queue)) continue;
      const jobs = byQueue.get(definition.queue) ?? new Map<string, JobDefinition>();
      if (jobs.has(definition.name)) throw new Error(`Queue '${definition.queue}' has two jobs named '${definition.name}'.`);
      jobs.set(definition.name, definition);
      byQueue.set(definition.queue, jobs);
    }
    const unknown = (options.queues ?? []).filter((queue) => !options.definitions.some((d) => d.queue === queue));
    if (unknown.length > 0) options.logger.warn({ queues: unknown }, "WORKER_QUEUES names queues no enabled module has");

    const workers: Worker[] = [];
    const connections: Redis[] = [];
    for (const [queue, jobs] of byQueue) {
      const connection = options.connection();
      connections.push(connection);
      const worker = new Worker(queue, (job) => WorkerPool.process(job, jobs, options), {
        connection,
        prefix: options.prefix,
        concurrency: Math.max(options.defaultConcurrency, ...[...jobs.values()].map((d) => d.concurrency ?? 0)),
        maxStalledCount: 2,
        lockDuration: options.lockMs,
        stalledInterval: options.lockMs,
        autorun: false,
      });
      worker.on("error", (error) => options.logger.error({ err: error, queue }, "worker error"));
      worker.on("failed", (job, error) => {
        if (job) options.metrics.jobOutcomes.inc({ queue, name: job.name, outcome: "failed" });
        options.logger.warn({ err: error, queue, jobId: job?.id, attempts: job?.attemptsMade }, "job failed");
      });
      worker.on("completed", (job) => options.metrics.jobOutcomes.inc({ queue, name: job.name, outcome: "completed" }));
      worker.on("stalled", (jobId) => {
        options.metrics.jobOutcomes.inc({ queue, name: "unknown", outcome: "stalled" });
        options.logger.warn({ queue, jobId }, "job stalled; it will run again");
      });
      await WorkerPool.schedule(queue, jobs, options);
      workers.push(worker);
    }
    // A Redis that restarted empty forgot the schedulers; upserting again is harmless otherwise.
    // They are written through the producer connection, so its reconnect is the moment to do it.
    const restore = () => {
      for (const [queue, jobs] of byQueue) {
        WorkerPool.schedule(queue, jobs, options).catch((error: unknown) => options.logger.warn({ err: error, queue }, "job schedulers not restored"));
      }
    };
    options.services.redis.on("ready", restore);
    for (const worker of workers) void worker.run();
    await Promise.all(workers.map((worker) => worker.waitUntilReady()));
    options.logger.info({ queues: [...byQueue.keys()] }, "workers started");
    return new WorkerPool(workers, connections, options.logger, () => options.services.redis.off("ready", restore));
  }

  private static async schedule(queue: string, jobs: Map<string, JobDefinition>, options: WorkerPoolOptions): Promise<void> {
    for (const definition of jobs.values()) {
      if (!definition.schedule) continue;
      const repeat = typeof definition.schedule === "function" ? definition.schedule(options.services.config) : definition.schedule;
      await options.services.queues.get(queue).upsertJobScheduler(definition.name, repeat, { name: definition.name, data: {} });
    }
  }

  private static async process(job: Job, jobs: Map<string, JobDefinition>, options: WorkerPoolOptions): Promise<unknown> {
    const definition = jobs.get(job.name);
    if (!definition) throw new UnrecoverableError(`No handler for job '${job.name}' on queue '${job.queueName}'.`);
    const tenantId = tenantOf(job.data);
    const logger = options.logger.child({ queue: job.queueName, job: job.name, jobId: job.id, tenantId });
    const context = { job, logger, services: options.services };
    const stop = options.metrics.jobDuration.startTimer({ queue: job.queueName, name: job.name });
    try {
      if (tenantId !== undefined && (await WorkerPool.switchedOff(definition, tenantId, options.services))) {
        logger.info("the job's module is switched off for its tenant");
        return definition.whenModuleOff ? await definition.whenModuleOff(job.data, context) : MODULE_OFF;
      }
      return await definition.handle(job.data, context);
    } catch (error) {
      if (isLastAttempt(job, error) && definition.whenFailedForGood) {
        logger.error({ err: error }, "job failed for good");
        await definition.whenFailedForGood(job.data, context).catch((settling: unknown) => logger.error({ err: settling }, "a job that failed for good could not settle"));
      }
      throw error;
    } finally {
      stop();
    }
  }

  /** A module's queues are `<module>.*` (defineModule checks it); core cannot be switched off. */
  private static async switchedOff(definition: JobDefinition, tenantId: string, services: PlatformServices): Promise<boolean> {
    const module = definition.queue.slice(0, definition.queue.indexOf("."));
    return module !== "core" && (await services.moduleSwitches.disabledFor(tenantId)).has(module);
  }

  get queueNames(): string[] {
    return this.workers.map((worker) => worker.name);
  }

  /**
   * Lets active jobs finish within the time limit; past it, closes without waiting, so their
   * locks lapse and another worker picks them up as stalled. Returns false if it had to force.
   */
  async close(timeoutMs: number): Promise<boolean> {
    this.detach();
    let timer: NodeJS.Timeout | undefined;
    const graceful = Promise.all(this.workers.map((worker) => worker.close())).then(() => true);
    const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const clean = await Promise.race([graceful, timedOut]);
    clearTimeout(timer);
    if (!clean) {
      this.logger.warn("workers did not finish in time; releasing their jobs");
      // close(true) would return the graceful close under way, which waits for the jobs: cut the
      // connections instead, so nothing renews the jobs' locks.
      await Promise.all(this.workers.map((worker) => worker.disconnect().catch(() => undefined)));
    }
    await Promise.all(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    return clean;
  }
}

function tenantOf(data: unknown): string | undefined {
  if (typeof data === "object" && data !== null && "tenantId" in data && typeof data.tenantId === "string") {
    return data.tenantId;
  }
  return undefined;
}
