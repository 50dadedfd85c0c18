import type { JobDefinition } from "../jobs/job";
import type { ModuleManifest } from "../kernel/module";
import { UnitOfWork } from "../db/unit-of-work";
import type { DomainEvent, EventType } from "./catalog";
import type { EventHandlerDefinition } from "./handler";
import type { Subscription } from "./outbox-relay";

export const eventsQueue = (module: string): string => `${module}.events`;

/** Who hears each event type in this deployment: only the enabled modules' handlers. */
export function subscriptionsOf(modules: readonly ModuleManifest[]): (type: EventType) => readonly Subscription[] {
  const table = new Map<EventType, Subscription[]>();
  for (const module of modules) {
    for (const handler of module.eventHandlers ?? []) {
      const list = table.get(handler.event) ?? [];
      list.push({ queue: eventsQueue(module.name), handler: `${module.name}.${handler.name}` });
      table.set(handler.event, list);
    }
  }
  return (type) => table.get(type) ?? [];
}

/**
 * Turns a module's event handlers into jobs on its events queue. Each run first claims the
 * (handler, event) pair in the ledger inside the handler's own transaction: a redelivery finds
 * the claim and does nothing, and a failed run rolls the claim back with its writes.
 */
export function eventHandlerJobs(module: ModuleManifest): JobDefinition<DomainEvent>[] {
  return (module.eventHandlers ?? []).map((handler: EventHandlerDefinition) => {
    const id = `${module.name}.${handler.name}`;
    return {
      queue: eventsQueue(module.name),
      name: id,
      async handle(event, { logger, services }) {
        const scope = { tenantId: event.tenantId, actor: event.actor, requestId: event.requestId };
        let uow: UnitOfWork | undefined;
        const applied = await services.dataSource.transaction(async (manager) => {
          const claim: { affectedRows: number } = await manager.query(
            "INSERT IGNORE INTO processed_event (handler, event_id, processed_at) VALUES (?, ?, UTC_TIMESTAMP(3))",
            [id, event.id],
          );
          if (claim.affectedRows === 0) return false;
          uow = new UnitOfWork(manager, scope);
          await handler.handle(event, { uow, logger: logger.child({ eventId: event.id, eventType: event.type }), services });
          return true;
        });
        if (uow) await services.transactions.committed(uow);
        return applied ? "applied" : "duplicate";
      },
    };
  });
}
