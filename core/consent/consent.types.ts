import { IsOptional, Length, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { ContactPointKind } from "../contacts/contact-point.entity";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { ConsentRecord, ConsentStatus, MessagePurpose } from "./consent.entities";

export const ConsentRecordConnection = Connection(ConsentRecord, "ConsentRecord");

@InputType()
export class ConsentRecordInput {
  @Field(() => ID)
  contactId: string;

  @Field(() => ContactPointKind)
  channel: ContactPointKind;

  @Field(() => MessagePurpose)
  purpose: MessagePurpose;

  @Field(() => ConsentStatus)
  status: ConsentStatus;

  @Field(() => String, { description: "Where it was given: web form, call, import, double opt-in… (1 to 120 characters)." })
  @Length(1, 120)
  source: string;

  @Field(() => String, { nullable: true, description: "Proof, e.g. the form text or the call reference (at most 10,000 characters)." })
  @IsOptional()
  @MaxLength(10_000)
  evidence?: string | null;

  @Field(() => Date, { nullable: true, description: "When the person said so; now if omitted. Not in the future." })
  recordedAt?: Date | null;
}

@ObjectType()
export class ConsentRecordPayload extends MutationPayload {
  @Field(() => ConsentRecord, { nullable: true })
  consentRecord: ConsentRecord | null = null;
}
