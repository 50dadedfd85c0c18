import { Field } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/** Something a tenant sells. Prices live in price books (PriceBookEntry), never on the product. */
@NodeType("Product", { simpleResolvers: true })
@Entity()
@Index(["tenantId", "sku"], { unique: true })
@Index(["tenantId", "name", "id"])
@Index(["tenantId", "family", "name", "id"])
export class Product extends TenantEntity {
  @Field(() => String, { description: "Stock keeping unit: unique in the tenant (letters and digits compared without case)." })
  @Column({ type: "varchar", length: 64 })
  sku: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  description: string | null;

  @Field(() => String, { nullable: true, description: "Product line or family, e.g. Licences, Services." })
  @Column({ type: "varchar", length: 80, nullable: true })
  family: string | null;

  @Field(() => Boolean, { description: "Inactive products stay listed but cannot be priced (not sold for now)." })
  @Column({ type: "boolean", default: true })
  active: boolean;

  @Field(() => Date, { nullable: true, description: "Retired for good: hidden from `products` unless asked for, and never priced." })
  @Column({ ...timestamp, nullable: true })
  archivedAt: Date | null;

  /** Whether the product may be sold: active and not archived. */
  get sellable(): boolean {
    return this.active && this.archivedAt === null;
  }
}
