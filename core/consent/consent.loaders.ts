import { groupBy, scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import type { ConsentRecord, ContactPolicy } from "./consent.entities";
import { contactPolicies, countedDecisions, currentConsents } from "./consent.queries";
import { frequencyCapOf } from "./contact-policy.rules";

const HOUR_MS = 3_600_000;

/** A contact's current consent (the latest record per channel and purpose), batched per request. */
export function currentConsentsOf(context: RequestContext, contactId: string): Promise<ConsentRecord[]> {
  return scopedLoader(context, "core.consentsByContact", async (scope, contactIds) =>
    groupBy(contactIds, await currentConsents(scope, contactIds), (record) => record.contactId),
  ).load(contactId);
}

/** A contact's policy, or null when it has none; batched per request. */
export function contactPolicyOf(context: RequestContext, contactId: string): Promise<ContactPolicy | null> {
  return scopedLoader(context, "core.contactPolicyByContact", async (scope, contactIds) => {
    const policies = new Map((await contactPolicies(scope, contactIds)).map((policy) => [policy.contactId, policy]));
    return contactIds.map((id) => policies.get(id) ?? null);
  }).load(contactId);
}

/**
 * When a contact's counted messages were sent within its frequency cap's window ending at `now`
 * (nothing without a cap): the `sentAt` of a preview. Batched per request, reaching back as far
 * as the longest window among the contacts asked about.
 */
export function sentWithinCapOf(context: RequestContext, contactId: string, now: Date): Promise<Date[]> {
  return scopedLoader(context, `core.sentWithinCap:${now.getTime()}`, async (scope, contactIds) => {
    const policies = await Promise.all(contactIds.map((id) => contactPolicyOf(context, id)));
    const windows = new Map(contactIds.flatMap((id, index) => {
      const cap = frequencyCapOf(policies[index] ?? null);
      return cap ? [[id, cap.hours * HOUR_MS] as const] : [];
    }));
    if (windows.size === 0) return contactIds.map(() => []);
    const since = new Date(now.getTime() - Math.max(...windows.values()));
    const sent = groupBy(contactIds, await countedDecisions(scope, [...windows.keys()], since, now), (decision) => decision.contactId);
    return sent.map((decisions, index) => {
      const window = windows.get(contactIds[index]!) ?? 0;
      return decisions.map((decision) => decision.decidedAt).filter((at) => at.getTime() > now.getTime() - window);
    });
  }).load(contactId);
}
