import { Field, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { DocumentLine, SalesDocument } from "./quote.entity";

export enum OrderStatus {
  PENDING = "PENDING",
  CONFIRMED = "CONFIRMED",
  SHIPPED = "SHIPPED",
  FULFILLED = "FULFILLED",
  INVOICED = "INVOICED",
  CANCELLED = "CANCELLED",
}
registerEnumType(OrderStatus, {
  name: "OrderStatus",
  description: "PENDING → CONFIRMED → (SHIPPED →) FULFILLED → INVOICED; PENDING or CONFIRMED → CANCELLED.",
  valuesConfig: {
    PENDING: { description: "Made from an accepted quote; not yet confirmed." },
    CONFIRMED: { description: "Confirmed to the customer." },
    SHIPPED: { description: "On its way (for goods)." },
    FULFILLED: { description: "Delivered or performed." },
    INVOICED: { description: "Billed: the end of its course." },
    CANCELLED: { description: "Called off before shipping." },
  },
});

/** What an order may become next; INVOICED and CANCELLED are final. */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  [OrderStatus.PENDING]: [OrderStatus.CONFIRMED, OrderStatus.CANCELLED],
  [OrderStatus.CONFIRMED]: [OrderStatus.SHIPPED, OrderStatus.FULFILLED, OrderStatus.CANCELLED],
  [OrderStatus.SHIPPED]: [OrderStatus.FULFILLED],
  [OrderStatus.FULFILLED]: [OrderStatus.INVOICED],
  [OrderStatus.INVOICED]: [],
  [OrderStatus.CANCELLED]: [],
};

/** An accepted quote turned into an order: its lines and totals copied, then tracked through its statuses. */
@NodeType("Order")
@Entity("sales_order")
@Index(["tenantId", "number"], { unique: true })
@Index(["tenantId", "quoteId"], { unique: true })
@Index(["tenantId", "accountId", "id"])
@Index(["tenantId", "opportunityId"])
@Index(["tenantId", "contactId"])
export class Order extends SalesDocument {
  /** The accepted quote (version) it was made from: one order per quote. */
  @Column(bigintId)
  quoteId: string;

  @Field(() => OrderStatus)
  @Column({ type: "varchar", length: 12 })
  status: OrderStatus;

  @Field(() => Date, { description: "When it entered its current status." })
  @Column(timestamp)
  statusChangedAt: Date;
}

@ObjectType({ description: "A line of an order, copied from the accepted quote." })
@Entity()
@Index(["tenantId", "orderId", "position"])
export class OrderLine extends DocumentLine {
  @Column(bigintId)
  orderId: string;
}

@ObjectType({ description: "One step of an order's course: who moved it, when, and from which status." })
@Entity()
@Index(["tenantId", "orderId", "changedAt"])
export class OrderStatusChange extends TenantEntity {
  @Column(bigintId)
  orderId: string;

  @Field(() => OrderStatus, { nullable: true, description: "Null for the status the order was made in." })
  @Column({ type: "varchar", length: 12, nullable: true })
  fromStatus: OrderStatus | null;

  @Field(() => OrderStatus)
  @Column({ type: "varchar", length: 12 })
  toStatus: OrderStatus;

  @Field(() => Date)
  @Column(timestamp)
  changedAt: Date;

  @Column({ ...bigintId, nullable: true })
  changedById: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 500, nullable: true })
  note: string | null;
}
