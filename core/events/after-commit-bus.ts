import type { Logger } from "../observability/logger";
import type { DomainEvent, EventType } from "./catalog";

type Listener<T extends EventType> = (event: DomainEvent<T>) => void | Promise<void>;

/**
 * In-process reactions that run once a transaction has committed, such as publishing to a
 * subscription. They are cheap and best-effort: durable work belongs in an event handler.
 */
export class AfterCommitBus {
  private readonly listeners = new Map<EventType, Set<Listener<EventType>>>();

  constructor(private readonly logger: Logger) {}

  on<T extends EventType>(type: T, listener: Listener<T>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    set.add(listener as Listener<EventType>);
    return () => set.delete(listener as Listener<EventType>);
  }

  async publish(events: readonly DomainEvent[]): Promise<void> {
    for (const event of events) {
      for (const listener of this.listeners.get(event.type) ?? []) {
        try {
          await listener(event);
        } catch (error) {
          this.logger.error({ err: error, eventId: event.id, eventType: event.type }, "after-commit listener failed");
        }
      }
    }
  }
}
