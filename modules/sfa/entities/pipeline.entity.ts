import { Field, Int, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, jsonTransformer, timestamp } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";

/** Whether an opportunity in the stage is still being worked, or closed one way or the other. */
export enum StageOutcome {
  OPEN = "OPEN",
  WON = "WON",
  LOST = "LOST",
}
registerEnumType(StageOutcome, { name: "StageOutcome" });

/** How a rep judges a deal for the forecast, independently of its stage. */
export enum ForecastCategory {
  PIPELINE = "PIPELINE",
  BEST_CASE = "BEST_CASE",
  COMMIT = "COMMIT",
  CLOSED = "CLOSED",
  OMITTED = "OMITTED",
}
registerEnumType(ForecastCategory, { name: "ForecastCategory" });

/** Opportunity data a stage can demand before a deal may enter it. */
export enum OpportunityRequirement {
  AMOUNT = "AMOUNT",
  CONTACT = "CONTACT",
  PRIMARY_CONTACT = "PRIMARY_CONTACT",
  COMPETITORS = "COMPETITORS",
  NEXT_STEP = "NEXT_STEP",
}
registerEnumType(OpportunityRequirement, { name: "OpportunityRequirement" });

/** A sales process: an ordered list of stages. A tenant may run several (new business, renewals). */
@NodeType("Pipeline")
@Entity()
@Index(["tenantId", "name"], { unique: true })
export class Pipeline extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;

  @Field(() => Boolean, { description: "The pipeline a new opportunity joins when none is named; one per tenant." })
  @Column({ type: "boolean", default: false })
  isDefault: boolean;

  @Field(() => Date, { nullable: true, description: "Archived pipelines take no new opportunities." })
  @Column({ ...timestamp, nullable: true })
  archivedAt: Date | null;
}

@NodeType("PipelineStage")
@Entity()
@Index(["tenantId", "pipelineId", "position"])
export class PipelineStage extends TenantEntity {
  @Column(bigintId)
  pipelineId: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 80 })
  name: string;

  @Field(() => Int, { description: "Order within the pipeline, from 0." })
  @Column({ type: "smallint", unsigned: true })
  position: number;

  @Field(() => Int, { description: "Default win probability, in percent, for opportunities entering the stage." })
  @Column({ type: "tinyint", unsigned: true })
  probability: number;

  @Field(() => StageOutcome)
  @Column({ type: "varchar", length: 8 })
  outcome: StageOutcome;

  @Field(() => ForecastCategory, { description: "The category an opportunity takes on entering the stage." })
  @Column({ type: "varchar", length: 16 })
  forecastCategory: ForecastCategory;

  @Field(() => [OpportunityRequirement], { description: "What an opportunity must have to enter the stage." })
  @Column({ type: "json", transformer: jsonTransformer })
  requirements: OpportunityRequirement[];
}
