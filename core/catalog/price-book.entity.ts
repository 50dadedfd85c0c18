import { Field, Int } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/**
 * A list of prices in one currency, for everyone (standard) or for a customer segment and/or a
 * sales channel, valid over a period. Which book prices a product is PricingService's to decide.
 */
@NodeType("PriceBook", { simpleResolvers: true })
@Entity()
@Index(["tenantId", "name", "id"])
/** The candidate books of a price resolution: the tenant's active books in a currency. */
@Index(["tenantId", "currency", "active", "validFrom"])
export class PriceBook extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => String, { description: "ISO 4217; fixed at creation, since every amount of the book is in its minor units." })
  @Column({ type: "char", length: 3 })
  currency: string;

  @Field(() => String, { nullable: true, description: "Customer segment the book is for (lower case, e.g. partner); null: any segment." })
  @Column({ type: "varchar", length: 64, nullable: true })
  segment: string | null;

  @Field(() => String, { nullable: true, description: "Sales channel the book is for (lower case, e.g. web); null: any channel." })
  @Column({ type: "varchar", length: 64, nullable: true })
  channel: string | null;

  @Field(() => Date, { description: "First moment the book applies." })
  @Column(timestamp)
  validFrom: Date;

  @Field(() => Date, { nullable: true, description: "The book applies until just before this moment (exclusive); null: open-ended." })
  @Column({ ...timestamp, nullable: true })
  validTo: Date | null;

  @Field(() => Int, { description: "Among equally specific books, the higher priority wins." })
  @Column({ type: "int", default: 0 })
  priority: number;

  @Field(() => Boolean, { description: "Inactive books are never used to price." })
  @Column({ type: "boolean", default: true })
  active: boolean;
}
