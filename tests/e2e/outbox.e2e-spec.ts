import { onEvent } from "../../core/events/handler";
import { eventJobId, type EventBatch } from "../../core/events/outbox-relay";
import { defineModule } from "../../core/kernel/module";
import { notesModule } from "../harness/fixtures/notes";
import { waitForJobState } from "../harness/jobs";
import {
  NOTE_CREATED,
  NOTES_EVENTS_QUEUE,
  TALLY_HANDLER,
  createNote,
  deliveryState,
  eventAndLedgerIds,
  eventOfNote,
  insertNotesWithEvents,
  writerToken,
  type DeliveryState,
} from "../harness/notes-delivery";
import { TestApp } from "../harness/test-app";
import { waitFor } from "../harness/wait";

/**
 * A second subscriber of the note event whose first attempt writes a row and then throws, for
 * notes whose body starts with "flaky-". Attempts are counted here: the workers run in this process.
 */
const fragileAttempts = new Map<string, number>();
const FRAGILE_HANDLER = "flaky.fragile";
const flakyModule = defineModule({
  name: "flaky",
  description: "Test: an event handler that fails once after writing",
  eventHandlers: [
    onEvent(NOTE_CREATED, "fragile", async (event, { uow }) => {
      const [note] = await uow.manager.query<{ body: string }[]>("SELECT body FROM note WHERE id = ?", [event.payload.noteId]);
      if (!note?.body.startsWith("flaky-")) return;
      const attempt = (fragileAttempts.get(event.id) ?? 0) + 1;
      fragileAttempts.set(event.id, attempt);
      await uow.manager.query("INSERT INTO note_job_run (token) VALUES (?)", [`fragile-${event.id}-${attempt}`]);
      if (attempt === 1) throw new Error("fails after its first write");
    }),
  ],
});

/** A subscriber that asks for one event per job, whatever the backlog. */
const ALONE_HANDLER = "single.alone";
const singleModule = defineModule({
  name: "single",
  description: "Test: an event handler that is never batched",
  eventHandlers: [onEvent(NOTE_CREATED, "alone", async () => undefined, { maxBatch: 1 })],
});

/** Outbox rows whose note does not exist, and notes without exactly one event: both must stay empty. */
async function orphans(app: TestApp): Promise<{ eventsWithoutNote: unknown[]; notesWithoutOneEvent: unknown[] }> {
  const [eventsWithoutNote, notesWithoutOneEvent] = await Promise.all([
    app.query(
      "SELECT e.id FROM outbox_event e LEFT JOIN note n ON n.id = JSON_VALUE(e.payload, '$.noteId') WHERE e.type = ? AND n.id IS NULL",
      [NOTE_CREATED],
    ),
    app.query(
      "SELECT n.id, COUNT(e.id) AS events FROM note n LEFT JOIN outbox_event e ON e.type = ? AND JSON_VALUE(e.payload, '$.noteId') = n.id " +
        "GROUP BY n.id HAVING COUNT(e.id) <> 1",
      [NOTE_CREATED],
    ),
  ]);
  return { eventsWithoutNote, notesWithoutOneEvent };
}

