/**
 * A relay process for the crash test, killed with SIGKILL while it works. It boots the platform
 * with the notes fixture against the test's DB_NAME and REDIS_PREFIX, prints `READY`, then
 * relays the outbox in batches of 50, printing `RELAYED <n>` after each and `DONE` when empty.
 *
 * With HANG_AFTER_BATCHES=<k>, batch k+1 adds its jobs to BullMQ and then hangs before marking
 * its rows dispatched, printing `HUNG <first outbox id> <last outbox id>`: the window in which a
 * crash leaves jobs in Redis for events the outbox still holds.
 */
import "reflect-metadata";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { coreModule } from "../../../core";
import { loadConfig } from "../../../core/config/config";
import { subscriptionsOf } from "../../../core/events/event-delivery";
import { OutboxRelay, type EventBatch } from "../../../core/events/outbox-relay";
import { QueueRegistry } from "../../../core/jobs/queues";
import { createRedis } from "../../../core/jobs/redis";
import { Platform } from "../../../core/platform";
import { loadMigrations } from "../../../migrations";
import { notesModule } from "../fixtures/notes";
import { testAuthenticate } from "../test-auth";

const say = (line: string) => process.stdout.write(`${line}\n`);

class HangingQueues extends QueueRegistry {
  private batches = 0;
  private readonly patched = new WeakSet<Queue>();

  constructor(
    connection: Redis,
    prefix: string,
    private readonly hangAfter: number,
  ) {
    super(connection, prefix);
  }

  override get(name: string): Queue {
    const queue = super.get(name);
    if (this.patched.has(queue)) return queue;
    this.patched.add(queue);
    const addBulk = queue.addBulk.bind(queue);
    queue.addBulk = async (jobs) => {
      const added = await addBulk(jobs);
      if (++this.batches > this.hangAfter) {
        const ids = jobs.flatMap((job) => (job.data as EventBatch).events.map((event) => Number(event.id)));
        say(`HUNG ${Math.min(...ids)} ${Math.max(...ids)}`);
        await new Promise<never>(() => undefined);
      }
      return added;
    };
    return queue;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const platform = await Platform.boot({
    config,
    core: coreModule,
    modules: [notesModule],
    migrations: loadMigrations(),
    authenticate: testAuthenticate,
  });
  const { dataSource, modules, logger } = platform.services;
  const producer = createRedis(config, "producer", { lazyConnect: true });
  await producer.connect();
  const hangAfter = process.env.HANG_AFTER_BATCHES ? Number(process.env.HANG_AFTER_BATCHES) : Infinity;
  const queues = new HangingQueues(producer, config.REDIS_PREFIX, hangAfter);
  const relay = new OutboxRelay(dataSource, queues, subscriptionsOf(modules.active, config.EVENT_BATCH_SIZE), logger, 50);
  say("READY");
  for (;;) {
    const moved = await relay.relayBatch();
    if (moved === 0) break;
    say(`RELAYED ${moved}`);
  }
  say("DONE");
  await queues.close();
  producer.disconnect();
  await platform.stop(1_000);
}

main().catch((error: unknown) => {
  process.stderr.write(`relay-child: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
