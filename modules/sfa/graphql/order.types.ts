import { IsOptional, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { Order, OrderStatus } from "../entities/order.entity";

export const OrderConnection = Connection(Order, "Order");

@InputType()
export class OrderUpdateStatusInput {
  @Field(() => ID)
  id: string;

  @Field(() => OrderStatus, { description: "Where the order goes next; see OrderStatus for the allowed moves." })
  status: OrderStatus;

  @Field(() => String, { nullable: true, description: "Kept in the status history, e.g. a tracking number or why it was cancelled." })
  @IsOptional()
  @MaxLength(500)
  note?: string | null;
}

@InputType({ description: "Narrows the orders; every filter given must match." })
export class OrderFilter {
  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => ID, { nullable: true })
  opportunityId?: string | null;

  @Field(() => [OrderStatus], { nullable: true, description: "Any of these statuses." })
  statuses?: OrderStatus[] | null;
}

@ObjectType()
export class OrderPayload extends MutationPayload {
  @Field(() => Order, { nullable: true })
  order: Order | null = null;
}