describe("outbox: atomic events, exactly-once effects", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [notesModule, flakyModule, singleModule], workers: true });
  });
  afterAll(() => app?.stop());

  it("writes a mutation's event exactly when its change commits", async () => {
    const client = app.client.as(writerToken("1"));
    const outcomes = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? createNote(client, `atomic-fail-${i}`, true) : createNote(client, `atomic-ok-${i}`))),
    );

    const failed = outcomes.filter((_, i) => i % 3 === 0);
    const succeeded = outcomes.filter((_, i) => i % 3 !== 0);
    for (const response of failed) expect(response.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    for (const response of succeeded) expect(response.data?.noteCreate.note).toEqual({ id: expect.any(String), body: expect.stringMatching(/^atomic-ok-/) });

    expect(await app.query("SELECT id FROM note WHERE body LIKE 'atomic-fail-%'")).toEqual([]);
    const committed = await app.query<{ id: string }>("SELECT id FROM note WHERE body LIKE 'atomic-ok-%'");
    expect(committed).toHaveLength(succeeded.length);
    expect(await orphans(app)).toEqual({ eventsWithoutNote: [], notesWithoutOneEvent: [] });

    // The event carries who asked and the request id the client was given.
    const response = succeeded[0]!;
    expect(await eventOfNote(app, response.data!.noteCreate.note!.body)).toMatchObject({
      tenant_id: "1",
      actor: "staff:1",
      request_id: response.headers.get("x-request-id"),
    });
  });

  it("tallies every created note exactly once, per tenant", async () => {
    const tenants = ["1", "2", "3"];
    await Promise.all(Array.from({ length: 30 }, (_, i) => createNote(app.client.as(writerToken(tenants[i % 3]!)), `many-${i}`)));
    await app.settle();

    const state = await deliveryState(app);
    const notesByTenant = await app.query<{ tenant_id: string; n: string }>("SELECT tenant_id, COUNT(*) AS n FROM note GROUP BY tenant_id");
    expect(state.undispatched).toBe(0);
    expect(state.tallyByTenant).toEqual(Object.fromEntries(notesByTenant.map((r) => [String(r.tenant_id), Number(r.n)])));
    expect(state.tallied).toBe(state.events);
    const ids = await eventAndLedgerIds(app);
    expect(ids.ledger).toEqual(ids.events);
  });

  describe("a redelivered event has no second effect", () => {
    let eventId: string;
    let before: DeliveryState;
    const queue = () => app.services.queues.get(NOTES_EVENTS_QUEUE);

    beforeAll(async () => {
      expect((await createNote(app.client.as(writerToken("4")), "redelivered")).data?.noteCreate.note).toBeTruthy();
      eventId = (await eventOfNote(app, "redelivered")).id;
      const first = await waitForJobState(queue(), eventJobId([eventId], TALLY_HANDLER), ["completed"]);
      expect(first.returnvalue).toBe("applied");
      await app.settle();
      before = await deliveryState(app);
      expect(before.tallyByTenant["4"]).toBe(1);
    });

    afterEach(async () => {
      await app.settle();
      expect(await deliveryState(app)).toEqual(before);
    });

    it("when the same handler job is added again under another id", async () => {
      const original = await queue().getJob(eventJobId([eventId], TALLY_HANDLER));
      await queue().add(TALLY_HANDLER, original!.data, { jobId: `redelivery-${eventId}` });
      const again = await waitForJobState(queue(), `redelivery-${eventId}`, ["completed", "failed"]);
      expect(again.returnvalue).toBe("duplicate");
    });

    it("when the finished job is run again", async () => {
      const jobId = eventJobId([eventId], TALLY_HANDLER);
      await (await queue().getJob(jobId))!.retry("completed");
      const again = await waitForJobState(queue(), jobId, ["completed", "failed"]);
      expect(again.returnvalue).toBe("duplicate");
    });

    it("when the relay dispatches the event again, as after a crash before its commit", async () => {
      const jobsBefore = await queue().getJobCounts("completed", "failed");
      await app.query("UPDATE outbox_event SET dispatched_at = NULL WHERE id = ?", [eventId]);
      await app.services.relay.drain();
      expect(await app.query("SELECT id FROM outbox_event WHERE id = ? AND dispatched_at IS NOT NULL", [eventId])).toHaveLength(1);
      // The job id is derived from the event, so BullMQ keeps the one it has.
      expect(await queue().getJobCounts("completed", "failed")).toEqual(jobsBefore);
    });
  });

  it("retries a failing handler, rolling back its partial writes with its ledger claim", async () => {
    const response = await createNote(app.client.as(writerToken("5")), "flaky-1");
    expect(response.data?.noteCreate.note).toBeTruthy();
    const eventId = (await eventOfNote(app, "flaky-1")).id;

    // The first retry waits out a 1 s backoff.
    const job = await waitForJobState(app.services.queues.get("flaky.events"), eventJobId([eventId], FRAGILE_HANDLER), ["completed", "failed"]);
    expect(job.returnvalue).toBe("applied");
    expect(job.attemptsMade).toBe(2);
    expect(fragileAttempts.get(eventId)).toBe(2);
    // Attempt 1's row rolled back with its claim; had the claim survived, attempt 2 would have been a no-op.
    expect(await app.query("SELECT token FROM note_job_run WHERE token LIKE ?", [`fragile-${eventId}-%`])).toEqual([{ token: `fragile-${eventId}-2` }]);
    expect(await app.query("SELECT handler FROM processed_event WHERE event_id = ? ORDER BY handler", [eventId])).toEqual([
      { handler: FRAGILE_HANDLER },
      { handler: TALLY_HANDLER },
      { handler: ALONE_HANDLER },
    ]);
    await waitFor("the tally of tenant 5", async () => (await deliveryState(app)).tallyByTenant["5"] === 1);
  });
  describe("a backlog is worked off in batches of one tenant's events", () => {
    const tallyQueue = () => app.services.queues.get(NOTES_EVENTS_QUEUE);
    const fragileQueue = () => app.services.queues.get("flaky.events");
    const tallyOf = async (tenantId: string) => (await deliveryState(app)).tallyByTenant[tenantId] ?? 0;
    const ledgerOf = (handler: string, eventIds: readonly string[]) =>
      app.query<{ event_id: string }>("SELECT event_id FROM processed_event WHERE handler = ? AND event_id IN (?) ORDER BY event_id", [handler, eventIds]);

    it("carries up to EVENT_BATCH_SIZE events per job, applied together", async () => {
      const ids = await insertNotesWithEvents(app, 120, ["6"], (i) => `backlog-${i}`);
      await app.services.relay.drain();
      const batches = [ids.slice(0, 50), ids.slice(50, 100), ids.slice(100)];
      for (const batch of batches) {
        const job = await waitForJobState(tallyQueue(), eventJobId(batch, TALLY_HANDLER), ["completed", "failed"]);
        expect(job.returnvalue).toBe("applied");
        expect(job.data).toEqual({ tenantId: "6", events: batch.map((id) => expect.objectContaining({ id, tenantId: "6" })) });
      }
      await app.settle();
      expect(await tallyOf("6")).toBe(120);
      expect((await ledgerOf(TALLY_HANDLER, ids)).map((row) => String(row.event_id))).toEqual(ids);
      // A handler that asks for maxBatch 1 gets one job per event from the same backlog.
      const alone = app.services.queues.get("single.events");
      for (const id of ids) expect((await alone.getJob(eventJobId([id], ALONE_HANDLER)))?.returnvalue).toBe("applied");
    });

    it("splits a batch whose transaction fails into one job per event, rolling back every event's writes", async () => {
      // One event of five is flaky for the fragile handler: its first attempt writes, then throws.
      const ids = await insertNotesWithEvents(app, 5, ["7"], (i) => (i === 2 ? `flaky-batch-${i}` : `batch-${i}`));
      const flaky = ids[2]!;
      await app.services.relay.drain();

      const batch = await waitForJobState(fragileQueue(), eventJobId(ids, FRAGILE_HANDLER), ["completed", "failed"]);
      expect(batch.returnvalue).toBe("split");
      for (const id of ids) {
        const single = await waitForJobState(fragileQueue(), eventJobId([id], FRAGILE_HANDLER), ["completed", "failed"]);
        expect(single.returnvalue).toBe("applied");
      }
      // The batch's attempt wrote a row for the flaky event and rolled it back with the other events' claims.
      expect(fragileAttempts.get(flaky)).toBe(2);
      expect(await app.query("SELECT token FROM note_job_run WHERE token LIKE ?", [`fragile-${flaky}-%`])).toEqual([{ token: `fragile-${flaky}-2` }]);
      expect((await ledgerOf(FRAGILE_HANDLER, ids)).map((row) => String(row.event_id))).toEqual(ids);
      // The tally handler's own batch of the same events was not held back.
      expect((await waitForJobState(tallyQueue(), eventJobId(ids, TALLY_HANDLER), ["completed", "failed"])).returnvalue).toBe("applied");
      await app.settle();
      expect(await tallyOf("7")).toBe(5);
    });

    it("splits a batch part of which was handled before: the handled events do nothing, the others apply once", async () => {
      const ids = await insertNotesWithEvents(app, 2, ["8"], (i) => `redelivered-batch-${i}`);
      await app.services.relay.drain();
      const handled = await waitForJobState(tallyQueue(), eventJobId(ids, TALLY_HANDLER), ["completed", "failed"]);
      expect(handled.returnvalue).toBe("applied");
      await app.settle();
      expect(await tallyOf("8")).toBe(2);

      // A redelivery overlapping an event the ledger has not seen (as a relay that re-read its rows
      // after a crash would send), in another composition, so under another job id.
      const [seen] = (handled.data as EventBatch).events;
      const unseen = { ...seen!, id: String(Number(ids[1]) + 1_000_000) };
      const overlapping = eventJobId([seen!.id, unseen.id], TALLY_HANDLER);
      await tallyQueue().add(TALLY_HANDLER, { tenantId: "8", events: [seen, unseen] }, { jobId: overlapping });

      expect((await waitForJobState(tallyQueue(), overlapping, ["completed", "failed"])).returnvalue).toBe("split");
      expect((await waitForJobState(tallyQueue(), eventJobId([seen!.id], TALLY_HANDLER), ["completed", "failed"])).returnvalue).toBe("duplicate");
      expect((await waitForJobState(tallyQueue(), eventJobId([unseen.id], TALLY_HANDLER), ["completed", "failed"])).returnvalue).toBe("applied");
      await app.settle();
      expect(await tallyOf("8")).toBe(3);
      expect((await ledgerOf(TALLY_HANDLER, [...ids, unseen.id])).map((row) => String(row.event_id))).toEqual([...ids, unseen.id]);
    });
  });
});
