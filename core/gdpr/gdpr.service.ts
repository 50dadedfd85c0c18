import { In } from "typeorm";
import { Account } from "../accounts/account.entity";
import { AuditEntry, REDACTED, type AuditChanges } from "../audit";
import { writeAuditEntry } from "../audit/audit-writer";
import { ConsentRecord, ContactDecision, ContactPolicy } from "../consent/consent.entities";
import { AccountContact, Contact } from "../contacts/contact.entity";
import { ContactPoint, ContactPointKind } from "../contacts/contact-point.entity";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import type { FileStore } from "../files/file-store";
import { StoredFile } from "../files/stored-file.entity";
import { toGlobalId } from "../graphql/relay/global-id";
import { Interaction, InteractionParticipant } from "../interactions/interaction.entity";
import type { ModuleRegistry } from "../kernel/registry";
import { RecordTag } from "../tagging/record-tag.entity";
import { GdprRequest, GdprRequestKind } from "./gdpr-request.entity";
import type { GdprSubject } from "./gdpr.hooks";

export const ERASED_NAME = "Erased";
/** What stands in for erased text where a value must remain (an interaction's body, an audit value). */
export const ERASED_TEXT = "[erased]";
export const EXPORT_FORMAT = "crm.gdpr-export.v1";

type Json = Record<string, unknown>;

/** A row as JSON, without the tenant (the reader knows it) and with dates as ISO strings. */
function plain(row: object, omit: readonly string[] = []): Json {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => key !== "tenantId" && !omit.includes(key))
      .map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]),
  );
}

/** The row ids of the contact's audited records: the contact, its contact points and its consent records. */
async function auditedRecords(scope: TenantScope, contactId: string): Promise<{ entityType: string; ids: string[] }[]> {
  const [points, consents] = await Promise.all([
    scope.findBy(ContactPoint, { contactId }),
    scope.findBy(ConsentRecord, { contactId }),
  ]);
  return [
    { entityType: "Contact", ids: [contactId] },
    { entityType: "ContactPoint", ids: points.map((p) => p.id) },
    { entityType: "ConsentRecord", ids: consents.map((c) => c.id) },
  ];
}

async function auditEntriesAbout(scope: TenantScope, records: { entityType: string; ids: string[] }[]): Promise<AuditEntry[]> {
  const wanted = records.filter((r) => r.ids.length > 0);
  const entries = await Promise.all(
    wanted.map((r) => scope.manager.find(AuditEntry, { where: { tenantId: scope.tenantId, entityType: r.entityType, entityId: In(r.ids) }, order: { id: "ASC" } })),
  );
  return entries.flat();
}

/** The person as modules' hooks see them: the contact and the addresses it held. */
function subjectOf(contactId: string, points: readonly ContactPoint[]): GdprSubject {
  const values = (kind: ContactPointKind) => [...new Set(points.filter((point) => point.kind === kind).map((point) => point.value))];
  return { contactId, emails: values(ContactPointKind.EMAIL), phones: values(ContactPointKind.PHONE) };
}

/**
 * Everything core and the modules hold about one person, as one JSON document. An erased
 * contact yields its tombstone only: there is no personal data left to give.
 */
