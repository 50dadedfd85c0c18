import { onEvent } from "../../core/events/handler";
import { OutboxRelay } from "../../core/events/outbox-relay";
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
    app = await TestApp.start({ modules: [notesModule, flakyModule], workers: true });
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
      const first = await waitForJobState(queue(), OutboxRelay.jobId(eventId, TALLY_HANDLER), ["completed"]);
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
      const original = await queue().getJob(OutboxRelay.jobId(eventId, TALLY_HANDLER));
      await queue().add(TALLY_HANDLER, original!.data, { jobId: `redelivery-${eventId}` });
      const again = await waitForJobState(queue(), `redelivery-${eventId}`, ["completed", "failed"]);
      expect(again.returnvalue).toBe("duplicate");
    });

    it("when the finished job is run again", async () => {
      const jobId = OutboxRelay.jobId(eventId, TALLY_HANDLER);
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
    const job = await waitForJobState(app.services.queues.get("flaky.events"), OutboxRelay.jobId(eventId, FRAGILE_HANDLER), ["completed", "failed"]);
    expect(job.returnvalue).toBe("applied");
    expect(job.attemptsMade).toBe(2);
    expect(fragileAttempts.get(eventId)).toBe(2);
    // Attempt 1's row rolled back with its claim; had the claim survived, attempt 2 would have been a no-op.
    expect(await app.query("SELECT token FROM note_job_run WHERE token LIKE ?", [`fragile-${eventId}-%`])).toEqual([{ token: `fragile-${eventId}-2` }]);
    expect(await app.query("SELECT handler FROM processed_event WHERE event_id = ? ORDER BY handler", [eventId])).toEqual([
      { handler: FRAGILE_HANDLER },
      { handler: TALLY_HANDLER },
    ]);
    await waitFor("the tally of tenant 5", async () => (await deliveryState(app)).tallyByTenant["5"] === 1);
  });
});
