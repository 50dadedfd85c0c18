import { In, IsNull, Not } from "typeorm";
import { accountsByIds } from "../../../core/accounts/account.loader";
import { contactsByIds } from "../../../core/contacts/contact.loader";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { rowIdsOf } from "../../../core/graphql/relay/global-id";
import { participantKey } from "../../../core/interactions/timeline.service";
import { ActivityParticipant } from "../entities/activity.entity";

export const MAX_PARTICIPANTS = 50;

/** An activity's contacts and accounts, as row ids. */
export interface Participants {
  contactIds: string[];
  accountIds: string[];
}

/**
 * Global ids of contacts (or accounts) as row ids, each checked to be a live record the scope
 * sees: malformed ids are INVALID, unknown, merged-away or other tenants' ones NOT_FOUND, erased
 * contacts INVALID.
 */
export async function checkParticipants(scope: TenantScope, globalIds: readonly string[], kind: "contact" | "account"): Promise<{ rowIds: string[]; errors: UserError[] }> {
  const field = ["input", kind === "contact" ? "contactIds" : "accountIds"];
  const ids = [...new Set(globalIds)];
  if (ids.length > MAX_PARTICIPANTS) return { rowIds: [], errors: [userError(field, UserErrorCode.INVALID, `At most ${MAX_PARTICIPANTS} ${kind}s.`)] };
  const decoded = rowIdsOf(ids, kind === "contact" ? "Contact" : "Account", field);
  if (decoded.errors.length > 0 || ids.length === 0) return decoded;
  const found = kind === "contact" ? await contactsByIds(scope, decoded.rowIds) : await accountsByIds(scope, decoded.rowIds);
  const errors = found.flatMap((record, index) => {
    const path = [...field, String(index)];
    if (!record) return [userError(path, UserErrorCode.NOT_FOUND, `No such ${kind}.`)];
    // As on the timeline: new plans with an erased person would undo the erasure.
    return "erasedAt" in record && record.erasedAt ? [userError(path, UserErrorCode.INVALID, "The contact's data was erased.")] : [];
  });
  return { rowIds: decoded.rowIds, errors };
}

/** Writes the participant rows of new activities, all in one statement. */
export async function addParticipants(uow: UnitOfWork, activityIds: readonly string[], participants: Participants): Promise<void> {
  const rows = activityIds.flatMap((activityId) => [
    ...participants.contactIds.map((contactId) => ({ activityId, participantKey: participantKey.contact(contactId), tenantId: uow.tenantId, contactId, accountId: null })),
    ...participants.accountIds.map((accountId) => ({ activityId, participantKey: participantKey.account(accountId), tenantId: uow.tenantId, contactId: null, accountId })),
  ]);
  if (rows.length > 0) await uow.manager.insert(ActivityParticipant, rows);
}

/** Replaces an activity's contacts or accounts (whichever is given); the other kind stays. */
export async function replaceParticipants(uow: UnitOfWork, activityId: string, participants: Partial<Participants>): Promise<void> {
  const { contactIds, accountIds } = participants;
  const where = { tenantId: uow.tenantId, activityId };
  if (contactIds) await uow.manager.delete(ActivityParticipant, { ...where, contactId: Not(IsNull()) });
  if (accountIds) await uow.manager.delete(ActivityParticipant, { ...where, accountId: Not(IsNull()) });
  await addParticipants(uow, [activityId], { contactIds: contactIds ?? [], accountIds: accountIds ?? [] });
}

/** The participants of several activities, grouped by activity id (contacts and accounts by id). */
export async function participantsOf(scope: TenantScope, activityIds: readonly string[]): Promise<Map<string, Participants>> {
  const byActivity = new Map<string, Participants>(activityIds.map((id) => [id, { contactIds: [], accountIds: [] }]));
  if (activityIds.length === 0) return byActivity;
  // Not a TenantEntity (keyed by activity and participant), so the tenant is pinned here.
  const rows = await scope.manager.find(ActivityParticipant, {
    where: { tenantId: scope.tenantId, activityId: In([...activityIds]) },
    order: { participantKey: "ASC" },
  });
  for (const row of rows) {
    const participants = byActivity.get(row.activityId)!;
    if (row.contactId) participants.contactIds.push(row.contactId);
    if (row.accountId) participants.accountIds.push(row.accountId);
  }
  return byActivity;
}
