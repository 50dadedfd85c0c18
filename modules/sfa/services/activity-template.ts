import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { Activity, ActivityStatus, type ActivityKind } from "../entities/activity.entity";
import { addParticipants, type Participants } from "./activity-participants";

/** A reminder a few minutes in the past is a clock difference between machines, not a mistake. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** What new activities are made from: a single one, or the occurrences of a series. */
export interface ActivityTemplate {
  kind: ActivityKind;
  subject: string;
  notes: string | null;
  allDay: boolean;
  location: string | null;
  relatedType: string | null;
  relatedId: string | null;
  ownerId: string | null;
  teamId: string | null;
  seriesId: string | null;
  /** endsAt − dueAt, or null for no end. */
  durationMs: number | null;
  /** dueAt − remindAt, or null for no reminder. */
  reminderLeadMs: number | null;
  participants: Participants;
}

/** The template of further occurrences: an existing occurrence's fields, times as offsets from its due time. */
export function templateOf(activity: Activity, participants: Participants): ActivityTemplate {
  const due = activity.dueAt.getTime();
  return {
    kind: activity.kind,
    subject: activity.subject,
    notes: activity.notes,
    allDay: activity.allDay,
    location: activity.location,
    relatedType: activity.relatedType,
    relatedId: activity.relatedId,
    ownerId: activity.ownerId,
    teamId: activity.teamId,
    seriesId: activity.seriesId,
    durationMs: activity.endsAt ? activity.endsAt.getTime() - due : null,
    reminderLeadMs: activity.remindAt ? due - activity.remindAt.getTime() : null,
    participants,
  };
}

/** Writes one open activity per due time, with its participants; the caller schedules the reminders. */
export async function materialise(uow: UnitOfWork, template: ActivityTemplate, dueTimes: readonly Date[]): Promise<Activity[]> {
  const { durationMs, reminderLeadMs, participants, ...fields } = template;
  const now = Date.now();
  const activities: Activity[] = [];
  for (const dueAt of dueTimes) {
    const remindAt = reminderLeadMs === null ? null : new Date(dueAt.getTime() - reminderLeadMs);
    const activity = uow.scope.create(Activity, {
      ...fields,
      status: ActivityStatus.OPEN,
      dueAt,
      endsAt: durationMs === null ? null : new Date(dueAt.getTime() + durationMs),
      // An occurrence whose reminder time has already passed gets none: a reminder of the past is noise.
      remindAt: remindAt && remindAt.getTime() >= now - CLOCK_SKEW_MS ? remindAt : null,
      reminderSentAt: null,
      outcome: null,
      completedAt: null,
    });
    // One INSERT each, not saveAll: the new ids are used at once (participants, reminders).
    activities.push(await uow.scope.save(activity));
  }
  await addParticipants(
    uow,
    activities.map((activity) => activity.id),
    participants,
  );
  return activities;
}