export async function gatherPersonalData(scope: TenantScope, modules: ModuleRegistry, contact: Contact): Promise<Json> {
  const contactId = contact.id;
  const header = { format: EXPORT_FORMAT, exportedAt: new Date().toISOString(), contactId: toGlobalId("Contact", contactId) };
  if (contact.erasedAt) return { ...header, contact: { erasedAt: contact.erasedAt.toISOString() } };

  const tenantId = scope.tenantId;
  const manager = scope.manager;
  const [points, links, tags, participations, consent, policy, decisions, audited] = await Promise.all([
    scope.find(ContactPoint, { where: { contactId }, order: { id: "ASC" } }),
    manager.findBy(AccountContact, { tenantId, contactId }),
    manager.find(RecordTag, { where: { tenantId, recordType: "Contact", recordId: contactId }, order: { tag: "ASC" } }),
    manager.find(InteractionParticipant, { where: { tenantId, contactId }, order: { occurredAt: "ASC" } }),
    scope.find(ConsentRecord, { where: { contactId }, order: { recordedAt: "ASC", id: "ASC" } }),
    manager.findOneBy(ContactPolicy, { tenantId, contactId }),
    scope.find(ContactDecision, { where: { contactId }, order: { decidedAt: "ASC", id: "ASC" } }),
    auditedRecords(scope, contactId),
  ]);
  const [accounts, interactions, auditEntries] = await Promise.all([
    scope.findBy(Account, { id: In(links.map((l) => l.accountId)) }),
    scope.findBy(Interaction, { id: In(participations.map((p) => p.interactionId)) }),
    auditEntriesAbout(scope, audited),
  ]);
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  const interactionById = new Map(interactions.map((i) => [i.id, i]));

  const sections: Json = {};
  const subject = subjectOf(contactId, points);
  // Every module the build knows, switched on or not: its tables hold data whatever the toggles say.
  for (const module of [modules.core, ...modules.available]) {
    const hook = module.hooks?.gdprExport;
    if (hook) sections[module.name] = await hook(scope, subject);
  }
  return {
    ...header,
    contact: plain(contact, ["id"]),
    contactPoints: points.map((p) => ({ id: toGlobalId("ContactPoint", p.id), ...plain(p, ["id", "contactId"]) })),
    accounts: links.map((link) => ({
      accountId: toGlobalId("Account", link.accountId),
      name: accountById.get(link.accountId)?.name ?? null,
      role: link.role,
      isPrimary: link.isPrimary,
    })),
    tags: tags.map((t) => t.tag),
    interactions: participations.flatMap((p) => {
      const interaction = interactionById.get(p.interactionId);
      return interaction ? [{ id: toGlobalId("Interaction", interaction.id), role: p.role, ...plain(interaction, ["id", "userId"]) }] : [];
    }),
    consent: consent.map((c) => ({ id: toGlobalId("ConsentRecord", c.id), ...plain(c, ["id", "contactId"]) })),
    contactPolicy: policy ? plain(policy, ["contactId"]) : null,
    contactDecisions: decisions.map((d) => plain(d, ["id", "contactId"])),
    auditEntries: auditEntries.map((e) => ({ ...plain(e, ["id"]), id: toGlobalId("AuditEntry", e.id) })),
    modules: sections,
  };
}

const REDACT_BATCH = 300;

/** Every value of the chosen fields (all when `fields` is undefined) replaced by `[erased]`. */
function redactChanges(changes: AuditChanges, fields?: readonly string[]): AuditChanges {
  const hide = (value: unknown) => (value === null || value === REDACTED ? value : ERASED_TEXT);
  return Object.fromEntries(
    Object.entries(changes).map(([field, change]) =>
      !fields || fields.includes(field) ? [field, { before: hide(change.before), after: hide(change.after) }] : [field, change],
    ),
  ) as AuditChanges;
}

/** Replaces the values of `fields` (all when undefined) in the audit entries of these records; modules' erasure hooks use it too. */
export async function redactAuditEntries(uow: UnitOfWork, entityType: string, ids: readonly string[], fields?: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const entries = await uow.manager.findBy(AuditEntry, { tenantId: uow.tenantId, entityType, entityId: In([...ids]) });
  // Bulk statements, a few hundred entries each: the audit log must not record its own redaction
  // (with the values in it), and a long-lived record's trail is not worth a statement per entry.
  for (let start = 0; start < entries.length; start += REDACT_BATCH) {
    const batch = entries.slice(start, start + REDACT_BATCH);
    await uow.manager.query(
      `UPDATE audit_entry SET changes = CASE id ${batch.map(() => "WHEN ? THEN ?").join(" ")} END WHERE tenant_id = ? AND id IN (?)`,
      [...batch.flatMap((entry) => [entry.id, JSON.stringify(redactChanges(entry.changes, fields))]), uow.tenantId, batch.map((entry) => entry.id)],
    );
  }
}

/**
 * Anonymises the person everywhere, inside the caller's transaction. The contact row stays as a
 * tombstone (ids elsewhere keep pointing at it) with its names replaced and everything else that
 * identifies them cleared. Consent facts (channel, purpose, status, when, source) stay, as proof
 * of what the person agreed to or refused; their evidence (form text, call references) goes.
 * Interactions the person alone took part in keep their date and channel, not their text.
 * Returns false, changing nothing, when the contact was already erased.
 */
