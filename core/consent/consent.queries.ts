import type { TenantScope } from "../db/tenant-scope";
import { ContactPoint, type ContactPointKind } from "../contacts/contact-point.entity";
import { ConsentRecord, ContactDecision, ContactPolicy, MessagePurpose } from "./consent.entities";

/**
 * The reads behind consent and the contact policy, each one statement for any number of contacts,
 * shared by the service (one contact, inside its transaction) and the per-request loaders (many).
 */

/**
 * The latest consent record per contact, channel and purpose: the current state. "Latest" is by
 * `recordedAt` (a backfilled older statement does not override a newer one), then by id.
 */
export function currentConsents(
  scope: TenantScope,
  contactIds: readonly string[],
  narrow: { purpose?: MessagePurpose; channels?: readonly ContactPointKind[] } = {},
): Promise<ConsentRecord[]> {
  const query = scope
    .query(ConsentRecord, "c")
    .andWhere("c.contactId IN (:...contactIds)", { contactIds })
    // NOT EXISTS rather than a window function: the same plan on MySQL 8 and MariaDB, on the
    // (tenant, contact, channel, purpose, recorded_at) index.
    .andWhere(
      "NOT EXISTS (SELECT 1 FROM consent_record n WHERE n.tenant_id = c.tenant_id AND n.contact_id = c.contact_id" +
        " AND n.channel = c.channel AND n.purpose = c.purpose" +
        " AND (n.recorded_at > c.recorded_at OR (n.recorded_at = c.recorded_at AND n.id > c.id)))",
    )
    .orderBy("c.channel")
    .addOrderBy("c.purpose");
  if (narrow.purpose) query.andWhere("c.purpose = :purpose", { purpose: narrow.purpose });
  if (narrow.channels) query.andWhere("c.channel IN (:...channels)", { channels: narrow.channels });
  return query.getMany();
}

/**
 * Contact policies by contact. ContactPolicy is keyed by contact, not a TenantEntity, so the
 * tenant is pinned here. `lock` takes the row for update: concurrent sends to one contact then
 * take turns, and the frequency cap cannot be overrun by a race.
 */
export function contactPolicies(scope: TenantScope, contactIds: readonly string[], lock = false): Promise<ContactPolicy[]> {
  const query = scope.manager
    .createQueryBuilder(ContactPolicy, "p")
    .where("p.tenantId = :tenantId", { tenantId: scope.tenantId })
    .andWhere("p.contactId IN (:...contactIds)", { contactIds });
  if (lock) query.setLock("pessimistic_write");
  return query.getMany();
}

/**
 * Counted, non-transactional decisions of the contacts in (since, until]: what the frequency cap
 * counts. `lock` makes it a locking read, which sees the latest committed rows rather than the
 * transaction's snapshot: a send that waited for the policy lock must count the send that held it.
 */
export function countedDecisions(scope: TenantScope, contactIds: readonly string[], since: Date, until: Date, lock = false): Promise<ContactDecision[]> {
  const query = scope
    .query(ContactDecision, "d")
    .select(["d.id", "d.contactId", "d.decidedAt"])
    .andWhere("d.contactId IN (:...contactIds)", { contactIds })
    .andWhere("d.decidedAt > :since AND d.decidedAt <= :until", { since, until })
    .andWhere("d.counted = :counted", { counted: true })
    .andWhere("d.purpose <> :transactional", { transactional: MessagePurpose.TRANSACTIONAL });
  if (lock) query.setLock("pessimistic_read");
  return query.getMany();
}

/** The kinds of contact points one contact has, among `kinds`. */
export async function contactPointKinds(scope: TenantScope, contactId: string, kinds: readonly ContactPointKind[]): Promise<Set<ContactPointKind>> {
  const rows = await scope
    .query(ContactPoint, "p")
    .select("DISTINCT p.kind", "kind")
    .andWhere("p.contactId = :contactId", { contactId })
    .andWhere("p.kind IN (:...kinds)", { kinds })
    .getRawMany<{ kind: ContactPointKind }>();
  return new Set(rows.map((row) => row.kind));
}

