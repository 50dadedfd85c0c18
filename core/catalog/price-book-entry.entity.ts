import { Field, Int } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";
import { moneyColumn } from "../money/money";

/**
 * A product's unit price in a price book, from `minQuantity` units on: several entries of one
 * product in one book are its volume tiers. The currency is the book's.
 */
@NodeType("PriceBookEntry", { simpleResolvers: true })
@Entity()
@Index(["priceBookId", "productId", "minQuantity"], { unique: true })
/** Price resolution starts from the products asked about; `Product.prices` lists them too. */
@Index(["tenantId", "productId", "priceBookId", "minQuantity"])
export class PriceBookEntry extends TenantEntity {
  @Column(bigintId)
  priceBookId: string;

  @Column(bigintId)
  productId: string;

  /** Minor units of the book's currency; exposed as `unitPrice` (Money). */
  @Column(moneyColumn)
  unitAmount: number;

  @Field(() => Int, { description: "The entry applies from this many units on (1 for the base price)." })
  @Column({ type: "int", unsigned: true, default: 1 })
  minQuantity: number;
}
