import { accountsByIds } from "../../../core/accounts/account.loader";
import { contactsByIds } from "../../../core/contacts/contact.loader";
import { isTimeZone } from "../../../core/contacts/normalize";
import { assignDefined, cleanText } from "../../../core/contacts/record-writer";
import { asInput, failed, notFound, resolveOwnership, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { InteractionChannel, type InteractionDirection } from "../../../core/interactions/interaction.entity";
import type { PlatformServices } from "../../../core/kernel/services";
import { Activity, ActivityKind, ActivityStatus } from "../entities/activity.entity";
import { ActivityCompleteInput, ActivityCreateInput, ActivityUpdateInput, type ActivityChanges } from "../graphql/activity.types";
import { checkParticipants, participantsOf, replaceParticipants } from "./activity-participants";
import { parseRecurrence } from "./activity-recurrence";
import { checkRelated, type NodeLookup, type RelatedRecord } from "./activity-related";
import { ActivitySeriesService, firstOccurrences } from "./activity-series.service";
import { CLOCK_SKEW_MS, materialise, type ActivityTemplate } from "./activity-template";
import { remindAfterCommit } from "./reminder.scheduler";

/** References of an input once checked, as row ids; `undefined` leaves a value as it is, null clears it. */
interface References {
  ownerId?: string | null;
  teamId?: string | null;
  related?: RelatedRecord | null;
  contactIds?: string[];
  accountIds?: string[];
}

type ReferenceInput = Pick<ActivityChanges, "ownerId" | "teamId" | "relatedToId" | "contactIds" | "accountIds">;

/** The interaction channel a completed call or meeting is recorded on; tasks are not interactions. */
const CHANNEL: Partial<Record<ActivityKind, InteractionChannel>> = { [ActivityKind.CALL]: InteractionChannel.PHONE, [ActivityKind.MEETING]: InteractionChannel.IN_PERSON };

/** Checks of the times an activity would have once written. */
function checkTimes(kind: ActivityKind, dueAt: Date, endsAt: Date | null | undefined, remindAt: Date | null | undefined): UserError[] {
  const errors: UserError[] = [];
  if (endsAt && kind === ActivityKind.TASK) errors.push(userError(["input", "endsAt"], UserErrorCode.INVALID, "A task has a due time, not an end."));
  else if (endsAt && endsAt.getTime() < dueAt.getTime()) errors.push(userError(["input", "endsAt"], UserErrorCode.INVALID, "endsAt is before dueAt."));
  if (remindAt && remindAt.getTime() < Date.now() - CLOCK_SKEW_MS) errors.push(userError(["input", "remindAt"], UserErrorCode.INVALID, "remindAt is in the past."));
  return errors;
}

/**
 * Tasks, calls and meetings: plan, change, complete, cancel. Every method validates everything
 * before it writes, so a refused input writes nothing; reminders are queued after the commit.
 */
export class ActivityService {
  private readonly series: ActivitySeriesService;

  constructor(
    private readonly services: PlatformServices,
    /** How the caller sees records, for `relatedToId`. */
    private readonly lookup: NodeLookup,
  ) {
    this.series = new ActivitySeriesService(services);
  }

  /** A single activity, or a series whose first occurrence is answered. */
  async create(uow: UnitOfWork, raw: ActivityCreateInput): Promise<ServiceResult<Activity>> {
    const input = asInput(ActivityCreateInput, raw);
    const errors = [...(await validateInput(input)), ...checkTimes(input.kind, input.dueAt, input.endsAt, input.remindAt)];
    const subject = cleanText(input.subject);
    if (!subject) errors.push(userError(["input", "subject"], UserErrorCode.REQUIRED, "An activity needs a subject."));
    const timeZone = input.timeZone ?? "UTC";
    if (!isTimeZone(timeZone)) errors.push(userError(["input", "timeZone"], UserErrorCode.INVALID, "Not an IANA time zone."));
    let recurrence: Parameters<ActivitySeriesService["create"]>[2] | null = null;
    let dueTimes = [input.dueAt];
    if (input.recurrence != null && isTimeZone(timeZone)) {
      const parsed = parseRecurrence(input.recurrence, input.dueAt, timeZone);
      if (parsed.ok) {
        recurrence = { text: parsed.text, parsed: parsed.recurrence, startsAt: input.dueAt };
        dueTimes = firstOccurrences(parsed.recurrence, input.dueAt);
        if (dueTimes.length === 0) errors.push(userError(["input", "recurrence"], UserErrorCode.INVALID, "The rule has no occurrence within a year of dueAt."));
      } else {
        errors.push(userError(["input", "recurrence"], UserErrorCode.INVALID, parsed.message));
      }
    }
    const references = await this.checkReferences(uow, input, errors);
    if (errors.length > 0) return { errors };

    const template: ActivityTemplate = {
      kind: input.kind,
      subject: subject!,
      notes: cleanText(input.notes) ?? null,
      allDay: input.allDay,
      location: cleanText(input.location) ?? null,
      relatedType: references.related?.typeName ?? null,
      relatedId: references.related?.rowId ?? null,
      ownerId: references.ownerId ?? staffUserOf(uow.work),
      teamId: references.teamId ?? null,
      seriesId: null,
      durationMs: input.endsAt ? input.endsAt.getTime() - input.dueAt.getTime() : null,
      reminderLeadMs: input.remindAt ? input.dueAt.getTime() - input.remindAt.getTime() : null,
      participants: { contactIds: references.contactIds ?? [], accountIds: references.accountIds ?? [] },
    };
    if (recurrence) return { record: (await this.series.create(uow, template, recurrence, dueTimes))[0]! };
    const activities = await materialise(uow, template, dueTimes);
    remindAfterCommit(uow, this.services, activities);
    return { record: activities[0]! };
  }

  /**
   * Changes an open activity. Moving dueAt moves endsAt and remindAt by as much unless they are
   * given too; a new remindAt makes a new reminder (the old job finds the mismatch and does nothing).
   */
  async update(uow: UnitOfWork, id: string, input: ActivityChanges): Promise<ServiceResult<Activity>> {
    const found = await this.findOpen(uow, id);
    if (failed(found)) return found;
    const activity = found.record;
    const errors = await validateInput(asInput(ActivityUpdateInput, { ...input, id: activity.globalId }));
    if (input.subject !== undefined && !cleanText(input.subject)) errors.push(userError(["input", "subject"], UserErrorCode.REQUIRED, "An activity needs a subject."));
    if (input.dueAt === null) errors.push(userError(["input", "dueAt"], UserErrorCode.REQUIRED, "An activity needs a due time."));
    const shift = (time: Date | null) => (time && input.dueAt ? new Date(time.getTime() + input.dueAt.getTime() - activity.dueAt.getTime()) : time);
    const endsAt = input.endsAt !== undefined ? input.endsAt : shift(activity.endsAt);
    const remindAt = input.remindAt !== undefined ? input.remindAt : shift(activity.remindAt);
    errors.push(...checkTimes(activity.kind, input.dueAt ?? activity.dueAt, endsAt, input.remindAt));
    const references = await this.checkReferences(uow, input, errors);
    if (errors.length > 0) return { errors };

    if (remindAt?.getTime() !== activity.remindAt?.getTime()) activity.reminderSentAt = null;
    assignDefined(activity, {
      subject: cleanText(input.subject) ?? undefined,
      notes: cleanText(input.notes),
      dueAt: input.dueAt ?? undefined,
      endsAt,
      remindAt,
      allDay: input.allDay ?? undefined,
      location: cleanText(input.location),
      ownerId: references.ownerId,
      teamId: references.teamId,
      relatedType: references.related === undefined ? undefined : (references.related?.typeName ?? null),
      relatedId: references.related === undefined ? undefined : (references.related?.rowId ?? null),
    });
    await uow.scope.save(activity);
    if (references.contactIds || references.accountIds) await replaceParticipants(uow, activity.id, references);
    remindAfterCommit(uow, this.services, [activity]);
    return { record: activity };
  }

  /** Completes an open activity; a call or meeting goes on its contacts' and accounts' timelines in the same transaction. */
  async complete(uow: UnitOfWork, id: string, raw: ActivityCompleteInput): Promise<ServiceResult<Activity>> {
    const input = asInput(ActivityCompleteInput, raw);
    const found = await this.findOpen(uow, id);
    if (failed(found)) return found;
    const errors = await validateInput(input);
    if (errors.length > 0) return { errors };
    const activity = found.record;
    Object.assign(activity, { status: ActivityStatus.COMPLETED, completedAt: new Date(), outcome: cleanText(input.outcome) ?? null });
    await uow.scope.save(activity);
    await this.recordOnTimeline(uow, activity, input.direction);
    return { record: activity };
  }

  async cancel(uow: UnitOfWork, id: string): Promise<ServiceResult<Activity>> {
    const found = await this.findOpen(uow, id);
    if (failed(found)) return found;
    found.record.status = ActivityStatus.CANCELLED;
    await uow.scope.save(found.record);
    return found;
  }

  cancelSeries(uow: UnitOfWork, seriesId: string, from: Date | null): ReturnType<ActivitySeriesService["cancel"]> {
    return this.series.cancel(uow, seriesId, from);
  }

  /** A visible activity by row id, locked; only an open one may change. */
  private async findOpen(uow: UnitOfWork, id: string): Promise<ServiceResult<Activity>> {
    const activity = await uow.scope.lockById(Activity, id);
    if (!activity) return { errors: [notFound(["input", "id"], "activity")] };
    if (activity.status !== ActivityStatus.OPEN) {
      return { errors: [userError(["input", "id"], UserErrorCode.CONFLICT, `The activity is ${activity.status.toLowerCase()}; only open activities change.`)] };
    }
    return { record: activity };
  }

  /** Owner, team, related record and participants as row ids; problems are added to `errors`. */
  private async checkReferences(uow: UnitOfWork, input: ReferenceInput, errors: UserError[]): Promise<References> {
    const ownership = await resolveOwnership(uow.scope, input);
    errors.push(...ownership.errors);
    const references: References = { ownerId: ownership.ownerId, teamId: ownership.teamId };
    if (input.relatedToId === null) references.related = null;
    else if (input.relatedToId !== undefined) {
      const related = await checkRelated(this.lookup, input.relatedToId, ["input", "relatedToId"]);
      if ("errors" in related) errors.push(...related.errors);
      else references.related = related.record;
    }
    for (const kind of ["contact", "account"] as const) {
      const ids = kind === "contact" ? input.contactIds : input.accountIds;
      if (ids == null) continue;
      const checked = await checkParticipants(uow.scope, ids, kind);
      errors.push(...checked.errors);
      references[kind === "contact" ? "contactIds" : "accountIds"] = checked.rowIds;
    }
    return references;
  }

  /**
   * The interaction of a completed call or meeting, on the timelines of its participants (and of
   * the record it is about, when that is a contact or an account). Participants merged away,
   * erased or out of the completer's sight since planning are left out; with none left, there is
   * nobody's timeline to write to.
   */
  private async recordOnTimeline(uow: UnitOfWork, activity: Activity, direction: InteractionDirection): Promise<void> {
    const channel = CHANNEL[activity.kind];
    if (!channel) return;
    const planned = (await participantsOf(uow.scope, [activity.id])).get(activity.id)!;
    if (activity.relatedType === "Contact") planned.contactIds.push(activity.relatedId!);
    if (activity.relatedType === "Account") planned.accountIds.push(activity.relatedId!);
    const contacts = planned.contactIds.length > 0 ? await contactsByIds(uow.scope, [...new Set(planned.contactIds)]) : [];
    const accounts = planned.accountIds.length > 0 ? await accountsByIds(uow.scope, [...new Set(planned.accountIds)]) : [];
    const contactIds = contacts.flatMap((contact) => (contact && !contact.erasedAt ? [contact.id] : []));
    const accountIds = accounts.flatMap((account) => (account ? [account.id] : []));
    if (contactIds.length === 0 && accountIds.length === 0) return;
    await this.services.timeline.record(uow, {
      channel,
      direction,
      // The timeline is history: a meeting completed ahead of its planned time happened now.
      occurredAt: new Date(Math.min(activity.dueAt.getTime(), activity.completedAt!.getTime())),
      subject: activity.subject,
      body: activity.notes,
      outcome: activity.outcome,
      userId: activity.ownerId,
      participants: { contactIds, accountIds },
      source: { module: "sfa", type: "Activity", id: activity.globalId },
    });
  }
}
