import { Field, Int } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { moneyColumn } from "../../../core/money/money";

/**
 * A product on a deal at a resolved price. The price book entry and the rule that chose it are
 * kept, so every price on a deal (and on the quotes made from it) can be traced.
 */
@NodeType("OpportunityLineItem")
@Entity()
@Index(["tenantId", "opportunityId", "position"])
@Index(["tenantId", "productId"])
export class OpportunityLineItem extends TenantEntity {
  @Column(bigintId)
  opportunityId: string;

  @Column(bigintId)
  productId: string;

  @Field(() => Int)
  @Column({ type: "smallint", unsigned: true })
  position: number;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  description: string | null;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true })
  quantity: number;

  /** Minor units of the opportunity's currency, per unit, before discount. */
  @Column(moneyColumn)
  unitAmount: number;

  @Field(() => Int, { description: "Discount in basis points: 1250 is 12.5 %." })
  @Column({ type: "smallint", unsigned: true, default: 0 })
  discountBps: number;

  /** quantity × unit amount less the discount, rounded to the minor unit. */
  @Column(moneyColumn)
  lineTotal: number;

  @Column({ ...bigintId, nullable: true })
  priceBookId: string | null;

  @Column({ ...bigintId, nullable: true })
  priceBookEntryId: string | null;

  @Field(() => String, { nullable: true, description: "How the unit price was chosen (the price rule), or null when set by hand." })
  @Column({ type: "varchar", length: 24, nullable: true })
  priceRule: string | null;
}
