import { createHash } from "node:crypto";
import type { DataSource } from "typeorm";
import type { QueueRegistry } from "../jobs/queues";
import type { Logger } from "../observability/logger";
import type { DomainEvent, EventType } from "./catalog";

/** Where one event type must be delivered: a handler's queue and job name, and how many events one job may carry. */
export interface Subscription {
  queue: string;
  handler: string;
  maxBatch: number;
}

/** A handler job's payload: one tenant's events for one handler, in outbox order. */
export interface EventBatch {
  tenantId: string;
  events: DomainEvent[];
}

/**
 * The job id of a handler's batch, derived from exactly its events: a relay that re-adds the same
 * batch after a crash is ignored by BullMQ, and a batch that differs by one event is not. A single
 * event keeps a readable id.
 */
export function eventJobId(eventIds: readonly string[], handler: string): string {
  if (eventIds.length === 1) return `evt-${eventIds[0]}-${handler}`;
  const digest = createHash("sha256").update(eventIds.join(",")).digest("base64url").slice(0, 16);
  return `evt-${eventIds[0]}-${eventIds[eventIds.length - 1]}-${digest}-${handler}`;
}

interface OutboxRow {
  id: string;
  tenant_id: string;
  type: string;
  payload: string;
  actor: string | null;
  request_id: string | null;
  occurred_at: Date;
}

/**
 * Moves committed outbox rows into BullMQ: per subscribed handler, one job per event, or per run of
 * up to `maxBatch` events of one tenant when a backlog has built up, with job ids derived from the
 * outbox ids. (A batch is one transaction: kept to one tenant, batches working off a backlog do not
 * lock different tenants' rows in different orders, and one tenant's failing event splits only
 * its own batch.)
 * Rows are claimed with SKIP LOCKED, so several relays can run; a crash between adding jobs and
 * marking rows only causes a re-add, which BullMQ ignores for a known id and the handlers' ledger
 * ignores after that.
 */
export class OutboxRelay {
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    private readonly subscriptions: (type: EventType) => readonly Subscription[],
    private readonly logger: Logger,
    private readonly batchSize = 500,
  ) {}

  /** Relays one batch; returns how many events it moved. */
  async relayBatch(): Promise<number> {
    if (!this.queues.available) return 0;
    // READ COMMITTED: under REPEATABLE READ the locking read also locks the gap after the last
    // undispatched row, where every new event is inserted, and a writer emitting several events
    // in one transaction then deadlocks with the relay (its mutation fails). The claimed rows
    // are still locked one by one, which is all SKIP LOCKED needs.
    return this.dataSource.transaction("READ COMMITTED", async (manager) => {
      const rows: OutboxRow[] = await manager.query(
        "SELECT id, tenant_id, type, payload, actor, request_id, occurred_at FROM outbox_event " +
          "WHERE dispatched_at IS NULL ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED",
        [this.batchSize],
      );
      if (rows.length === 0) return 0;
      const pending = new Map<string, { subscription: Subscription; tenantId: string; events: DomainEvent[] }>();
      for (const row of rows) {
        const event = toEvent(row);
        for (const subscription of this.subscriptions(event.type)) {
          const key = `${subscription.handler} ${event.tenantId}`;
          const group = pending.get(key) ?? { subscription, tenantId: event.tenantId, events: [] };
          group.events.push(event);
          pending.set(key, group);
        }
      }
      const byQueue = new Map<string, { name: string; data: EventBatch; opts: { jobId: string } }[]>();
      for (const { subscription, tenantId, events } of pending.values()) {
        const jobs = byQueue.get(subscription.queue) ?? [];
        for (let start = 0; start < events.length; start += subscription.maxBatch) {
          const batch = events.slice(start, start + subscription.maxBatch);
          const jobId = eventJobId(batch.map((event) => event.id), subscription.handler);
          jobs.push({ name: subscription.handler, data: { tenantId, events: batch }, opts: { jobId } });
        }
        byQueue.set(subscription.queue, jobs);
      }
      await Promise.all([...byQueue].map(([queue, jobs]) => this.queues.get(queue).addBulk(jobs)));
      await manager.query("UPDATE outbox_event SET dispatched_at = UTC_TIMESTAMP(3) WHERE id IN (?)", [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Relays until the outbox is empty. Concurrent calls share one run, plus one more if asked during it. */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          let moved: number;
          do {
            moved = await this.relayBatch();
            total += moved;
          } while (moved === this.batchSize);
        } while (this.again);
        return total;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** After a commit: relay soon, never fail the caller. The scheduled sweep retries what this misses. */
  nudge(): void {
    this.drain().catch((error: unknown) => this.logger.warn({ err: error }, "outbox relay deferred to the next sweep"));
  }
}

function toEvent(row: OutboxRow): DomainEvent {
  return {
    id: String(row.id),
    type: row.type as EventType,
    tenantId: String(row.tenant_id),
    occurredAt: new Date(row.occurred_at).toISOString(),
    actor: row.actor,
    requestId: row.request_id,
    payload: JSON.parse(row.payload) as DomainEvent["payload"],
  };
}
