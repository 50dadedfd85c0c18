import type { UnitOfWork } from "../../../core/db/unit-of-work";
import type { PlatformServices } from "../../../core/kernel/services";
import type { Activity } from "../entities/activity.entity";
import { reminderFireJob, type ReminderPayload } from "../jobs/reminder-fire.job";

export interface DueReminder {
  tenantId: string;
  activityId: string;
  remindAt: Date;
}

/** One job per (activity, remindAt): adding it again is ignored, a new remindAt is a new job. */
export function reminderJobId(reminder: DueReminder): string {
  return `reminder-${reminder.tenantId}-${reminder.activityId}-${reminder.remindAt.getTime()}`;
}

/** Adds the delayed jobs in one `addBulk`, after freeing ids held by finished jobs; a pending job with the same id is left as it is. */
export async function enqueueReminders(services: PlatformServices, reminders: readonly DueReminder[]): Promise<void> {
  if (reminders.length === 0) return;
  const queue = services.queues.get(reminderFireJob.queue);
  // A finished job keeps its id for a day: a reminder moved away and back to the same time needs it again.
  await Promise.all(
    reminders.map(async (reminder) => {
      const job = await queue.getJob(reminderJobId(reminder));
      if (job && (job.finishedOn ?? 0) > 0) await job.remove();
    }),
  );
  const now = Date.now();
  await queue.addBulk(
    reminders.map((reminder) => ({
      name: reminderFireJob.name,
      data: { tenantId: reminder.tenantId, activityId: reminder.activityId, remindAt: reminder.remindAt.toISOString() } satisfies ReminderPayload,
      opts: { jobId: reminderJobId(reminder), delay: Math.max(0, reminder.remindAt.getTime() - now) },
    })),
  );
}

/**
 * Schedules the reminders of activities written in `uow` once it commits. Redis being down then
 * costs no reminder: the mutation still succeeds and the sweep (reminder-sweep.job) adds the job
 * when the reminder comes due.
 */
export function remindAfterCommit(uow: UnitOfWork, services: PlatformServices, activities: readonly Activity[]): void {
  const reminders = activities.flatMap((activity) =>
    activity.remindAt && !activity.reminderSentAt ? [{ tenantId: activity.tenantId, activityId: activity.id, remindAt: activity.remindAt }] : [],
  );
  if (reminders.length === 0) return;
  uow.afterCommit(() =>
    enqueueReminders(services, reminders).catch((error: unknown) => services.logger.warn({ err: error, count: reminders.length }, "reminders not queued; the sweep will add them")),
  );
}
