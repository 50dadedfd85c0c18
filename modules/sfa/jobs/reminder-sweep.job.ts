import { defineJob } from "../../../core/jobs/job";
import { whereModuleOn } from "../../../core/tenancy/tenant-modules.service";
import { Activity, ActivityStatus } from "../entities/activity.entity";
import { enqueueReminders } from "../services/reminder.scheduler";
import { REMINDERS_QUEUE } from "./reminder-fire.job";

const MINUTE_MS = 60_000;
/** Reminders due before the next sweep are queued now, as delayed jobs, so none waits for a sweep. */
const LOOK_AHEAD_MS = 2 * MINUTE_MS;
/** A reminder more than a day late (sfa was off for the tenant, a long outage) is no use any more. */
const MAX_LATENESS_MS = 24 * 60 * MINUTE_MS;
const BATCH = 1_000;

/**
 * The safety net behind the delayed job each write adds: a reminder whose job was never added
 * (Redis down at commit, a crash in between, a Redis that restarted empty) is queued here within
 * a minute of coming due. Job ids are those of the write path, so nothing is added twice.
 */
export const reminderSweepJob = defineJob<Record<string, never>>({
  queue: REMINDERS_QUEUE,
  name: "sweep",
  concurrency: 1,
  attempts: 1,
  schedule: { every: MINUTE_MS },
  async handle(_payload, { services }) {
    const now = Date.now();
    // Every tenant's reminders: system work, like the outbox relay; the status/reminder index serves it.
    const open = services.dataSource
      .createQueryBuilder(Activity, "a")
      .select(["a.id", "a.tenantId", "a.remindAt"])
      .where("a.status = :open AND a.reminderSentAt IS NULL", { open: ActivityStatus.OPEN })
      .andWhere("a.remindAt BETWEEN :oldest AND :latest", { oldest: new Date(now - MAX_LATENESS_MS), latest: new Date(now + LOOK_AHEAD_MS) });
    const due = await whereModuleOn(open, "a.tenantId", "sfa")
      .orderBy("a.remindAt")
      .limit(BATCH)
      .getMany();
    await enqueueReminders(
      services,
      due.map((activity) => ({ tenantId: activity.tenantId, activityId: activity.id, remindAt: activity.remindAt! })),
    );
    return due.length;
  },
});
