import { Queue, type JobsOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { JobDefinition } from "./job";

/** Retries back off exponentially (1 s, 2 s, 4 s, ...); failed jobs stay for inspection. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 1_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** Producer side of every queue, sharing one fail-fast connection. */
export class QueueRegistry {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly connection: Redis,
    readonly prefix: string,
  ) {}

  get(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      // Errors surface on the calls that hit them; without a listener Node would crash on 'error'.
      queue.on("error", () => undefined);
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** True while the producer connection can take commands; the relay skips its turn otherwise. */
  get available(): boolean {
    return this.connection.status === "ready";
  }

  enqueue<P>(definition: JobDefinition<P>, payload: P, options: JobsOptions = {}): Promise<unknown> {
    return this.get(definition.queue).add(definition.name, payload, {
      attempts: definition.attempts ?? DEFAULT_JOB_OPTIONS.attempts,
      ...options,
    });
  }

  ping(): Promise<string> {
    return this.connection.ping();
  }

  names(): string[] {
    return [...this.queues.keys()];
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
  }
}
