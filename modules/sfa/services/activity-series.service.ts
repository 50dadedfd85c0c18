import { MoreThanOrEqual } from "typeorm";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { PlatformServices } from "../../../core/kernel/services";
import { ActivitySeries } from "../entities/activity-series.entity";
import { Activity, ActivityStatus } from "../entities/activity.entity";
import { participantsOf } from "./activity-participants";
import { continuesAfter, occurrencesBetween, parseRecurrence, type Recurrence } from "./activity-recurrence";
import { materialise, templateOf, type ActivityTemplate } from "./activity-template";
import { remindAfterCommit } from "./reminder.scheduler";

const DAY_MS = 86_400_000;
/** Occurrences exist up to a year ahead of now (or of the series' start, if later)... */
export const HORIZON_MS = 365 * DAY_MS;
/** ...and at most this many open ones ahead of now per series: a daily rule does not make 365 rows. */
export const MAX_UPCOMING = 100;

/** The first due times of a new series: what `create` will write. Empty when the rule has no instance in the horizon. */
export function firstOccurrences(recurrence: Recurrence, startsAt: Date): Date[] {
  return occurrencesBetween(recurrence, null, horizonOf(startsAt, Date.now()), MAX_UPCOMING);
}

function horizonOf(startsAt: Date, now: number): Date {
  return new Date(Math.max(startsAt.getTime(), now) + HORIZON_MS);
}

/**
 * Recurring activities. Occurrences are plain Activity rows (each with its own reminder, editable
 * and completable alone) materialised ahead of time, because a calendar feed, a list in due order
 * and a reminder sweep then need no rule evaluation; `extend` keeps open-ended series filled.
 */
export class ActivitySeriesService {
  constructor(private readonly services: PlatformServices) {}

  /** Writes the series and its first occurrences (`dueTimes`, from firstOccurrences), the earliest first. */
  async create(uow: UnitOfWork, template: ActivityTemplate, recurrence: { text: string; parsed: Recurrence; startsAt: Date }, dueTimes: Date[]): Promise<Activity[]> {
    const last = dueTimes.at(-1)!;
    const series = await uow.scope.save(
      uow.scope.create(ActivitySeries, {
        recurrence: recurrence.text,
        timeZone: recurrence.parsed.timeZone,
        startsAt: recurrence.startsAt,
        scheduledThrough: last,
        complete: !continuesAfter(recurrence.parsed, last),
        cancelledAt: null,
        ownerId: template.ownerId,
        teamId: template.teamId,
      }),
    );
    const activities = await materialise(uow, { ...template, seriesId: series.id }, dueTimes);
    remindAfterCommit(uow, this.services, activities);
    return activities;
  }

  /**
   * Adds the occurrences that entered the horizon since the last run, copying the latest
   * occurrence (its text, participants, duration and reminder lead, as the user last left them).
   * Returns how many it wrote. The caller holds the series' lock.
   */
  async extend(uow: UnitOfWork, series: ActivitySeries, now = Date.now()): Promise<number> {
    const parsed = parseRecurrence(series.recurrence, series.startsAt, series.timeZone);
    if (!parsed.ok) throw new Error(`Series ${series.id} of tenant ${series.tenantId} holds an invalid rule: ${parsed.message}`);
    const upcoming = await uow.scope.count(Activity, { seriesId: series.id, status: ActivityStatus.OPEN, dueAt: MoreThanOrEqual(new Date(now)) });
    const dueTimes = occurrencesBetween(parsed.recurrence, series.scheduledThrough, horizonOf(series.startsAt, now), MAX_UPCOMING - upcoming);
    const [latest] = await uow.scope.find(Activity, { where: { seriesId: series.id }, order: { dueAt: "DESC", id: "DESC" }, take: 1 });
    if (dueTimes.length > 0 && latest) {
      const participants = (await participantsOf(uow.scope, [latest.id])).get(latest.id)!;
      const activities = await materialise(uow, templateOf(latest, participants), dueTimes);
      remindAfterCommit(uow, this.services, activities);
      series.scheduledThrough = dueTimes.at(-1)!;
    }
    // With every occurrence gone (erased), there is nothing to copy the next ones from: the series ends.
    series.complete = !latest || !continuesAfter(parsed.recurrence, series.scheduledThrough);
    await uow.scope.save(series);
    return dueTimes.length;
  }

  /** Cancels the open occurrences (all, or those due from `from` on) and stops the series. */
  async cancel(uow: UnitOfWork, seriesId: string, from: Date | null): Promise<ServiceResult<ActivitySeries, { cancelledCount: number }>> {
    const series = await uow.scope.lockById(ActivitySeries, seriesId);
    if (!series) return { errors: [notFound(["input", "id"], "activity series")] };
    const open = await uow.scope.find(Activity, {
      where: { seriesId, status: ActivityStatus.OPEN, ...(from ? { dueAt: MoreThanOrEqual(from) } : {}) },
      order: { dueAt: "ASC", id: "ASC" },
    });
    // Row by row, so the audit log has each occurrence's change.
    for (const activity of open) {
      activity.status = ActivityStatus.CANCELLED;
      await uow.scope.save(activity);
    }
    series.cancelledAt ??= new Date();
    await uow.scope.save(series);
    return { record: series, cancelledCount: open.length };
  }
}
