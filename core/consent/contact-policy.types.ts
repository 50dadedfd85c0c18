import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { ContactPointKind } from "../contacts/contact-point.entity";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { ContactDecision, ContactPolicy, ContactPolicyReason, ContactVerdict, MessagePurpose } from "./consent.entities";
import { CLOCK_TIME } from "./quiet-hours";

export const ContactDecisionConnection = Connection(ContactDecision, "ContactDecision");

/** Longest frequency-cap window: a year. */
export const MAX_CAP_HOURS = 24 * 366;
export const MAX_CAP = 10_000;

/** The answer for one channel. */
@ObjectType({ description: "Whether a message may reach a contact on one channel for one purpose, and why." })
export class ContactPolicyAnswer {
  @Field(() => ContactPointKind)
  channel: ContactPointKind;

  @Field(() => MessagePurpose)
  purpose: MessagePurpose;

  @Field(() => ContactVerdict)
  verdict: ContactVerdict;

  @Field(() => Date, { nullable: true, description: "When ALLOWED_LATER: the first moment it is allowed." })
  allowedAt: Date | null;

  @Field(() => ContactPolicyReason)
  reasonCode: ContactPolicyReason;

  @Field(() => String, { description: "For people: what decided the verdict." })
  reason: string;

  /** The recorded ContactDecision's row id; null when nothing was recorded (unknown contact, or a preview). */
  decisionId: string | null = null;
}

/** What `bestChannel` says: the channel to use, and the answer for each channel it looked at. */
@ObjectType({ description: "The channel to reach a contact on: the first allowed now, else the one allowed soonest." })
export class ContactPolicyBestChannel {
  @Field(() => ContactVerdict)
  verdict: ContactVerdict;

  @Field(() => ContactPointKind, { nullable: true, description: "Null when every channel is DENIED." })
  channel: ContactPointKind | null;

  @Field(() => Date, { nullable: true, description: "When ALLOWED_LATER: the first moment the chosen channel is allowed." })
  allowedAt: Date | null;

  @Field(() => String, { description: "The chosen channel's reason, or every channel's reason when all are DENIED." })
  reason: string;

  @Field(() => [ContactPolicyAnswer], {
    description: "The channels looked at, in the order asked: those after the first one allowed now are not evaluated.",
  })
  answers: ContactPolicyAnswer[];
}

@InputType()
export class ContactPolicySetInput {
  @Field(() => ID)
  contactId: string;

  @Field(() => String, { nullable: true, description: "`HH:MM`, 24-hour clock, in the contact's time zone. Set with `quietHoursEnd`, or neither." })
  @IsOptional()
  @Matches(CLOCK_TIME, { message: "quietHoursStart must be a time as HH:MM (00:00 to 23:59)" })
  quietHoursStart?: string | null;

  @Field(() => String, { nullable: true, description: "`HH:MM`; before the start when the quiet hours span midnight (22:00 to 07:00)." })
  @IsOptional()
  @Matches(CLOCK_TIME, { message: "quietHoursEnd must be a time as HH:MM (00:00 to 23:59)" })
  quietHoursEnd?: string | null;

  @Field(() => Int, { nullable: true, description: "Messages allowed per window (TRANSACTIONAL ones do not count). Set with `frequencyCapHours`, or neither." })
  @IsOptional()
  @Min(1)
  @Max(MAX_CAP)
  frequencyCap?: number | null;

  @Field(() => Int, { nullable: true, description: `The window in hours, 1..${MAX_CAP_HOURS}.` })
  @IsOptional()
  @Min(1)
  @Max(MAX_CAP_HOURS)
  frequencyCapHours?: number | null;
}

@ObjectType()
export class ContactPolicySetPayload extends MutationPayload {
  @Field(() => ContactPolicy, { nullable: true, description: "The policy now in force; null when every rule was cleared." })
  contactPolicy: ContactPolicy | null = null;
}

@InputType()
export class ContactPolicyCheckInput {
  @Field(() => ID)
  contactId: string;

  @Field(() => MessagePurpose)
  purpose: MessagePurpose;

  @Field(() => [ContactPointKind], { description: "Channels in order of preference (1..8)." })
  @ArrayMinSize(1)
  @ArrayMaxSize(8)
  channels: ContactPointKind[];

  @Field(() => Date, { nullable: true, description: "Decide as of this moment instead of now, e.g. for a scheduled send." })
  at?: Date | null;
}

@ObjectType({ description: "A dry run of the contact policy: recorded as a decision by `core.check`, never counted toward the cap." })
export class ContactPolicyCheckPayload extends MutationPayload {
  @Field(() => ContactPolicyBestChannel, { nullable: true })
  result: ContactPolicyBestChannel | null = null;
}
