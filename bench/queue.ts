import "reflect-metadata";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { Queue, Worker } from "bullmq";
import { createConnection } from "mysql2/promise";
import { coreModule } from "../core";
import { loadConfig, type Config } from "../core/config/config";
import { DEFAULT_JOB_OPTIONS } from "../core/jobs/queues";
import { createRedis } from "../core/jobs/redis";
import { Platform } from "../core/platform";
import { loadMigrations } from "../migrations";
import { BENCH_EVENT, BENCH_HANDLER, benchModule } from "./queue-module";

/**
 * Events per second along the event path, against bare BullMQ in the same run, Redis and concurrency:
 *   (a) the outbox path: events already committed to the outbox (as a burst of business
 *       transactions leaves them) are moved by the OutboxRelay and handled by the worker pool:
 *       ledger claim plus one row written per event, in one transaction per handler job (a job
 *       carries up to EVENT_BATCH_SIZE of the backlog's events);
 *   (a+) the same from the business side: writers emit the events in their own transactions
 *       (UnitOfWork.emit), the relay nudged after each commit, while the workers handle them;
 *   (b) one job per event added with addBulk (the relay's own call, in its batch size) to a bare
 *       BullMQ queue and processed by a bare worker doing nothing.
 * The clock runs from the first write (or add, or relay) until the last job is handled. Everything
 * is generated the same way on every run; a scratch database and key prefix are removed at the end.
 */
const { values } = parseArgs({
  options: {
    events: { type: "string", default: "20000" },
    concurrency: { type: "string", default: "10" },
    "per-transaction": { type: "string", default: "1" },
    writers: { type: "string", default: "8" },
    keep: { type: "boolean", default: false },
  },
});
const EVENTS = Number(values.events);
const CONCURRENCY = Number(values.concurrency);
const PER_TX = Number(values["per-transaction"]);
const WRITERS = Number(values.writers);
/** The relay's batch size: the baseline adds jobs in the same chunks. */
const ADD_CHUNK = 500;
const DB_NAME = "crm_bench_queue";
const PREFIX = "crm-bench-queue";
const RESULTS = join(__dirname, "..", "..", "bench", "results", "queue.json");

const say = (text: string) => process.stdout.write(text);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function withServer<T>(config: Config, run: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  const connection = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD });
  try {
    return await run((sql) => connection.query(sql));
  } finally {
    await connection.end();
  }
}

async function deletePrefix(config: Config): Promise<void> {
  const redis = createRedis(config, "worker");
  try {
    const keys = await redis.keys(`${PREFIX}:*`);
    for (let i = 0; i < keys.length; i += 1_000) await redis.del(...keys.slice(i, i + 1_000));
  } finally {
    redis.disconnect();
  }
}

/** (b): add in the relay's chunks while a bare worker takes them; done when all completed. */
async function bareBullmq(config: Config): Promise<number> {
  const producer = createRedis(config, "producer");
  const connection = createRedis(config, "worker");
  const queue = new Queue("bench.bare", { connection: producer, prefix: PREFIX, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  let completed = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const worker = new Worker("bench.bare", async () => undefined, { connection, prefix: PREFIX, concurrency: CONCURRENCY, autorun: false });
  worker.on("completed", () => {
    if (++completed === EVENTS) finish();
  });
  void worker.run();
  await worker.waitUntilReady();
  try {
    const started = process.hrtime.bigint();
    for (let start = 0; start < EVENTS; start += ADD_CHUNK) {
      const count = Math.min(ADD_CHUNK, EVENTS - start);
      await queue.addBulk(Array.from({ length: count }, (_, i) => ({ name: "bare", data: { n: start + i } })));
    }
    await done;
    return seconds(started);
  } finally {
    await worker.close();
    await queue.close();
    connection.disconnect();
    producer.disconnect();
  }
}

async function handledSoFar(platform: Platform): Promise<number> {
  const [row] = await platform.services.dataSource.query<{ n: string }[]>("SELECT COUNT(*) AS n FROM processed_event WHERE handler = ?", [BENCH_HANDLER]);
  return Number(row!.n);
}

/** (a): the outbox filled beforehand in multi-row INSERTs; done when the handler's ledger holds every event. */
async function outboxPath(platform: Platform, tenantId: string): Promise<number> {
  const { dataSource, relay } = platform.services;
  const before = await handledSoFar(platform);
  for (let first = 0; first < EVENTS; first += ADD_CHUNK) {
    const rows = Array.from({ length: Math.min(ADD_CHUNK, EVENTS - first) }, (_, i) => [tenantId, BENCH_EVENT, JSON.stringify({ n: first + i })]);
    await dataSource.query("INSERT INTO outbox_event (tenant_id, type, payload, occurred_at) VALUES " + rows.map(() => "(?, ?, ?, UTC_TIMESTAMP(3))").join(", "), rows.flat());
  }
  const started = process.hrtime.bigint();
  relay.nudge();
  while ((await handledSoFar(platform)) < before + EVENTS) await sleep(20);
  return seconds(started);
}

/** (a+): writers emit in transactions; done when the handler's ledger holds every event. */
async function eventPath(platform: Platform, tenantId: string): Promise<number> {
  const { services } = platform;
  const before = await handledSoFar(platform);
  const handled = async () => (await handledSoFar(platform)) - before;
  const transactions = Math.ceil(EVENTS / PER_TX);
  let nextTransaction = 0;
  const writer = async () => {
    for (let t = nextTransaction++; t < transactions; t = nextTransaction++) {
      await services.transactions.run({ tenantId, actor: null, requestId: null }, async (uow) => {
        for (let n = t * PER_TX; n < Math.min(EVENTS, (t + 1) * PER_TX); n++) await uow.emit(BENCH_EVENT, { n });
      });
    }
  };
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: WRITERS }, writer));
  const written = seconds(started);
  say(` (writes done after ${written.toFixed(1)} s, ${await handled()} handled)`);
  while ((await handled()) < EVENTS) await sleep(20);
  return seconds(started);
}

