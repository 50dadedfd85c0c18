import { ArrayMaxSize, IsInt, IsOptional, Length, Max, MaxLength, Min, ValidateNested } from "class-validator";
import { GraphQLLocalDate, GraphQLSafeInt } from "graphql-scalars";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { OpportunityContactRole, Opportunity } from "../entities/opportunity.entity";
import { ForecastCategory, StageOutcome } from "../entities/pipeline.entity";

export const OpportunityConnection = Connection(Opportunity, "Opportunity");

@InputType()
export class OpportunityContactInput {
  @Field(() => ID)
  contactId: string;

  @Field(() => OpportunityContactRole, { defaultValue: OpportunityContactRole.OTHER })
  role: OpportunityContactRole;

  @Field(() => Boolean, { defaultValue: false, description: "The deal's main contact; at most one." })
  isPrimary: boolean;
}

/** What create and update share; on update null clears a field and an absent one stays. */
@InputType()
abstract class OpportunityFields {
  @Field(() => GraphQLSafeInt, { nullable: true, description: "In minor units of `currency`." })
  @IsOptional()
  @IsInt()
  @Min(0)
  amount?: number | null;

  @Field(() => Int, { nullable: true, description: "Overrides the stage's default probability (percent)." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;

  @Field(() => ForecastCategory, { nullable: true, description: "For open deals: PIPELINE, BEST_CASE, COMMIT or OMITTED." })
  forecastCategory?: ForecastCategory | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(20)
  @Length(1, 80, { each: true })
  competitors?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 40)
  segment?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  nextStep?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(20_000)
  description?: string | null;

  @Field(() => ID, { nullable: true, description: "The rep; you by default." })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;
}

@InputType()
export class OpportunityCreateInput extends OpportunityFields {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => ID)
  accountId: string;

  @Field(() => String, { description: "ISO 4217." })
  currency: string;

  @Field(() => GraphQLLocalDate)
  expectedCloseDate: string;

  @Field(() => ID, { nullable: true, description: "The default pipeline if left out." })
  pipelineId?: string | null;

  @Field(() => ID, { nullable: true, description: "The pipeline's first stage if left out; must meet the stage's requirements." })
  stageId?: string | null;

  @Field(() => [OpportunityContactInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  contacts?: OpportunityContactInput[] | null;
}

@InputType()
export class OpportunityUpdateInput extends OpportunityFields {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  expectedCloseDate?: string | null;
}

@InputType()
export class OpportunityMoveInput {
  @Field(() => ID)
  id: string;

  @Field(() => ID, { description: "A stage of the opportunity's pipeline; entering it sets probability and forecast category." })
  stageId: string;

  @Field(() => String, { nullable: true, description: "Required when the stage is a LOST one." })
  @IsOptional()
  @Length(1, 200)
  lostReason?: string | null;
}

@InputType()
export class OpportunityMarkWonInput {
  @Field(() => ID)
  id: string;

  @Field(() => GraphQLSafeInt, { nullable: true, description: "The final amount (minor units); required unless the deal already has one." })
  @IsOptional()
  @IsInt()
  @Min(0)
  amount?: number | null;
}

@InputType()
export class OpportunityMarkLostInput {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  @Length(1, 200)
  lostReason: string;
}

@InputType()
export class OpportunityContactSetInput extends OpportunityContactInput {
  @Field(() => ID)
  opportunityId: string;
}

@InputType()
export class OpportunityContactRemoveInput {
  @Field(() => ID)
  opportunityId: string;

  @Field(() => ID)
  contactId: string;
}

@InputType({ description: "Narrows the opportunities; every filter given must match." })
export class OpportunityFilter {
  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => ID, { nullable: true })
  pipelineId?: string | null;

  @Field(() => ID, { nullable: true })
  stageId?: string | null;

  @Field(() => StageOutcome, { nullable: true })
  status?: StageOutcome | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "Expected to close on or after this day." })
  closingFrom?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "Expected to close on or before this day." })
  closingTo?: string | null;
}

@ObjectType()
export class OpportunityPayload extends MutationPayload {
  @Field(() => Opportunity, { nullable: true })
  opportunity: Opportunity | null = null;
}
