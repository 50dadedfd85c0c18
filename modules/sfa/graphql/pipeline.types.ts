import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { ForecastCategory, OpportunityRequirement, Pipeline, PipelineStage, StageOutcome } from "../entities/pipeline.entity";

@InputType()
export class PipelineStageInput {
  @Field(() => String)
  @Length(1, 80)
  name: string;

  @Field(() => Int, { description: "Default win probability in percent; WON stages are 100 and LOST stages 0 whatever is given." })
  @IsInt()
  @Min(0)
  @Max(100)
  probability: number;

  @Field(() => StageOutcome, { defaultValue: StageOutcome.OPEN })
  outcome: StageOutcome;

  @Field(() => ForecastCategory, { nullable: true, description: "For open stages; PIPELINE by default." })
  forecastCategory?: ForecastCategory | null;

  @Field(() => [OpportunityRequirement], { nullable: true })
  requirements?: OpportunityRequirement[] | null;
}

@InputType()
export class PipelineCreateInput {
  @Field(() => String)
  @Length(1, 120)
  name: string;

  @Field(() => Boolean, { defaultValue: false })
  isDefault: boolean;

  @Field(() => [PipelineStageInput], { description: "In order; at least one OPEN, one WON and one LOST stage." })
  @ArrayMinSize(3)
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  stages: PipelineStageInput[];
}

@InputType()
export class PipelineUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 120)
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: "true makes it the default; the previous default stops being one." })
  isDefault?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: "Archived pipelines take no new opportunities; the ones in them stay." })
  archived?: boolean | null;
}

@InputType()
export class PipelineStageUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 80)
  name?: string | null;

  @Field(() => Int, { nullable: true, description: "For OPEN stages; applies to opportunities entering the stage from now on." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100)
  probability?: number | null;

  @Field(() => ForecastCategory, { nullable: true })
  forecastCategory?: ForecastCategory | null;

  @Field(() => [OpportunityRequirement], { nullable: true })
  requirements?: OpportunityRequirement[] | null;
}

@ObjectType()
export class PipelinePayload extends MutationPayload {
  @Field(() => Pipeline, { nullable: true })
  pipeline: Pipeline | null = null;
}

@ObjectType()
export class PipelineStagePayload extends MutationPayload {
  @Field(() => PipelineStage, { nullable: true })
  stage: PipelineStage | null = null;
}
