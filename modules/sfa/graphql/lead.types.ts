import { IsISO31661Alpha2, IsInt, IsOptional, Length, MaxLength, Min, ValidateBy, ValidateNested } from "class-validator";
import { GraphQLLocalDate, GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { Account } from "../../../core/accounts/account.entity";
import { Contact } from "../../../core/contacts/contact.entity";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { Money, MoneyInput } from "../../../core/money/money";
import { Lead, LeadAuthority, LeadBudget, LeadSource, LeadStatus, LeadTimeline } from "../entities/lead.entity";
import { Opportunity } from "../entities/opportunity.entity";

export const LeadConnection = Connection(Lead, "Lead");

/** One rule, one message: a score is a whole number from 0 to 100. */
function IsScore(): PropertyDecorator {
  return ValidateBy({
    name: "isScore",
    validator: {
      validate: (value: unknown) => typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 100,
      defaultMessage: () => "score must be a whole number from 0 to 100",
    },
  });
}

/** BANT as recorded on a lead; on input, a field left out stays and null clears it. */
@InputType()
export class LeadQualificationInput {
  @Field(() => LeadBudget, { nullable: true })
  budget?: LeadBudget | null;

  @Field(() => MoneyInput, { nullable: true, description: "How much, in minor units." })
  @IsOptional()
  @ValidateNested()
  budgetAmount?: MoneyInput | null;

  @Field(() => LeadAuthority, { nullable: true })
  authority?: LeadAuthority | null;

  @Field(() => String, { nullable: true, description: "The problem the prospect wants solved." })
  @IsOptional()
  @MaxLength(5_000)
  need?: string | null;

  @Field(() => LeadTimeline, { nullable: true })
  timeline?: LeadTimeline | null;
}

@ObjectType({ description: "BANT qualification: budget, authority, need and timeline." })
export class LeadQualification {
  @Field(() => LeadBudget)
  budget: LeadBudget;

  @Field(() => Money, { nullable: true })
  budgetAmount: Money | null;

  @Field(() => LeadAuthority)
  authority: LeadAuthority;

  @Field(() => String, { nullable: true })
  need: string | null;

  @Field(() => LeadTimeline)
  timeline: LeadTimeline;

  @Field(() => [String], { description: "What leadQualify still needs: budget, authority, need, timeline." })
  missing: string[];
}

/** Lead fields create and update share; on update, null clears a field and one left out stays. */
@InputType()
abstract class LeadFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  firstName?: string | null;

  @Field(() => String, { nullable: true, description: "Stored lower-case." })
  @IsOptional()
  @Length(1, 254)
  email?: string | null;

  @Field(() => String, { nullable: true, description: "With its +country code, or local to `country`; stored as E.164." })
  @IsOptional()
  @Length(1, 40)
  phone?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  company?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(120)
  title?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  website?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(80)
  region?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string | null;

  @Field(() => Int, { nullable: true, description: "0-100." })
  @IsOptional()
  @IsScore()
  score?: number | null;
}

@InputType()
export class LeadCreateInput extends LeadFields {
  @Field(() => String)
  @MaxLength(100)
  lastName: string;

  @Field(() => LeadSource, { defaultValue: LeadSource.API })
  source?: LeadSource;

  @Field(() => String, { nullable: true, description: "The lead's id in the system it comes from; a second create with it is refused (TAKEN)." })
  @IsOptional()
  @Length(1, 100)
  externalRef?: string | null;

  @Field(() => ID, { nullable: true, description: "Assigns the lead to this user instead of routing it by the assignment rules." })
  ownerId?: string | null;
}

@InputType()
export class LeadUpdateInput extends LeadFields {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  lastName?: string | null;

  @Field(() => LeadStatus, { nullable: true, description: "NEW or WORKING only (which reopens a qualified or disqualified lead); use leadQualify, leadDisqualify and leadConvert for the others." })
  status?: LeadStatus | null;

  @Field(() => LeadQualificationInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  qualification?: LeadQualificationInput | null;
}

@InputType()
export class LeadQualifyInput {
  @Field(() => ID)
  id: string;

  @Field(() => LeadQualificationInput, { nullable: true, description: "Recorded first; then every BANT element must be known." })
  @IsOptional()
  @ValidateNested()
  qualification?: LeadQualificationInput | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsScore()
  score?: number | null;
}

@InputType()
export class LeadDisqualifyInput {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  @Length(1, 300)
  reason: string;
}

@InputType()
export class LeadAssignInput {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { nullable: true, description: "The new owner; left out, the assignment rules route the lead again." })
  ownerId?: string | null;
}

@InputType({ description: "The account a lead becomes: an existing one, or a new one named after the lead's company." })
export class LeadConvertAccountInput {
  @Field(() => ID, { nullable: true, description: "An existing account; the contact is linked to it." })
  id?: string | null;

  @Field(() => String, { nullable: true, description: "The new account's name; the lead's company by default." })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;
}

@InputType({ description: "The contact a lead becomes: an existing one, or a new one made from the lead." })
export class LeadConvertContactInput {
  @Field(() => ID, { nullable: true })
  id?: string | null;
}

@InputType({ description: "An opportunity opened with the conversion, owned by the lead's owner; the lead must be QUALIFIED." })
export class LeadConvertOpportunityInput {
  @Field(() => String, { nullable: true, description: "By default the account's name." })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => GraphQLSafeInt, { nullable: true, description: "Minor units; by default the lead's budget when it is in `currency`." })
  @IsOptional()
  @IsInt()
  @Min(0)
  amount?: number | null;

  @Field(() => String, { description: "ISO 4217." })
  currency: string;

  @Field(() => GraphQLLocalDate)
  expectedCloseDate: string;

  @Field(() => ID, { nullable: true })
  pipelineId?: string | null;

  @Field(() => ID, { nullable: true })
  stageId?: string | null;
}

@InputType()
export class LeadConvertInput {
  @Field(() => ID)
  id: string;

  @Field(() => LeadConvertAccountInput, { nullable: true, description: "A new account from the lead's company when left out." })
  account?: LeadConvertAccountInput | null;

  @Field(() => LeadConvertContactInput, { nullable: true, description: "A new contact from the lead when left out." })
  contact?: LeadConvertContactInput | null;

  @Field(() => LeadConvertOpportunityInput, { nullable: true })
  opportunity?: LeadConvertOpportunityInput | null;
}

@InputType({ description: "Narrows the leads; every filter given must match." })
export class LeadFilter {
  @Field(() => [LeadStatus], { nullable: true })
  status?: LeadStatus[] | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true: only leads nobody owns; false: only owned ones." })
  unassigned?: boolean | null;

  @Field(() => LeadSource, { nullable: true })
  source?: LeadSource | null;

  @Field(() => String, { nullable: true, description: "Words (or beginnings of words) in the name, email or company." })
  search?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only open leads whose owner has not acted by their deadline." })
  overdue?: boolean | null;
}

@ObjectType()
export class LeadPayload extends MutationPayload {
  @Field(() => Lead, { nullable: true })
  lead: Lead | null = null;
}

@ObjectType()
export class LeadConvertPayload extends LeadPayload {
  @Field(() => Account, { nullable: true })
  account: Account | null = null;

  @Field(() => Contact, { nullable: true })
  contact: Contact | null = null;

  @Field(() => Opportunity, { nullable: true })
  opportunity: Opportunity | null = null;
}
