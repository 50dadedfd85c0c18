import { GraphQLLocalDate } from "graphql-scalars";
import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { Team, User } from "../../../core/identity/identity.entities";
import { Money } from "../../../core/money/money";
import { PERIOD_FORMAT } from "../services/forecast-input";

export enum ForecastGroupBy {
  OWNER = "OWNER",
  TEAM = "TEAM",
}
registerEnumType(ForecastGroupBy, { name: "ForecastGroupBy", description: "OWNER: a row per deal owner. TEAM: a row per deal team (the team on the deal, not the owner's)." });

/** The span of days a report covers; shared by the forecast and the sales-cycle analysis. */
@InputType()
export abstract class ReportWindowInput {
  @Field(() => String, { nullable: true, description: `A calendar period: ${PERIOD_FORMAT}. Or give \`from\` and \`to\`.` })
  period?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "First day counted (UTC)." })
  from?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "The day after the last day counted (excluded), as in quotas." })
  to?: string | null;

  @Field(() => String, { description: "ISO 4217. Amounts are added up in this currency only: there is no currency conversion, deals in other currencies are left out and counted." })
  currency: string;
}

@InputType()
export class ForecastInput extends ReportWindowInput {
  @Field(() => ForecastGroupBy, { defaultValue: ForecastGroupBy.OWNER })
  groupBy: ForecastGroupBy;

  @Field(() => ID, { nullable: true, description: "Only this pipeline's deals; every pipeline by default." })
  pipelineId?: string | null;

  @Field(() => [ID], { nullable: true, description: "Only deals owned by these users (at most 100)." })
  ownerIds?: string[] | null;

  @Field(() => ID, { nullable: true, description: "Only deals of this team." })
  teamId?: string | null;
}

@ObjectType({ description: "A sum of deal amounts and how many deals it adds up (unsized deals count as 0)." })
export class ForecastAmount {
  @Field(() => Money)
  amount: Money;

  @Field(() => Int)
  deals: number;
}

@ObjectType({
  description:
    "Forecast figures, cumulative as in Salesforce's forecast categories. Open deals count when expected to close in the window, " +
    "won deals when closed in it; lost deals never count.",
})
export class ForecastFigures {
  @Field(() => ForecastAmount, { description: "Won in the window (by closing date)." })
  closed: ForecastAmount;

  @Field(() => ForecastAmount, { description: "closed + open deals in COMMIT." })
  commit: ForecastAmount;

  @Field(() => ForecastAmount, { description: "commit + open deals in BEST_CASE." })
  bestCase: ForecastAmount;

  @Field(() => ForecastAmount, { description: "Open pipeline: open deals in PIPELINE, BEST_CASE or COMMIT (nothing closed)." })
  pipeline: ForecastAmount;

  @Field(() => ForecastAmount, { description: "Open deals in OMITTED, which no other figure counts." })
  omitted: ForecastAmount;

  @Field(() => Money, { description: "Sum over the open pipeline's deals of amount × probability / 100, each rounded to the minor unit." })
  weightedPipeline: Money;

  @Field(() => Money, {
    nullable: true,
    description:
      "The quota for the window in the forecast's currency: the quota set for exactly the window, else the quotas inside it added up " +
      "(a longer period first, a quota overlapping one already counted left out). Null without any. A total's is its rows' quotas added up.",
  })
  quota: Money | null;

  @Field(() => Float, { nullable: true, description: "closed / quota (0.5 is 50 %); null without a quota or with a quota of 0." })
  attainment: number | null;

  @Field(() => Int, { description: "Deals that would count but are in another currency, left out of every figure." })
  excludedDeals: number;
}

@ObjectType()
export class ForecastRow {
  @Field(() => User, { nullable: true, description: "The deals' owner, when grouped by OWNER; null for deals without one." })
  owner: User | null;

  @Field(() => Team, { nullable: true, description: "The deals' team, when grouped by TEAM; null for deals without one." })
  team: Team | null;

  @Field(() => ForecastFigures)
  figures: ForecastFigures;
}

@ObjectType()
export class Forecast {
  @Field(() => String, { description: "First day counted." })
  from: string;

  @Field(() => String, { description: "The day after the last day counted." })
  to: string;

  @Field(() => String, { nullable: true, description: "The calendar period the window is, if it is one." })
  period: string | null;

  @Field(() => String)
  currency: string;

  @Field(() => ForecastGroupBy)
  groupBy: ForecastGroupBy;

  @Field(() => [ForecastRow], {
    description:
      "By owner's (team's) name, deals without one last. Every owner (team) with a deal that counts, and those with a quota for the window " +
      "whose deals you may see (all of them; yourself with OWN visibility; yourself, your teams and their members with TEAM visibility) that the filters name.",
  })
  rows: ForecastRow[];

  @Field(() => ForecastFigures, { description: "Every row added up." })
  total: ForecastFigures;

  @Field(() => [String], { description: "The other currencies of the deals left out, in order." })
  otherCurrencies: string[];
}
