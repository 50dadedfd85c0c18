import { eventJobId, type EventBatch } from "../../core/events/outbox-relay";
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
    const orphaned = await app.query<{ id: string; tenant_id: string }>(
      "SELECT id, tenant_id FROM outbox_event WHERE id BETWEEN ? AND ? AND dispatched_at IS NULL ORDER BY id",
      [first, last],
    );
    expect(orphaned).toHaveLength(BATCH);
    // The relay's batch became one handler job per tenant (EVENT_BATCH_SIZE is 50), each named after exactly its events.
    for (const tenant of TENANTS) {
      const ids = orphaned.filter((row) => String(row.tenant_id) === tenant).map((row) => String(row.id));
      const job = await queue.getJob(eventJobId(ids, TALLY_HANDLER));
      expect(job?.data as EventBatch | undefined).toEqual({ tenantId: tenant, events: ids.map((id) => expect.objectContaining({ id, tenantId: tenant })) });
    }

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
    // Every event went through a job that completed. The orphaned jobs' events were relayed again
    // in larger batches, so some were carried twice: the ledger (above) kept the effects single.
    expect(await queue.getJobCounts("failed")).toEqual({ failed: 0 });
    const completed = await queue.getJobs(["completed"]);
    const carried = new Set(completed.flatMap((job) => (job.data as EventBatch).events.map((event) => event.id)));
    expect([...carried].sort((a, b) => Number(a) - Number(b))).toEqual(ids.events);
  });
});
