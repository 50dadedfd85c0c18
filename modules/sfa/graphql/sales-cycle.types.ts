import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { User } from "../../../core/identity/identity.entities";
import { Money } from "../../../core/money/money";
import { Pipeline, PipelineStage } from "../entities/pipeline.entity";
import { ReportWindowInput } from "./forecast.types";

export enum SalesCycleGroupBy {
  PRODUCT = "PRODUCT",
  SEGMENT = "SEGMENT",
  REGION = "REGION",
  OWNER = "OWNER",
}
registerEnumType(SalesCycleGroupBy, {
  name: "SalesCycleGroupBy",
  description:
    "PRODUCT: a group per product on the deals' line items (a deal counts under each of its products; deals without any form the null group). " +
    "SEGMENT: the deal's segment. REGION: its account's region (used as a label even when the account itself is not visible to you). OWNER: its owner.",
});

@InputType()
export class SalesCycleInput extends ReportWindowInput {
  @Field(() => SalesCycleGroupBy)
  groupBy: SalesCycleGroupBy;

  @Field(() => ID, { nullable: true, description: "The default pipeline if left out." })
  pipelineId?: string | null;
}

@ObjectType({
  description:
    "How the analysed deals went through one open stage. A deal 'entered' the stage if its history has a move into it (creation included); " +
    "it 'advanced' if, after entering it, it later entered an open stage further down the pipeline or a won stage (moving back or losing does not count).",
})
export class SalesCycleStage {
  @Field(() => PipelineStage)
  stage: PipelineStage;

  @Field(() => Int, { description: "Deals that entered the stage." })
  entered: number;

  @Field(() => Int, { description: "Of those, deals that advanced from it." })
  advanced: number;

  @Field(() => Int, { description: "Of those, deals won." })
  won: number;

  @Field(() => Float, { nullable: true, description: "advanced / entered; null when none entered." })
  conversionRate: number | null;

  @Field(() => Float, { nullable: true, description: "won / entered; null when none entered." })
  winRate: number | null;

  @Field(() => Int, { description: "Moves out of the stage, each with the time spent in it." })
  exits: number;

  @Field(() => Float, { nullable: true, description: "Average seconds in the stage before leaving it (secondsInFromStage); null without exits." })
  averageSecondsInStage: number | null;
}

@ObjectType({ description: "The deals of one group closed (won or lost) in the window: the analysed deals." })
export class SalesCycleGroup {
  @Field(() => User, { nullable: true, description: "The owner, when grouped by OWNER." })
  owner: User | null;

  @Field(() => ID, { nullable: true, description: "The product's id (a Product global id), when grouped by PRODUCT." })
  productId: string | null;

  @Field(() => String, { nullable: true, description: "The segment or region, when grouped by SEGMENT or REGION." })
  label: string | null;

  @Field(() => Int)
  won: number;

  @Field(() => Int)
  lost: number;

  @Field(() => Float, { nullable: true, description: "won / (won + lost)." })
  winRate: number | null;

  @Field(() => Money, { nullable: true, description: "Average amount of the won deals in the analysis currency, rounded to the minor unit; null without any." })
  averageDealSize: Money | null;

  @Field(() => Int, { description: "Won deals in the analysis currency: what averageDealSize averages." })
  wonInCurrency: number;

  @Field(() => Int, { description: "Won deals in other currencies, left out of averageDealSize (no currency conversion)." })
  wonInOtherCurrencies: number;

  @Field(() => Float, { nullable: true, description: "Average days from creation to closing of the won deals; null without any." })
  averageCycleDays: number | null;

  @Field(() => [SalesCycleStage], { description: "The pipeline's open stages, in order." })
  stages: SalesCycleStage[];
}

@ObjectType()
export class SalesCycle {
  @Field(() => String)
  from: string;

  @Field(() => String, { description: "The day after the last day counted." })
  to: string;

  @Field(() => String, { nullable: true })
  period: string | null;

  @Field(() => String)
  currency: string;

  @Field(() => SalesCycleGroupBy)
  groupBy: SalesCycleGroupBy;

  @Field(() => Pipeline, { nullable: true, description: "The pipeline analysed; null when the tenant has none." })
  pipeline: Pipeline | null;

  @Field(() => [SalesCycleGroup], { description: "Groups with deals closed in the window, by name (by id for products), the null group last." })
  groups: SalesCycleGroup[];
}
