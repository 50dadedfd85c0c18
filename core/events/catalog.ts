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
  /** A CSV import finished reading its file (bad rows are counted in `failedRows`, not a failure). */
  "core.import.completed.v1": { importId: string; kind: "ACCOUNTS" | "CONTACTS"; processedRows: number; createdRows: number; updatedRows: number; failedRows: number };
  /** A person's data was erased (GDPR); the contact row stays as a tombstone. */
  "core.contact.erased.v1": { contactId: string };
  "core.account.created.v1": { accountId: string };
  "core.account.updated.v1": { accountId: string };
  /** The merged account's rows now belong to the survivor; the merged one is hidden. Row ids. */
  "core.account.merged.v1": { survivorId: string; mergedId: string };
  "core.contact.created.v1": { contactId: string };
  "core.contact.updated.v1": { contactId: string };
  /** The merged contact's rows now belong to the survivor; the merged one is hidden. Row ids. */
  "core.contact.merged.v1": { survivorId: string; mergedId: string };
  /** Ids are row ids; `source` names the module record the interaction belongs to (its id is a global id). */
  "core.interaction.recorded.v1": {
    interactionId: string;
    channel: string;
    direction: string;
    occurredAt: string;
    contactIds: string[];
    accountIds: string[];
    source: { module: string; type: string; id: string } | null;
  };
  "core.consent.recorded.v1": { consentRecordId: string; contactId: string; channel: string; purpose: string; status: string; recordedAt: string };
  /** The contact's quiet hours or frequency cap changed (or were cleared). */
  "core.contactPolicy.changed.v1": { contactId: string };
  /**
   * The contract between marketing automation (ma, the producer) and sales (sfa, the consumer):
   * marketing judged a lead ready for sales. Declared here because modules may not import each
   * other. `leadId` is marketing's id of the lead; sales keeps it as its lead's `externalRef`, so
   * the same lead delivered twice is captured once. `email` or `phone` is set; `country` is
   * ISO 3166-1 alpha-2; `score` is 0-100.
   */
  "ma.lead.qualified.v1": {
    leadId: string;
    firstName: string | null;
    lastName: string;
    email: string | null;
    phone: string | null;
    company: string | null;
    title: string | null;
    website: string | null;
    region: string | null;
    country: string | null;
    score: number | null;
  };
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
