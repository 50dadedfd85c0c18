import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { Account } from "../../../core/accounts/account.entity";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { userOf } from "../../../core/contacts/ownership.loader";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { User } from "../../../core/identity/identity.entities";
import { Order, OrderLine, OrderStatusChange } from "../entities/order.entity";
import { Quote } from "../entities/quote.entity";
import { ORDER_ORDER, orderLinesOf, ordersOfAccount, statusHistoryOf } from "../loaders/orders.loader";
import { QUOTES_READ, quoteLoader } from "../loaders/quotes.loader";
import type { SfaPermission } from "../permissions";
import { ordersService } from "../services/orders.service";
import { OrderConnection, OrderFilter, OrderPayload, OrderUpdateStatusInput } from "./order.types";
import { PricedLineFields } from "./line-item.resolver";
import { SalesDocumentFields } from "./quote-order-fields.resolver";

const WRITE: SfaPermission = "sfa.quotes.write";

@Resolver(() => Order)
export class OrderResolver extends SalesDocumentFields(Order) {
  @Authorized(QUOTES_READ)
  @Query(() => OrderConnection, { description: "Orders you may see, newest first." })
  orders(
    @Arg("filter", () => OrderFilter, { nullable: true }) filter: OrderFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Order>> {
    const query = requireTenant(context).query(Order, "o");
    const { accountId, opportunityId, statuses } = filter ?? {};
    if (accountId) query.andWhere("o.accountId = :accountId", { accountId: fromGlobalId(accountId, "Account").rowId });
    if (opportunityId) query.andWhere("o.opportunityId = :opportunityId", { opportunityId: fromGlobalId(opportunityId, "Opportunity").rowId });
    if (statuses) query.andWhere(statuses.length > 0 ? "o.status IN (:...statuses)" : "1 = 0", { statuses });
    return paginate(query, args, ORDER_ORDER);
  }

  @FieldResolver(() => [OrderLine])
  lines(@Root() order: Order, @Ctx() context: RequestContext): Promise<OrderLine[]> {
    return orderLinesOf(context, order.id);
  }

  @FieldResolver(() => [OrderStatusChange], { description: "Every status it went through, oldest first." })
  statusHistory(@Root() order: Order, @Ctx() context: RequestContext): Promise<OrderStatusChange[]> {
    return statusHistoryOf(context, order.id);
  }

  @FieldResolver(() => Quote, { nullable: true, description: "The accepted quote it was made from." })
  quote(@Root() order: Order, @Ctx() context: RequestContext): Promise<Quote | null> {
    return quoteLoader(context).load(order.quoteId);
  }

  @Authorized(WRITE)
  @Mutation(() => OrderPayload, { description: "Moves an order along: PENDING → CONFIRMED → (SHIPPED →) FULFILLED → INVOICED, or CANCELLED before shipping." })
  orderUpdateStatus(@Arg("input", () => OrderUpdateStatusInput) input: OrderUpdateStatusInput, @Ctx() context: RequestContext): Promise<OrderPayload> {
    const result = withRowIds([[input.id, "Order", ["input", "id"]]], ([id]) => run(context, "orderUpdateStatus", (uow) => ordersService.updateStatus(uow, id!, input)));
    return respond(new OrderPayload(), result, (payload, { record }) => {
      payload.order = record;
    });
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver extends PricedLineFields(OrderLine) {}

@Resolver(() => OrderStatusChange)
export class OrderStatusChangeResolver {
  @FieldResolver(() => User, { nullable: true, description: "Who moved it; null for system work." })
  changedBy(@Root() change: OrderStatusChange, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, change.changedById);
  }
}

/** `Account.orders`: in the schema only while the sales module is. */
@Resolver(() => Account)
export class AccountOrdersResolver {
  @Authorized(QUOTES_READ)
  @FieldResolver(() => OrderConnection, { nullable: true, description: "The account's orders you may see, newest first." })
  orders(@Root() account: Account, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Order>> {
    return ordersOfAccount(context, account.id, args);
  }
}
