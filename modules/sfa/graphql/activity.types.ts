import { ArrayMaxSize, IsOptional, Length, MaxLength } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { InteractionDirection } from "../../../core/interactions/interaction.entity";
import { ActivitySeries } from "../entities/activity-series.entity";
import { Activity, ActivityKind, ActivityStatus } from "../entities/activity.entity";
import { MAX_PARTICIPANTS } from "../services/activity-participants";
import { MAX_RECURRENCE_LENGTH } from "../services/activity-recurrence";

export const ActivityConnection = Connection(Activity, "Activity");

/** What create and update share; on update an absent field stays and null clears it. */
@InputType()
abstract class ActivityFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(10_000)
  notes?: string | null;

  @Field(() => Date, { nullable: true, description: "For calls and meetings; not before dueAt." })
  endsAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  location?: string | null;

  @Field(() => ID, { nullable: true, description: "Any record you can fetch with node(id): an opportunity, an account, a ticket..." })
  relatedToId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Contacts taking part (at most ${MAX_PARTICIPANTS}); on update, replaces them.` })
  @IsOptional()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  contactIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: `Accounts taking part (at most ${MAX_PARTICIPANTS}); on update, replaces them.` })
  @IsOptional()
  @ArrayMaxSize(MAX_PARTICIPANTS)
  accountIds?: string[] | null;

  @Field(() => Date, { nullable: true, description: "When to remind the owner; not in the past. Moving dueAt moves it by as much unless given." })
  remindAt?: Date | null;

  @Field(() => ID, { nullable: true, description: "The rep; by default the creator." })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;
}

@InputType()
export class ActivityCreateInput extends ActivityFields {
  @Field(() => ActivityKind)
  kind: ActivityKind;

  @Field(() => String)
  @Length(1, 300)
  subject: string;

  @Field(() => Date)
  dueAt: Date;

  @Field(() => Boolean, { defaultValue: false })
  allDay: boolean;

  @Field(() => String, {
    nullable: true,
    description: "An RFC 5545 RRULE (FREQ=WEEKLY;BYDAY=MO;COUNT=10) starting at dueAt: creates a series whose first occurrence is returned.",
  })
  @IsOptional()
  @MaxLength(MAX_RECURRENCE_LENGTH)
  recurrence?: string | null;

  @Field(() => String, { nullable: true, description: "IANA zone whose wall clock a recurrence follows; UTC by default." })
  @IsOptional()
  @MaxLength(64)
  timeZone?: string | null;
}

/** An update without the activity's id, as ActivityService.update takes it. */
@InputType()
export abstract class ActivityChanges extends ActivityFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 300)
  subject?: string | null;

  @Field(() => Date, { nullable: true })
  dueAt?: Date | null;

  @Field(() => Boolean, { nullable: true })
  allDay?: boolean | null;
}

@InputType()
export class ActivityUpdateInput extends ActivityChanges {
  @Field(() => ID)
  id: string;
}

@InputType()
export class ActivityCompleteInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true, description: "How it went: answered, voicemail, demo booked..." })
  @IsOptional()
  @MaxLength(120)
  outcome?: string | null;

  @Field(() => InteractionDirection, { defaultValue: InteractionDirection.OUTBOUND, description: "For the timeline entry of a call or meeting." })
  direction: InteractionDirection;
}

@InputType()
export class ActivityCancelInput {
  @Field(() => ID)
  id: string;
}

@InputType()
export class ActivitySeriesCancelInput {
  @Field(() => ID, { description: "The series (Activity.series.id)." })
  id: string;

  @Field(() => Date, { nullable: true, description: "Cancels only the occurrences due from then on (this and following); by default every open one." })
  from?: Date | null;
}

@InputType({ description: "Narrows the activities; every filter given must match." })
export class ActivityFilter {
  @Field(() => ID, { nullable: true, description: "The rep (a User)." })
  ownerId?: string | null;

  @Field(() => Date, { nullable: true, description: "Due at or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Due before this time." })
  to?: Date | null;

  @Field(() => ActivityStatus, { nullable: true })
  status?: ActivityStatus | null;

  @Field(() => [ActivityKind], { nullable: true })
  kinds?: ActivityKind[] | null;

  @Field(() => ID, { nullable: true, description: "About this record." })
  relatedToId?: string | null;

  @Field(() => ID, { nullable: true, description: "Occurrences of this series." })
  seriesId?: string | null;
}

@ObjectType({ description: "Who takes part in an activity, as far as you may see them." })
export class ActivityParticipants {
  /** Its fields are resolved per activity (ActivityParticipantsResolver), batched. */
  constructor(readonly activityId: string) {}
}

@ObjectType()
export class ActivityPayload extends MutationPayload {
  @Field(() => Activity, { nullable: true, description: "The activity; for a new series, its first occurrence." })
  activity: Activity | null = null;
}

@ObjectType()
export class ActivitySeriesCancelPayload extends MutationPayload {
  @Field(() => ActivitySeries, { nullable: true })
  series: ActivitySeries | null = null;

  @Field(() => Int, { description: "Open occurrences cancelled." })
  cancelledCount = 0;
}
