/**
 * The typed event catalog. Core and each module add their events by declaration merging:
 *
 *   declare module "../../core/events/catalog" {
 *     interface EventCatalog { "sfa.opportunity.won.v1": { opportunityId: string } }
 *   }
 *
 * Names follow `<module>.<noun>.<pastVerb>.v<version>`; a breaking payload change is a new version.
 */
export interface EventCatalog {
  "core.tenant.created.v1": { slug: string; adminUserId: string };
  "core.tenant.moduleSwitched.v1": { module: string; enabled: boolean };
}

export type EventType = keyof EventCatalog & string;

export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9]*\.[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*\.v[1-9]\d*$/;

/** An event as handlers receive it: plain data, safe to put in a job payload. */
export interface DomainEvent<T extends EventType = EventType> {
  /** The outbox row id: unique, increasing, and the basis of every job id derived from it. */
  id: string;
  type: T;
  tenantId: string;
  occurredAt: string;
  /** The principal that caused it, as `<kind>:<id>`, or null for system work. */
  actor: string | null;
  requestId: string | null;
  payload: EventCatalog[T];
}
