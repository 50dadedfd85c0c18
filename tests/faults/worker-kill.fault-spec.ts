import { platformEnv, spawnTsChild, type Child } from "../harness/child-process";
import { notesModule } from "../harness/fixtures/notes";
import type { EventBatch } from "../../core/events/outbox-relay";
import { NOTES_EVENTS_QUEUE, deliveryState, eventAndLedgerIds, insertNotesWithEvents } from "../harness/notes-delivery";
import { PrivateServices } from "../harness/private-services";
import { TestApp } from "../harness/test-app";
import { waitFor } from "../harness/wait";

const EVENTS = 3_000;
const TENANTS = ["1", "2", "3"];
/** Short locks, so the dead worker's jobs are handed out again within seconds rather than 30 s. */
const LOCK_MS = 2_000;

describe("a worker process killed with SIGKILL in the middle of jobs", () => {
  let services: PrivateServices;
  let app: TestApp;
  const children: Child[] = [];

  beforeAll(async () => {
    services = await PrivateServices.start();
    // Owns the database and enqueues; works nothing itself.
    app = await TestApp.start({ modules: [notesModule], api: false, env: services.env });
  });
  afterAll(async () => {
    try {
      await Promise.all(children.map((child) => child.kill()));
      await app?.stop();
    } finally {
      await services?.kill();
    }
  });

  async function startWorker(): Promise<Child> {
    const env = platformEnv(app.config, { TEST_CHILD_ROLES: "workers", WORKER_CONCURRENCY: "20", WORKER_LOCK_MS: String(LOCK_MS), LOG_LEVEL: "info" });
    const { child } = await spawnTsChild("app-child.ts", env);
    children.push(child);
    return child;
  }

  it("loses no job and applies none twice once another worker takes over", async () => {
    await insertNotesWithEvents(app, EVENTS, TENANTS);
    // Every event is in a waiting job (a batch of one tenant's events) before any worker exists.
    await app.services.relay.drain();
    const queue = app.services.queues.get(NOTES_EVENTS_QUEUE);
    const waiting = await queue.getJobs(["waiting"]);
    expect(waiting.flatMap((job) => (job.data as EventBatch).events).length).toBe(EVENTS);

    const doomed = await startWorker();
    await waitFor("the first worker to be well into the jobs", async () => (await deliveryState(app)).ledger, { until: (n) => n >= EVENTS / 5, intervalMs: 20 });
    doomed.signal("SIGKILL");
    expect(await doomed.exited).toEqual({ code: null, signal: "SIGKILL" });

    // Killed mid-work: jobs stay active under locks nobody renews, and some remain to do.
    const atKill = await queue.getJobCounts("active", "completed");
    expect(atKill.active).toBeGreaterThan(0);
    expect(atKill.completed).toBeLessThan(waiting.length);

    const successor = await startWorker();
    await waitFor("every job to complete", () => queue.getJobCounts("completed", "failed", "active", "waiting"), {
      until: (counts) => counts.completed === waiting.length,
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    expect(await queue.getJobCounts("failed", "active", "waiting", "delayed")).toEqual({ failed: 0, active: 0, waiting: 0, delayed: 0 });
    // The successor found the dead worker's jobs through their lapsed locks.
    expect(successor.stdout.some((line) => line.includes("job stalled; it will run again"))).toBe(true);

    // Exactly once in effect: one ledger entry per event, and the handler's counter moved once per event.
    const state = await deliveryState(app);
    expect(state).toEqual({
      events: EVENTS,
      undispatched: 0,
      ledger: EVENTS,
      tallied: EVENTS,
      tallyByTenant: Object.fromEntries(TENANTS.map((tenant) => [tenant, EVENTS / TENANTS.length])),
    });
    const ids = await eventAndLedgerIds(app);
    expect(ids.ledger).toEqual(ids.events);
  });
});
