import { In } from "typeorm";
import { groupBy, pageLoaderKey, scopedLoader } from "../../../core/graphql/batch";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../../../core/graphql/relay/connection";
import { paginateGroups } from "../../../core/graphql/relay/grouped-connection";
import { permittedNode } from "../../../core/graphql/relay/node-registry";
import { Order, OrderLine, OrderStatusChange } from "../entities/order.entity";
import { QUOTES_READ } from "./quotes.loader";

/** Newest first. */
export const ORDER_ORDER: readonly SortKey<Order>[] = [{ column: "o.id", value: (o) => o.id, direction: "DESC" }];

/** An order's lines in order, batched per request. */
export function orderLinesOf(context: RequestContext, orderId: string): Promise<OrderLine[]> {
  return scopedLoader(context, "sfa.linesByOrder", async (scope, ids) =>
    groupBy(ids, await scope.find(OrderLine, { where: { orderId: In([...ids]) }, order: { position: "ASC", id: "ASC" } }), (line) => line.orderId),
  ).load(orderId);
}

/** An order's status changes, oldest first, batched per request. */
export function statusHistoryOf(context: RequestContext, orderId: string): Promise<OrderStatusChange[]> {
  return scopedLoader(context, "sfa.statusHistoryByOrder", async (scope, ids) =>
    groupBy(ids, await scope.find(OrderStatusChange, { where: { orderId: In([...ids]) }, order: { changedAt: "ASC", id: "ASC" } }), (change) => change.orderId),
  ).load(orderId);
}

/** An account's orders the reader may see, newest first, a page per account in one statement. */
export function ordersOfAccount(context: RequestContext, accountId: string, args: ConnectionArgs): Promise<ConnectionResult<Order>> {
  return scopedLoader(context, pageLoaderKey("sfa.ordersByAccount", args), async (scope, accountIds) => {
    const query = scope.query(Order, "o").andWhere("o.accountId IN (:...accountIds)", { accountIds });
    const pages = await paginateGroups(query, args, ORDER_ORDER, { column: "o.accountId", keys: accountIds, id: "o.id", rows: scope.query(Order, "row"), idOf: (o) => o.id });
    return accountIds.map((id) => pages.get(id)!);
  }).load(accountId);
}

export const orderNode = permittedNode<Order>({ typeName: "Order", load: (context, ids) => requireTenant(context).byIds(Order, ids) }, QUOTES_READ);
