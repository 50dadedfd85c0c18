import type { DataSource } from "typeorm";
import type { QueueRegistry } from "../jobs/queues";
import type { Logger } from "../observability/logger";
import type { DomainEvent, EventType } from "./catalog";

/** Where one event type must be delivered: a handler's queue and job name. */
export interface Subscription {
  queue: string;
  handler: string;
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
 * Moves committed outbox rows into BullMQ, one job per subscribed handler, with job ids derived
 * from the outbox id. Rows are claimed with SKIP LOCKED, so several relays can run; a crash
 * between adding jobs and marking rows only causes a re-add, which BullMQ ignores for a known id
 * and the handlers' ledger ignores after that.
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

  static jobId(eventId: string, handler: string): string {
    return `evt-${eventId}-${handler}`;
  }

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
      const byQueue = new Map<string, { name: string; data: DomainEvent; opts: { jobId: string } }[]>();
      for (const row of rows) {
        const event = toEvent(row);
        for (const { queue, handler } of this.subscriptions(event.type)) {
          const jobs = byQueue.get(queue) ?? [];
          jobs.push({ name: handler, data: event, opts: { jobId: OutboxRelay.jobId(event.id, handler) } });
          byQueue.set(queue, jobs);
        }
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
