import type DataLoader from "dataloader";
import { In } from "typeorm";
import { groupBy, pageLoaderKey, scopedLoader } from "../../../core/graphql/batch";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../../../core/graphql/relay/connection";
import { paginateGroups } from "../../../core/graphql/relay/grouped-connection";
import { permittedNode } from "../../../core/graphql/relay/node-registry";
import { Order } from "../entities/order.entity";
import { Quote, QuoteLine, QuoteStatus } from "../entities/quote.entity";
import type { SfaPermission } from "../permissions";

export const QUOTES_READ: SfaPermission = "sfa.quotes.read";

/** Newest first: the order of quote and order lists (the id is monotonic). */
export const QUOTE_ORDER: readonly SortKey<Quote>[] = [{ column: "q.id", value: (q) => q.id, direction: "DESC" }];

/** The cache key of a per-parent page loader: one loader per field arguments. */
export function quoteLoader(context: RequestContext): DataLoader<string, Quote | null> {
  return scopedLoader(context, "sfa.quoteById", (scope, ids) => scope.byIds(Quote, ids));
}

/** A quote's lines in order, batched per request. */
export function quoteLinesOf(context: RequestContext, quoteId: string): Promise<QuoteLine[]> {
  return scopedLoader(context, "sfa.linesByQuote", async (scope, ids) =>
    groupBy(ids, await scope.find(QuoteLine, { where: { quoteId: In([...ids]) }, order: { position: "ASC", id: "ASC" } }), (line) => line.quoteId),
  ).load(quoteId);
}

/** The order made from a quote, if any (and visible), batched per request. */
export function orderOfQuote(context: RequestContext, quoteId: string): Promise<Order | null> {
  return scopedLoader(context, "sfa.orderByQuote", async (scope, ids) => {
    const orders = new Map((await scope.findBy(Order, { quoteId: In([...ids]) })).map((order) => [order.quoteId, order]));
    return ids.map((id) => orders.get(id) ?? null);
  }).load(quoteId);
}

/** An opportunity's quotes (latest versions: superseded ones are left out), newest first, a page per opportunity in one statement. */
export function quotesOfOpportunity(context: RequestContext, opportunityId: string, args: ConnectionArgs): Promise<ConnectionResult<Quote>> {
  return scopedLoader(context, pageLoaderKey("sfa.quotesByOpportunity", args), async (scope, opportunityIds) => {
    const query = scope
      .query(Quote, "q")
      .andWhere("q.opportunityId IN (:...opportunityIds)", { opportunityIds })
      .andWhere("q.status <> :superseded", { superseded: QuoteStatus.SUPERSEDED });
    const pages = await paginateGroups(query, args, QUOTE_ORDER, { column: "q.opportunityId", keys: opportunityIds, id: "q.id", rows: scope.query(Quote, "row"), idOf: (q) => q.id });
    return opportunityIds.map((id) => pages.get(id)!);
  }).load(opportunityId);
}

export const quoteNode = permittedNode<Quote>({ typeName: "Quote", load: (context, ids) => requireTenant(context).byIds(Quote, ids) }, QUOTES_READ);
