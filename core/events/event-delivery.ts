import type { EntityManager } from "typeorm";
import { MODULE_OFF, type JobContext, type JobDefinition } from "../jobs/job";
import type { ModuleManifest } from "../kernel/module";
import { UnitOfWork } from "../db/unit-of-work";
import type { DomainEvent, EventType } from "./catalog";
import type { EventHandlerDefinition } from "./handler";
import { eventJobId, type EventBatch, type Subscription } from "./outbox-relay";

export const eventsQueue = (module: string): string => `${module}.events`;

/**
 * Who hears each event type in this deployment: only the enabled modules' handlers. A handler's
 * job carries at most `maxBatch` events (EVENT_BATCH_SIZE), or fewer if the handler asks.
 */
export function subscriptionsOf(modules: readonly ModuleManifest[], maxBatch: number): (type: EventType) => readonly Subscription[] {
  const table = new Map<EventType, Subscription[]>();
  for (const module of modules) {
    for (const handler of module.eventHandlers ?? []) {
      const list = table.get(handler.event) ?? [];
      list.push({ queue: eventsQueue(module.name), handler: `${module.name}.${handler.name}`, maxBatch: Math.min(maxBatch, handler.maxBatch ?? maxBatch) });
      table.set(handler.event, list);
    }
  }
  return (type) => table.get(type) ?? [];
}

/** Thrown inside a batch's transaction to roll it back when part of the batch was handled before. */
class AlreadyClaimed extends Error {}

/**
 * Turns a module's event handlers into jobs on its events queue. A run first claims each
 * (handler, event) pair in the ledger inside the handler's own transaction: a redelivery finds the
 * claim and does nothing, and a failed run rolls the claim back with its writes.
 *
 * A job with several events (a backlog the relay found) runs them in one transaction with one
 * claim statement, which is what makes a backlog cheap to work off. If that transaction fails, or
 * finds some events already claimed, nothing of it stays and the batch is split into one job per
 * event: those retry alone, so one failing event neither holds back nor repeats the others.
 *
 * For a tenant that switched the module off, its handlers do not hear other producers' events
 * (they are dropped, not kept for later), while the follow-ups of its own events still run: they
 * finish work the module accepted while it was on, and the jobs they lead to settle it.
 */
export function eventHandlerJobs(module: ModuleManifest): JobDefinition<EventBatch>[] {
  return (module.eventHandlers ?? []).map((handler: EventHandlerDefinition) => {
    const id = `${module.name}.${handler.name}`;
    const queue = eventsQueue(module.name);

    async function run(events: readonly DomainEvent[], { logger, services }: JobContext): Promise<boolean> {
      const uows: UnitOfWork[] = [];
      const applied = await services.dataSource.transaction(async (manager: EntityManager) => {
        const claim: { affectedRows: number } = await manager.query(
          `INSERT IGNORE INTO processed_event (handler, event_id, processed_at) VALUES ${events.map(() => "(?, ?, UTC_TIMESTAMP(3))").join(", ")}`,
          events.flatMap((event) => [id, event.id]),
        );
        if (claim.affectedRows === 0) return false;
        if (claim.affectedRows < events.length) throw new AlreadyClaimed();
        for (const event of events) {
          const uow = new UnitOfWork(manager, { tenantId: event.tenantId, actor: event.actor, requestId: event.requestId });
          uows.push(uow);
          const eventLogger = logger.child({ eventId: event.id, eventType: event.type });
          await handler.handle(event, { uow, logger: eventLogger, services });
        }
        return true;
      });
      for (const uow of uows) await services.transactions.committed(uow);
      return applied;
    }

    const ownEvent = handler.event.startsWith(`${module.name}.`);
    const definition: JobDefinition<EventBatch> = {
      queue,
      name: id,
      whenModuleOff: (batch, context) => (ownEvent ? definition.handle(batch, context) : Promise.resolve(MODULE_OFF)),
      async handle({ events }, context) {
        try {
          return (await run(events, context)) ? "applied" : "duplicate";
        } catch (error) {
          // A lone event's failure is its job's: BullMQ retries it with backoff.
          if (events.length === 1) throw error;
          const reason = error instanceof AlreadyClaimed ? { partlyHandled: true } : { err: error };
          context.logger.warn({ ...reason, events: events.length }, "event batch split into one job per event");
        }
        await context.services.queues.get(queue).addBulk(
          events.map((event) => ({ name: id, data: { tenantId: event.tenantId, events: [event] }, opts: { jobId: eventJobId([event.id], id) } })),
        );
        return "split";
      },
    };
    return definition;
  });
}
