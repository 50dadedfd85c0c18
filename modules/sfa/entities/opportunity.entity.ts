import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, jsonTransformer, timestamp } from "../../../core/db/columns";
import { OwnedEntity, TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { moneyColumn } from "../../../core/money/money";
import { ForecastCategory, StageOutcome } from "./pipeline.entity";

export enum OpportunityContactRole {
  DECISION_MAKER = "DECISION_MAKER",
  ECONOMIC_BUYER = "ECONOMIC_BUYER",
  TECHNICAL_BUYER = "TECHNICAL_BUYER",
  CHAMPION = "CHAMPION",
  INFLUENCER = "INFLUENCER",
  USER = "USER",
  OTHER = "OTHER",
}
registerEnumType(OpportunityContactRole, { name: "OpportunityContactRole" });

/**
 * A deal in progress with an account. Its status mirrors its stage's outcome; `stageEnteredAt`
 * dates the current stage, so the time spent in it is known when it leaves.
 */
@NodeType("Opportunity")
@Entity()
@Index(["tenantId", "expectedCloseDate", "id"])
@Index(["tenantId", "accountId"])
@Index(["tenantId", "ownerId", "expectedCloseDate"])
@Index(["tenantId", "stageId"])
@Index(["tenantId", "status", "closedAt"])
/** The forecast's open half: open deals closing in a window. */
@Index(["tenantId", "status", "expectedCloseDate"])
export class Opportunity extends OwnedEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Column(bigintId)
  accountId: string;

  @Column(bigintId)
  pipelineId: string;

  @Column(bigintId)
  stageId: string;

  @Field(() => StageOutcome, { description: "OPEN, or WON/LOST once the opportunity sits in a closing stage." })
  @Column({ type: "varchar", length: 8 })
  status: StageOutcome;

  /** Minor units of `currency`; null until the deal is sized. */
  @Column({ ...moneyColumn, nullable: true })
  amount: number | null;

  @Field(() => String, { description: "ISO 4217." })
  @Column({ type: "char", length: 3 })
  currency: string;

  @Field(() => String, { description: "The date the deal is expected to close (YYYY-MM-DD)." })
  @Column({ type: "date" })
  expectedCloseDate: string;

  @Field(() => Int, { description: "Win probability in percent: the stage's default unless set." })
  @Column({ type: "tinyint", unsigned: true })
  probability: number;

  @Field(() => ForecastCategory)
  @Column({ type: "varchar", length: 16 })
  forecastCategory: ForecastCategory;

  @Field(() => [String], { description: "Competitors in the deal." })
  @Column({ type: "json", transformer: jsonTransformer })
  competitors: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 200, nullable: true })
  lostReason: string | null;

  @Field(() => String, { nullable: true, description: "Customer segment, e.g. enterprise or SMB, for analysis." })
  @Column({ type: "varchar", length: 40, nullable: true })
  segment: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  nextStep: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => Date)
  @Column(timestamp)
  stageEnteredAt: Date;

  @Field(() => Date, { nullable: true, description: "When it was won or lost." })
  @Column({ ...timestamp, nullable: true })
  closedAt: Date | null;

  /** The lead it was converted from, if any. */
  @Column({ ...bigintId, nullable: true })
  leadId: string | null;
}

/** A person's part in a deal. */
@ObjectType()
@Entity()
@Index(["tenantId", "opportunityId", "contactId"], { unique: true })
@Index(["tenantId", "contactId"])
export class OpportunityContact extends TenantEntity {
  @Column(bigintId)
  opportunityId: string;

  @Column(bigintId)
  contactId: string;

  @Field(() => OpportunityContactRole)
  @Column({ type: "varchar", length: 20 })
  role: OpportunityContactRole;

  @Field(() => Boolean)
  @Column({ type: "boolean", default: false })
  isPrimary: boolean;
}

/** One move between stages, with how long the opportunity had been in the stage it left. */
@NodeType("OpportunityStageChange")
@Entity()
@Index(["tenantId", "opportunityId", "changedAt"])
@Index(["tenantId", "changedAt"])
export class OpportunityStageChange extends TenantEntity {
  @Column(bigintId)
  opportunityId: string;

  /** Null for the stage an opportunity was created in. */
  @Column({ ...bigintId, nullable: true })
  fromStageId: string | null;

  @Column(bigintId)
  toStageId: string;

  @Field(() => Date)
  @Column(timestamp)
  changedAt: Date;

  @Field(() => Int, { nullable: true, description: "Seconds spent in the stage left; null on creation." })
  @Column({ type: "int", unsigned: true, nullable: true })
  secondsInFromStage: number | null;

  @Column({ ...bigintId, nullable: true })
  changedById: string | null;

  /** The amount when it moved, for conversion analysis. */
  @Column({ ...moneyColumn, nullable: true })
  amount: number | null;
}