async function main(): Promise<void> {
  const files = await mkdtemp(join(tmpdir(), "crm-bench-queue-"));
  const config = loadConfig({
    ...process.env,
    DB_NAME,
    REDIS_PREFIX: PREFIX,
    LOG_LEVEL: "warn",
    FILE_STORAGE_DIR: files,
    WORKER_CONCURRENCY: String(CONCURRENCY),
    // Writers, workers, the relay and the ledger poll share the pool.
    DB_POOL_SIZE: String(WRITERS + CONCURRENCY + 4),
  });
  await withServer(config, (query) => query(`DROP DATABASE IF EXISTS ${DB_NAME}`));
  await deletePrefix(config);
  const platform = await Platform.boot({ config, core: coreModule, modules: [benchModule], migrations: loadMigrations() });
  try {
    await platform.migrate();
    // The bench module's table comes from its entity, as a test fixture's does.
    await platform.services.dataSource.synchronize();
    const { dataSource } = platform.services;
    const [version] = await dataSource.query<{ v: string }[]>("SELECT VERSION() AS v");
    const redisVersion = /redis_version:(\S+)/.exec(await platform.services.redis.info("server"))?.[1] ?? "?";
    say(
      `${EVENTS} events, concurrency ${CONCURRENCY}, up to ${config.EVENT_BATCH_SIZE} events per handler job (EVENT_BATCH_SIZE), ` +
        `${PER_TX} event(s) per transaction, ${WRITERS} writers, ${cpus().length} cores, ${version!.v}, Redis ${redisVersion}\n`,
    );
    await dataSource.query("INSERT INTO tenant (slug, name) VALUES ('bench', 'Bench')");
    const [{ id: tenantId }] = await dataSource.query<{ id: string }[]>("SELECT id FROM tenant WHERE slug = 'bench'");

    say("(b) bare BullMQ add + process…");
    const bare = await bareBullmq(config);
    say(` ${bare.toFixed(1)} s\n`);

    await platform.startWorkers();
    say("(a) outbox → relay → BullMQ → handler with ledger…");
    const drained = await outboxPath(platform, String(tenantId));
    say(` ${drained.toFixed(1)} s\n`);
    say("(a+) emit in transactions, then as (a)…");
    const path = await eventPath(platform, String(tenantId));
    say(` ${path.toFixed(1)} s\n`);

    const [effects] = await dataSource.query<{ rows: string; events: string }[]>("SELECT COUNT(*) AS `rows`, COUNT(DISTINCT event_id) AS events FROM bench_effect");
    if (Number(effects!.rows) !== 2 * EVENTS || Number(effects!.events) !== 2 * EVENTS) {
      throw new Error(`Expected one effect per event, found ${effects!.rows} rows for ${effects!.events} events`);
    }

    const rate = (s: number) => Math.round(EVENTS / s);
    const ratio = bare / drained;
    say(
      [
        "",
        "| path | seconds | events/s |",
        "| --- | --- | --- |",
        `| (a) outbox → relay → BullMQ → handler (ledger + 1 row) | ${drained.toFixed(1)} | ${rate(drained)} |`,
        `| (a+) emit in a transaction, then (a) | ${path.toFixed(1)} | ${rate(path)} |`,
        `| (b) bare BullMQ addBulk + no-op worker, a job per event | ${bare.toFixed(1)} | ${rate(bare)} |`,
        "",
        `ratio (a)/(b): ${ratio.toFixed(2)} (target >= 0.5); (a+)/(b): ${(bare / path).toFixed(2)}`,
        "",
      ].join("\n"),
    );
    await mkdir(join(RESULTS, ".."), { recursive: true });
    await writeFile(
      RESULTS,
      JSON.stringify(
        {
          measuredAt: new Date().toISOString(),
          events: EVENTS,
          concurrency: CONCURRENCY,
          eventBatchSize: config.EVENT_BATCH_SIZE,
          eventsPerTransaction: PER_TX,
          writers: WRITERS,
          cores: cpus().length,
          database: version!.v,
          redis: redisVersion,
          outboxPath: { seconds: Number(drained.toFixed(2)), eventsPerSecond: rate(drained) },
          eventPath: { seconds: Number(path.toFixed(2)), eventsPerSecond: rate(path) },
          bareBullmq: { seconds: Number(bare.toFixed(2)), eventsPerSecond: rate(bare) },
          ratio: Number(ratio.toFixed(3)),
        },
        null,
        2,
      ) + "\n",
    );
    say(`written to bench/results/queue.json\n`);
  } finally {
    await platform.stop();
    if (!values.keep) {
      await withServer(config, (query) => query(`DROP DATABASE IF EXISTS ${DB_NAME}`));
      await deletePrefix(config);
    }
    await rm(files, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:queue: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
