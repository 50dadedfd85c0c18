import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { moneyColumn } from "../../../core/money/money";

/** Whom a quota is set for. */
export enum QuotaAssignee {
  USER = "USER",
  TEAM = "TEAM",
}
registerEnumType(QuotaAssignee, { name: "QuotaAssignee" });

/**
 * A sales target for a rep or a team over a period of days: `periodStart` inclusive, `periodEnd`
 * exclusive, so a month, a quarter, a year or any other span is one row and periods compare by
 * plain date ranges. One quota per assignee and period: setting it again replaces the amount.
 */
@NodeType("Quota")
@Entity()
@Index(["tenantId", "assigneeType", "assigneeId", "periodStart", "periodEnd"], { unique: true })
@Index(["tenantId", "assigneeType", "periodStart"])
export class Quota extends TenantEntity {
  @Field(() => QuotaAssignee)
  @Column({ type: "varchar", length: 8 })
  assigneeType: QuotaAssignee;

  /** The user's or the team's row id, as `assigneeType` says. */
  @Column(bigintId)
  assigneeId: string;

  @Field(() => String, { description: "First day of the period (YYYY-MM-DD), included." })
  @Column({ type: "date" })
  periodStart: string;

  @Field(() => String, { description: "The day after the period's last day (YYYY-MM-DD): the end is excluded." })
  @Column({ type: "date" })
  periodEnd: string;

  /** Minor units of `currency`. */
  @Column(moneyColumn)
  amount: number;

  @Column({ type: "char", length: 3 })
  currency: string;
}
