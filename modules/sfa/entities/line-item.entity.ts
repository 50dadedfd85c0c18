import { Field, Int, ObjectType } from "type-graphql";
import { Column } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { moneyColumn } from "../../../core/money/money";

/**
 * What every line shares, on a deal, a quote or an order: a product at a quantity and a
 * discount, priced by `services.pricing`, with the book, entry and rule that chose the price so
 * that every amount can be traced. Amounts are minor units of `currency`.
 */
@ObjectType()
export abstract class PricedLine extends TenantEntity {
  @Column(bigintId)
  productId: string;

  @Field(() => Int, { description: "Order of the line, from 0." })
  @Column({ type: "smallint", unsigned: true })
  position: number;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: "The sales channel the line was priced for (lower case), if any." })
  @Column({ type: "varchar", length: 64, nullable: true })
  channel: string | null;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true })
  quantity: number;

  @Field(() => String, { description: "ISO 4217: the opportunity's (which cannot change while it has line items)." })
  @Column({ type: "char", length: 3 })
  currency: string;

  /** Per unit, before the discount. */
  @Column(moneyColumn)
  unitAmount: number;

  @Field(() => Int, { description: "Discount in basis points: 1250 is 12.5 %." })
  @Column({ type: "smallint", unsigned: true, default: 0 })
  discountBps: number;

  /** quantity × unitAmount. */
  @Column(moneyColumn)
  subtotal: number;

  /** subtotal × discountBps / 10,000, rounded half up to the minor unit. */
  @Column(moneyColumn)
  discountAmount: number;

  /** subtotal − discountAmount. */
  @Column(moneyColumn)
  lineTotal: number;

  @Column({ ...bigintId, nullable: true })
  priceBookId: string | null;

  @Column({ ...bigintId, nullable: true })
  priceBookEntryId: string | null;

  @Field(() => String, { nullable: true, description: "How the unit price was chosen (see PriceRule)." })
  @Column({ type: "varchar", length: 24, nullable: true })
  priceRule: string | null;
}