export async function erasePerson(uow: UnitOfWork, modules: ModuleRegistry, files: FileStore, contactId: string): Promise<boolean> {
  const tenantId = uow.tenantId;
  const manager = uow.manager;
  const [locked]: { erased_at: Date | null }[] = await manager.query("SELECT erased_at FROM contact WHERE id = ? AND tenant_id = ? FOR UPDATE", [contactId, tenantId]);
  if (!locked) throw new Error(`Contact ${contactId} of tenant ${tenantId} does not exist.`);
  if (locked.erased_at !== null) return false;

  const records = await auditedRecords(uow.scope, contactId);
  const subject = subjectOf(contactId, await uow.scope.findBy(ContactPoint, { contactId }));
  const erasedAt = new Date();
  // Query-builder writes: the audit subscriber would otherwise copy the erased values into the log.
  await manager
    .createQueryBuilder()
    .update(Contact)
    .set({ firstName: ERASED_NAME, lastName: ERASED_NAME, title: null, timeZone: null, language: null, externalId: null, primaryEmail: null, primaryPhone: null, erasedAt })
    .where("id = :contactId AND tenantId = :tenantId", { contactId, tenantId })
    .execute();
  await manager.createQueryBuilder().delete().from(ContactPoint).where("contactId = :contactId AND tenantId = :tenantId", { contactId, tenantId }).execute();
  await manager.createQueryBuilder().delete().from(RecordTag).where("recordType = 'Contact' AND recordId = :contactId AND tenantId = :tenantId", { contactId, tenantId }).execute();
  await manager.createQueryBuilder().delete().from(AccountContact).where("contactId = :contactId AND tenantId = :tenantId", { contactId, tenantId }).execute();
  await manager.createQueryBuilder().delete().from(ContactPolicy).where("contactId = :contactId AND tenantId = :tenantId", { contactId, tenantId }).execute();
  await manager.createQueryBuilder().update(ConsentRecord).set({ evidence: null }).where("contactId = :contactId AND tenantId = :tenantId", { contactId, tenantId }).execute();

  const solo: { interaction_id: string }[] = await manager.query(
    "SELECT p.interaction_id FROM interaction_participant p WHERE p.tenant_id = ? AND p.contact_id = ? AND NOT EXISTS " +
      "(SELECT 1 FROM interaction_participant o WHERE o.interaction_id = p.interaction_id AND o.contact_id IS NOT NULL AND o.contact_id <> p.contact_id)",
    [tenantId, contactId],
  );
  const soloIds = solo.map((row) => String(row.interaction_id));
  if (soloIds.length > 0) {
    await manager.query(
      "UPDATE interaction SET subject = CASE WHEN subject IS NULL THEN NULL ELSE ? END, body = CASE WHEN body IS NULL THEN NULL ELSE ? END WHERE tenant_id = ? AND id IN (?)",
      [ERASED_TEXT, ERASED_TEXT, tenantId, soloIds],
    );
  }

  // The log keeps that these records changed, and when, but not the values.
  await redactAuditEntries(uow, "Contact", [contactId]);
  for (const { entityType, ids } of records.filter((r) => r.entityType !== "Contact")) {
    await redactAuditEntries(uow, entityType, ids, entityType === "ConsentRecord" ? ["evidence"] : undefined);
  }
  await redactAuditEntries(uow, "Interaction", soloIds, ["subject", "body"]);

  // Earlier exports of this person are personal data too.
  const exports = await uow.scope.findBy(GdprRequest, { contactId, kind: GdprRequestKind.EXPORT });
  const fileIds = exports.flatMap((request) => (request.fileId ? [request.fileId] : []));
  if (fileIds.length > 0) {
    await manager.createQueryBuilder().update(GdprRequest).set({ fileId: null }).where("tenantId = :tenantId AND id IN (:...ids)", { tenantId, ids: exports.map((e) => e.id) }).execute();
    for (const file of await uow.scope.findBy(StoredFile, { id: In(fileIds) })) await files.remove(uow.scope, file, (callback) => uow.afterCommit(callback));
  }

  for (const module of [modules.core, ...modules.available]) await module.hooks?.gdprErase?.(uow, subject);

  await writeAuditEntry(uow, { entityType: "Contact", entityId: contactId, changes: { erasedAt: { before: null, after: erasedAt.toISOString() } } });
  await uow.emit("core.contact.erased.v1", { contactId });
  return true;
}
