import { defineJob } from "../../../core/jobs/job";
import type { PlatformServices } from "../../../core/kernel/services";
import { Activity, ActivityStatus } from "../entities/activity.entity";

export const REMINDERS_QUEUE = "sfa.reminders";

export interface ReminderPayload {
  tenantId: string;
  activityId: string;
  /** The remindAt this job was scheduled for, ISO 8601: a job for an older value does nothing. */
  remindAt: string;
}

/**
 * Sends the reminder if it is still wanted: the activity is open, its remindAt is the one this job
 * was made for, and it has not gone out yet. Marking it sent and emitting the event commit
 * together, under the row's lock, so a redelivered or duplicate job has no second effect.
 */
export async function fireReminder(services: PlatformServices, payload: ReminderPayload): Promise<boolean> {
  const work = { tenantId: payload.tenantId, actor: null, requestId: null, operation: "sfa.reminderDue" };
  return services.transactions.run(work, async (uow) => {
    const activity = await uow.scope.lockById(Activity, payload.activityId);
    const wanted =
      activity !== null &&
      activity.status === ActivityStatus.OPEN &&
      activity.reminderSentAt === null &&
      activity.remindAt?.getTime() === new Date(payload.remindAt).getTime();
    if (!wanted) return false;
    activity.reminderSentAt = new Date();
    await uow.scope.save(activity);
    await uow.emit("sfa.activity.reminderDue.v1", {
      activityId: activity.id,
      ownerId: activity.ownerId,
      kind: activity.kind,
      subject: activity.subject,
      dueAt: activity.dueAt.toISOString(),
    });
    return true;
  });
}

export const reminderFireJob = defineJob<ReminderPayload>({
  queue: REMINDERS_QUEUE,
  name: "fire",
  handle: (payload, { services }) => fireReminder(services, payload),
});
