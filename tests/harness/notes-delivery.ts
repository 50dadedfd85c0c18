import { OutboxEvent } from "../../core/events/outbox-event.entity";
import { Note } from "./fixtures/notes/note.entity";
import type { GraphQLClient, GraphQLResponse } from "./graphql-client";
import type { TestApp } from "./test-app";
import { tokenFor } from "./test-auth";

/** What the outbox tests observe of the notes fixture's event pipeline. */
export const NOTE_CREATED = "notes.note.created.v1";
export const TALLY_HANDLER = "notes.tally";
export const NOTES_EVENTS_QUEUE = "notes.events";

export const NOTE_CREATE = `mutation Create($input: NoteCreateInput!) {
  noteCreate(input: $input) { note { id body } userErrors { field message code } }
}`;

export interface NoteCreated {
  noteCreate: { note: { id: string; body: string } | null; userErrors: unknown[] };
}

export const writerToken = (tenantId: string): string => tokenFor({ tenantId, permissions: ["notes.write"] });

export function createNote(client: GraphQLClient, body: string, failAfterWrite = false): Promise<GraphQLResponse<NoteCreated>> {
  return client.request<NoteCreated, object>(NOTE_CREATE, { input: failAfterWrite ? { body, failAfterWrite } : { body } });
}

export interface DeliveryState {
  /** Outbox rows of the note-created event. */
  events: number;
  undispatched: number;
  /** Ledger entries of the tally handler. */
  ledger: number;
  /** Sum of every tenant's note_tally.count. */
  tallied: number;
  tallyByTenant: Record<string, number>;
}

export async function deliveryState(app: TestApp): Promise<DeliveryState> {
  const [[outbox], [ledger], tallies] = await Promise.all([
    app.query<{ events: string; undispatched: string | null }>(
      "SELECT COUNT(*) AS events, SUM(dispatched_at IS NULL) AS undispatched FROM outbox_event WHERE type = ?",
      [NOTE_CREATED],
    ),
    app.query<{ n: string }>("SELECT COUNT(*) AS n FROM processed_event WHERE handler = ?", [TALLY_HANDLER]),
    app.query<{ tenant_id: string; count: number }>("SELECT tenant_id, count FROM note_tally"),
  ]);
  const tallyByTenant = Object.fromEntries(tallies.map((t) => [String(t.tenant_id), Number(t.count)]));
  return {
    events: Number(outbox!.events),
    undispatched: Number(outbox!.undispatched ?? 0),
    ledger: Number(ledger!.n),
    tallied: Object.values(tallyByTenant).reduce((sum, n) => sum + n, 0),
    tallyByTenant,
  };
}

/**
 * Writes notes and their events in bulk, the rows UnitOfWork.emit would write, with no after-commit
 * nudge: the events sit in the outbox until some relay moves them. Tenants take turns. Bodies must
 * be new to the database. Returns the events' ids in order.
 */
export async function insertNotesWithEvents(
  app: TestApp,
  count: number,
  tenants: readonly string[],
  body: (i: number) => string = (i) => `bulk ${i}`,
): Promise<string[]> {
  const chunk = 500;
  return app.services.dataSource.transaction(async (manager) => {
    const notes = Array.from({ length: count }, (_, i) => ({ tenantId: tenants[i % tenants.length]!, body: body(i) }));
    for (let start = 0; start < count; start += chunk) await manager.insert(Note, notes.slice(start, start + chunk));
    const rows = await manager.query<{ id: string; tenant_id: string }[]>("SELECT id, tenant_id FROM note WHERE body IN (?) ORDER BY id", [
      notes.map((note) => note.body),
    ]);
    const events = rows.map((row) => ({
      tenantId: String(row.tenant_id),
      type: NOTE_CREATED,
      payload: { noteId: String(row.id) },
      actor: null,
      requestId: null,
      occurredAt: new Date(),
      dispatchedAt: null,
    }));
    for (let start = 0; start < count; start += chunk) await manager.insert(OutboxEvent, events.slice(start, start + chunk));
    const inserted = await manager.query<{ id: string }[]>(
      "SELECT id FROM outbox_event WHERE type = ? AND JSON_VALUE(payload, '$.noteId') IN (?) ORDER BY id",
      [NOTE_CREATED, rows.map((row) => String(row.id))],
    );
    return inserted.map((row) => String(row.id));
  });
}

export interface OutboxRow {
  id: string;
  tenant_id: string;
  actor: string | null;
  request_id: string | null;
}

/** The outbox row announcing the note with this body; fails if there is not exactly one. */
export async function eventOfNote(app: TestApp, body: string): Promise<OutboxRow> {
  const rows = await app.query<OutboxRow>(
    "SELECT e.id, e.tenant_id, e.actor, e.request_id FROM outbox_event e JOIN note n ON n.id = JSON_VALUE(e.payload, '$.noteId') " +
      "WHERE e.type = ? AND n.body = ?",
    [NOTE_CREATED, body],
  );
  if (rows.length !== 1) throw new Error(`Expected one event for the note '${body}', found ${rows.length}`);
  return { ...rows[0]!, id: String(rows[0]!.id), tenant_id: String(rows[0]!.tenant_id) };
}

/** Every note-created event's id, and every event id in the tally handler's ledger. */
export async function eventAndLedgerIds(app: TestApp): Promise<{ events: string[]; ledger: string[] }> {
  const [events, ledger] = await Promise.all([
    app.query<{ id: string }>("SELECT id FROM outbox_event WHERE type = ? ORDER BY id", [NOTE_CREATED]),
    app.query<{ event_id: string }>("SELECT event_id FROM processed_event WHERE handler = ? ORDER BY event_id", [TALLY_HANDLER]),
  ]);
  return { events: events.map((r) => String(r.id)), ledger: ledger.map((r) => String(r.event_id)) };
}
