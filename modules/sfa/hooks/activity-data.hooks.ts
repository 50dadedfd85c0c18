import { In } from "typeorm";
import type { MergeParties } from "../../../core/contacts/merge.hooks";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { participantKey } from "../../../core/interactions/timeline.service";
import { Activity, ActivityParticipant } from "../entities/activity.entity";
import type { CustomerDataPart } from "./customer-data.hooks";

type Party = "contact" | "account";

const COLUMN: Record<Party, "contact_id" | "account_id"> = { contact: "contact_id", account: "account_id" };
const TYPE: Record<Party, string> = { contact: "Contact", account: "Account" };

/** The survivor takes the merged record's place in activities; where both took part, it stays once. */
async function mergeParty(uow: UnitOfWork, party: Party, { survivorId, mergedId }: MergeParties): Promise<void> {
  const column = COLUMN[party];
  await uow.manager.query(
    `DELETE m FROM activity_participant m JOIN activity_participant s ON s.activity_id = m.activity_id AND s.tenant_id = m.tenant_id AND s.${column} = ? ` +
      `WHERE m.tenant_id = ? AND m.${column} = ?`,
    [survivorId, uow.tenantId, mergedId],
  );
  await uow.manager.query(`UPDATE activity_participant SET ${column} = ?, participant_key = ? WHERE tenant_id = ? AND ${column} = ?`, [
    survivorId,
    participantKey[party](survivorId),
    uow.tenantId,
    mergedId,
  ]);
  await uow.scope.unrestricted().update(Activity, { relatedType: TYPE[party], relatedId: mergedId }, { relatedId: survivorId });
}

/** Tasks, calls and meetings a person took part in or that are about them. */
async function activitiesOf(uow: { tenantId: string; manager: UnitOfWork["manager"] }, contactId: string): Promise<Activity[]> {
  const rows = await uow.manager.find(ActivityParticipant, { where: { tenantId: uow.tenantId, contactId } });
  return uow.manager.find(Activity, {
    where: [
      { tenantId: uow.tenantId, id: In(rows.map((row) => row.activityId)) },
      { tenantId: uow.tenantId, relatedType: "Contact", relatedId: contactId },
    ],
    order: { dueAt: "ASC", id: "ASC" },
  });
}

export const activityData: CustomerDataPart = {
  mergeContacts: (uow, merge) => mergeParty(uow, "contact", merge),
  mergeAccounts: (uow, merge) => mergeParty(uow, "account", merge),

  async gdprExport(scope, { contactId }) {
    const activities = await activitiesOf(scope, contactId);
    return {
      activities: activities.map((activity) => ({
        activity: activity.globalId,
        kind: activity.kind,
        subject: activity.subject,
        notes: activity.notes,
        status: activity.status,
        dueAt: activity.dueAt.toISOString(),
        outcome: activity.outcome,
      })),
    };
  },

  /** Activities only about the person go; in the others the person is taken off. */
  async gdprErase(uow, { contactId }) {
    const activities = await activitiesOf(uow, contactId);
    await uow.manager.delete(ActivityParticipant, { tenantId: uow.tenantId, contactId });
    if (activities.length === 0) return;
    const others = await uow.manager.find(ActivityParticipant, { where: { tenantId: uow.tenantId, activityId: In(activities.map((a) => a.id)) } });
    const shared = new Set(others.map((row) => row.activityId));
    const whole = uow.scope.unrestricted();
    for (const activity of activities) {
      if (!shared.has(activity.id)) {
        await whole.remove(activity);
      } else if (activity.relatedType === "Contact" && activity.relatedId === contactId) {
        Object.assign(activity, { relatedType: null, relatedId: null });
        await whole.save(activity);
      }
    }
  },
};
