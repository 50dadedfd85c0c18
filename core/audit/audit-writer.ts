import type { UnitOfWork } from "../db/unit-of-work";
import { AuditAction, AuditEntry, type AuditChanges } from "./audit-entry.entity";

/**
 * An audit entry written by hand, in the unit of work's transaction: for work the subscriber
 * cannot see (bulk statements) or must not see (an erasure, whose before-values are the very
 * data being erased). Who, which operation and which request come from the unit of work.
 */
export async function writeAuditEntry(
  uow: UnitOfWork,
  entry: { entityType: string; entityId: string; action?: AuditAction; changes: AuditChanges },
): Promise<void> {
  await uow.manager
    .createQueryBuilder()
    .insert()
    .into(AuditEntry)
    .values({
      tenantId: uow.tenantId,
      actor: uow.work.actor,
      operation: uow.work.operation ?? null,
      action: entry.action ?? AuditAction.UPDATE,
      entityType: entry.entityType,
      entityId: entry.entityId,
      changes: entry.changes,
      requestId: uow.work.requestId,
    })
    .updateEntity(false)
    .callListeners(false)
    .execute();
}

/**
 * Writes, as one entry on the record's trail, those of `changes` whose before and after differ
 * (compared as JSON), or nothing when none do: for what a record owns in tables the subscriber
 * does not follow, such as a user's roles or a contact's account links.
 */
export async function writeChangedFields(uow: UnitOfWork, entityType: string, entityId: string, changes: AuditChanges): Promise<void> {
  const changed = Object.entries(changes).filter(([, change]) => JSON.stringify(change.before) !== JSON.stringify(change.after));
  if (changed.length > 0) await writeAuditEntry(uow, { entityType, entityId, changes: Object.fromEntries(changed) });
}
