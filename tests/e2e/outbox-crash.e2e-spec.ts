import { OutboxRelay } from "../../core/events/outbox-relay";
import { notesModule } from "../harness/fixtures/notes";
import { platformEnv, spawnTsChild, type Child } from "../harness/child-process";
import { NOTES_EVENTS_QUEUE, TALLY_HANDLER, deliveryState, eventAndLedgerIds, insertNotesWithEvents } from "../harness/notes-delivery";
import { TestApp } from "../harness/test-app";

const EVENTS = 2_000;
const TENANTS = ["1", "2", "3", "4"];
const BATCH = 50;

describe("outbox: no event lost when a relay process is killed", () => {
  let app: TestApp;
  const children: Child[] = [];

  beforeAll(async () => {
    // No workers yet: the events must wait in the outbox for the relays under test.
    app = await TestApp.start({ modules: [notesModule], api: false, env: { WORKER_CONCURRENCY: "20" } });
    await insertNotesWithEvents(app, EVENTS, TENANTS);
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await app?.stop();
  });

  const dispatched = async () => {
    const { events, undispatched } = await deliveryState(app);
    return events - undispatched;
  };

  async function relayUntilKilled(env: Record<string, string>, killOn: RegExp): Promise<RegExpExecArray> {
    const { child } = await spawnTsChild("relay-child.ts", platformEnv(app.config, env));
    children.push(child);
    const line = await child.waitForLine(killOn);
    child.signal("SIGKILL");
    expect(await child.exited).toEqual({ code: null, signal: "SIGKILL" });
    return line;
  }

  it("delivers every event exactly once after relays die mid-batch", async () => {
    // A relay killed at whatever point it has reached after its first batch.
    await relayUntilKilled({}, /^RELAYED \d+$/);
    const afterFirstCrash = await dispatched();
    expect(afterFirstCrash).toBeGreaterThanOrEqual(BATCH);
    expect(afterFirstCrash).toBeLessThan(EVENTS);

    // A relay killed after adding a batch's jobs but before marking its rows: the worst moment.
    const [, first, last] = await relayUntilKilled({ HANG_AFTER_BATCHES: "2" }, /^HUNG (\d+) (\d+)$/);
    expect(await dispatched()).toBe(afterFirstCrash + 2 * BATCH);
    const queue = app.services.queues.get(NOTES_EVENTS_QUEUE);
    const orphaned = await app.query<{ id: string }>("SELECT id FROM outbox_event WHERE id BETWEEN ? AND ? AND dispatched_at IS NULL", [first, last]);
    expect(orphaned).toHaveLength(BATCH);
    for (const { id } of orphaned) expect(await queue.getJob(OutboxRelay.jobId(String(id), TALLY_HANDLER))).toBeDefined();

    // This process relays what is left (re-adding the orphaned batch) and works every job.
    await app.platform.startWorkers();
    await app.settle(40_000);

    const state = await deliveryState(app);
    expect(state).toEqual({
      events: EVENTS,
      undispatched: 0,
      ledger: EVENTS,
      tallied: EVENTS,
      tallyByTenant: Object.fromEntries(TENANTS.map((t) => [t, EVENTS / TENANTS.length])),
    });
    const ids = await eventAndLedgerIds(app);
    expect(ids.ledger).toEqual(ids.events);
    // One job per event: the re-added batch reused its job ids.
    expect(await queue.getJobCounts("completed", "failed")).toEqual({ completed: EVENTS, failed: 0 });
  });
});
