import { defineJob } from "../jobs/job";

const DAY_MS = 24 * 3600 * 1000;
/** Dispatched events stay a week for inspection; ledger entries outlive any possible redelivery. */
const KEEP_DISPATCHED_MS = 7 * DAY_MS;
const KEEP_LEDGER_MS = 30 * DAY_MS;
const PRUNE_BATCH = 5_000;

/** The safety net behind the after-commit nudge: picks up what a crash or a Redis outage left. */
export const outboxSweepJob = defineJob<Record<string, never>>({
  queue: "core.outbox",
  name: "sweep",
  concurrency: 1,
  attempts: 1,
  schedule: (config) => ({ every: config.OUTBOX_SWEEP_MS }),
  handle: (_payload, { services }) => services.relay.drain(),
});

export const outboxPruneJob = defineJob<Record<string, never>>({
  queue: "core.outbox",
  name: "prune",
  schedule: { pattern: "17 3 * * *" },
  async handle(_payload, { services }) {
    const before = (ms: number) => new Date(Date.now() - ms);
    let removed = 0;
    for (const [sql, cutoff] of [
      ["DELETE FROM outbox_event WHERE dispatched_at < ? LIMIT ?", before(KEEP_DISPATCHED_MS)],
      ["DELETE FROM processed_event WHERE processed_at < ? LIMIT ?", before(KEEP_LEDGER_MS)],
    ] as const) {
      let batch: number;
      do {
        const result: { affectedRows: number } = await services.dataSource.query(sql, [cutoff, PRUNE_BATCH]);
        batch = result.affectedRows;
        removed += batch;
      } while (batch === PRUNE_BATCH);
    }
    return removed;
  },
});
