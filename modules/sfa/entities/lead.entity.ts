import { Field, Int, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { OwnedEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { moneyColumn } from "../../../core/money/money";

export enum LeadSource {
  API = "API",
  WEB_FORM = "WEB_FORM",
  IMPORT = "IMPORT",
  MARKETING = "MARKETING",
  OTHER = "OTHER",
}
registerEnumType(LeadSource, { name: "LeadSource", description: "The channel a lead came in through." });

export enum LeadStatus {
  NEW = "NEW",
  WORKING = "WORKING",
  QUALIFIED = "QUALIFIED",
  DISQUALIFIED = "DISQUALIFIED",
  CONVERTED = "CONVERTED",
}
registerEnumType(LeadStatus, { name: "LeadStatus" });

/** Statuses of leads still waiting for a rep: what LOAD balancing counts and reassignment watches. */
export const OPEN_LEAD_STATUSES: readonly LeadStatus[] = [LeadStatus.NEW, LeadStatus.WORKING];

/** BANT's B: is there money for this? */
export enum LeadBudget {
  UNKNOWN = "UNKNOWN",
  NONE = "NONE",
  PLANNED = "PLANNED",
  APPROVED = "APPROVED",
}
registerEnumType(LeadBudget, { name: "LeadBudget", description: "Whether the prospect has money for the purchase (BANT budget)." });

/** BANT's A: the person's say in the purchase. */
export enum LeadAuthority {
  UNKNOWN = "UNKNOWN",
  USER = "USER",
  INFLUENCER = "INFLUENCER",
  DECISION_MAKER = "DECISION_MAKER",
}
registerEnumType(LeadAuthority, { name: "LeadAuthority", description: "The lead's say in the purchase (BANT authority)." });

/** BANT's T: when they mean to buy. */
export enum LeadTimeline {
  UNKNOWN = "UNKNOWN",
  IMMEDIATE = "IMMEDIATE",
  THIS_QUARTER = "THIS_QUARTER",
  THIS_YEAR = "THIS_YEAR",
  LATER = "LATER",
}
registerEnumType(LeadTimeline, { name: "LeadTimeline", description: "When the prospect means to buy (BANT timeline)." });

/**
 * A person who may become a customer, before sales has verified it. Owned by the rep it is
 * assigned to (null while unassigned); `respondBy` is the deadline of the rep's first action,
 * after which the assignment rule hands the lead to its next member. Once converted it is a
 * read-only record of where the account, contact and opportunity came from.
 */
@NodeType("Lead")
// LEAD is a reserved word in MySQL 8 (a window function).
@Entity("sales_lead")
@Index(["tenantId", "id"])
@Index(["tenantId", "ownerId", "status"])
@Index(["tenantId", "status", "id"])
@Index(["tenantId", "externalRef"], { unique: true })
@Index(["tenantId", "email"])
@Index(["tenantId", "convertedContactId"])
@Index(["tenantId", "convertedAccountId"])
@Index(["firstName", "lastName", "email", "company"], { fulltext: true })
/** The sweep looks for overdue leads across tenants. */
@Index(["respondBy"])
export class Lead extends OwnedEntity {
  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 100, nullable: true })
  firstName: string | null;

  @Field(() => String)
  @Column({ type: "varchar", length: 100 })
  lastName: string;

  @Field(() => String, { nullable: true, description: "Normalised: trimmed, lower case." })
  @Column({ type: "varchar", length: 254, nullable: true })
  email: string | null;

  @Field(() => String, { nullable: true, description: "E.164, e.g. +33140000000." })
  @Column({ type: "varchar", length: 40, nullable: true })
  phone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 200, nullable: true })
  company: string | null;

  @Field(() => String, { nullable: true, description: "Job title." })
  @Column({ type: "varchar", length: 120, nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 500, nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true, description: "Sales region or territory." })
  @Column({ type: "varchar", length: 80, nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  @Column({ type: "char", length: 2, nullable: true })
  country: string | null;

  @Field(() => LeadSource)
  @Column({ type: "varchar", length: 16 })
  source: LeadSource;

  @Field(() => LeadStatus)
  @Column({ type: "varchar", length: 16 })
  status: LeadStatus;

  @Field(() => Int, { nullable: true, description: "0-100; higher is hotter." })
  @Column({ type: "tinyint", unsigned: true, nullable: true })
  score: number | null;

  @Column({ type: "varchar", length: 16, default: LeadBudget.UNKNOWN })
  budget: LeadBudget;

  /** Minor units of `budgetCurrency`. */
  @Column({ ...moneyColumn, nullable: true })
  budgetAmount: number | null;

  @Column({ type: "char", length: 3, nullable: true })
  budgetCurrency: string | null;

  @Column({ type: "varchar", length: 16, default: LeadAuthority.UNKNOWN })
  authority: LeadAuthority;

  /** The problem the prospect wants solved, in the rep's words. */
  @Column({ type: "text", nullable: true })
  need: string | null;

  @Column({ type: "varchar", length: 16, default: LeadTimeline.UNKNOWN })
  timeline: LeadTimeline;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  qualifiedAt: Date | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  disqualifiedReason: string | null;

  @Field(() => String, { nullable: true, description: "The lead's id in the system it came from; unique in your tenant." })
  @Column({ type: "varchar", length: 100, nullable: true })
  externalRef: string | null;

  /** The rule that assigned the current owner; null for manual assignment. */
  @Column({ ...bigintId, nullable: true })
  assignmentRuleId: string | null;

  /** Times the lead moved on because its owner missed `respondBy`, since it was last routed. */
  @Column({ type: "smallint", unsigned: true, default: 0 })
  reassignments: number;

  @Field(() => Date, { nullable: true, description: "When the current owner got the lead." })
  @Column({ ...timestamp, nullable: true })
  assignedAt: Date | null;

  @Field(() => Date, { nullable: true, description: "The owner must act before this, or the lead goes to the rule's next member; null when no deadline is pending." })
  @Column({ ...timestamp, nullable: true })
  respondBy: Date | null;

  @Field(() => Date, { nullable: true, description: "The current owner's first change to the lead (update, qualification, disqualification, conversion)." })
  @Column({ ...timestamp, nullable: true })
  firstActionAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  convertedAt: Date | null;

  @Column({ ...bigintId, nullable: true })
  convertedAccountId: string | null;

  @Column({ ...bigintId, nullable: true })
  convertedContactId: string | null;

  @Column({ ...bigintId, nullable: true })
  convertedOpportunityId: string | null;
}
