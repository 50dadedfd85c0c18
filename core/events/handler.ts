import type { UnitOfWork } from "../db/unit-of-work";
import type { PlatformServices } from "../kernel/services";
import type { Logger } from "../observability/logger";
import type { DomainEvent, EventType } from "./catalog";

export interface HandlerContext {
  /** The handler's transaction; the ledger entry commits with the handler's own writes. */
  uow: UnitOfWork;
  logger: Logger;
  services: PlatformServices;
}

/** A durable reaction to an event, run by a worker on `<module>.events`, at most once in effect. */
export interface EventHandlerDefinition<T extends EventType = EventType> {
  /** Unique within the module; the ledger keys on `<module>.<name>`. */
  name: string;
  event: T;
  handle(event: DomainEvent<T>, context: HandlerContext): Promise<void>;
  /**
   * Most events one job of this handler carries from a backlog, below EVENT_BATCH_SIZE; they
   * share a transaction. 1 for a handler whose work should not wait on, or be repeated for,
   * another event's (a slow call to another system, a lock held by every run).
   */
  maxBatch?: number;
}

export function onEvent<T extends EventType>(
  event: T,
  name: string,
  handle: (event: DomainEvent<T>, context: HandlerContext) => Promise<void>,
  options: { maxBatch?: number } = {},
): EventHandlerDefinition<T> {
  return { name, event, handle, ...options };
}
