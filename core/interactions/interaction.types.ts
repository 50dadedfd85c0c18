import { ArrayMaxSize, ValidateNested } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Account } from "../accounts/account.entity";
import { Contact } from "../contacts/contact.entity";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { Interaction, InteractionChannel, InteractionDirection } from "./interaction.entity";
import { MAX_PARTICIPANTS } from "./timeline.service";

export const InteractionConnection = Connection(Interaction, "Interaction");

@InputType("TimelineFilter", { description: "Narrows a timeline; every filter given must match." })
export class TimelineFilterInput {
  @Field(() => [InteractionChannel], { nullable: true, description: "Only these channels (an empty list matches nothing)." })
  channels?: InteractionChannel[] | null;

  @Field(() => Date, { nullable: true, description: "Interactions at or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Interactions before this time (exclusive, so windows can be chained); after `from`." })
  to?: Date | null;
}

@ObjectType("InteractionParticipant", { description: "A contact or an account that took part in an interaction: exactly one is set." })
export class InteractionParticipantView {
  @Field(() => String, { nullable: true, description: "The part played: caller, recipient, cc, attendee…" })
  role: string | null;

  @Field(() => Contact, { nullable: true })
  contact: Contact | null;

  @Field(() => Account, { nullable: true })
  account: Account | null;
}

@InputType()
export class InteractionRoleInput {
  @Field(() => ID, { description: "A contact's or an account's id, listed in `contactIds` or `accountIds`." })
  participant: string;

  @Field(() => String, { description: "1 to 40 characters, e.g. caller, recipient, cc, attendee." })
  role: string;
}

@InputType()
export class InteractionParticipantsInput {
  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(MAX_PARTICIPANTS)
  contactIds: string[];

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(MAX_PARTICIPANTS)
  accountIds: string[];

  @Field(() => [InteractionRoleInput], { defaultValue: [] })
  @ArrayMaxSize(2 * MAX_PARTICIPANTS)
  roles: InteractionRoleInput[];
}

@InputType()
export class InteractionRecordInput {
  @Field(() => InteractionChannel)
  channel: InteractionChannel;

  @Field(() => InteractionDirection)
  direction: InteractionDirection;

  @Field(() => Date, { nullable: true, description: "When it happened; now if omitted. Not in the future." })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true, description: "At most 300 characters." })
  subject?: string | null;

  @Field(() => String, { nullable: true, description: "A summary, or the message body." })
  body?: string | null;

  @Field(() => String, { nullable: true, description: "At most 120 characters, e.g. answered, voicemail, bounced, meeting held." })
  outcome?: string | null;

  @Field(() => ID, { nullable: true, description: "The staff user who handled it; you, if omitted and you are a staff user." })
  userId?: string | null;

  @Field(() => InteractionParticipantsInput, { description: "At least one contact or account." })
  @ValidateNested()
  participants: InteractionParticipantsInput;
}

@ObjectType()
export class InteractionRecordPayload extends MutationPayload {
  @Field(() => Interaction, { nullable: true })
  interaction: Interaction | null = null;
}
