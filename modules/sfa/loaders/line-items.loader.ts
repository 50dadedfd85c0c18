import type DataLoader from "dataloader";
import { In } from "typeorm";
import { CATALOG_READ } from "../../../core/catalog/catalog.permissions";
import { groupBy, scopedLoader } from "../../../core/graphql/batch";
import { holds, requireTenant, type RequestContext } from "../../../core/graphql/context";
import { permittedNode } from "../../../core/graphql/relay/node-registry";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import { Opportunity } from "../entities/opportunity.entity";
import { opportunityLoader } from "./opportunities.loader";

/** A deal's line items in order, batched per request. */
export function lineItemsOfOpportunity(context: RequestContext, opportunityId: string): Promise<OpportunityLineItem[]> {
  return scopedLoader(context, "sfa.lineItemsByOpportunity", async (scope, ids) =>
    groupBy(ids, await scope.find(OpportunityLineItem, { where: { opportunityId: In([...ids]) }, order: { position: "ASC", id: "ASC" } }), (item) => item.opportunityId),
  ).load(opportunityId);
}

/** A product or price book behind a line, for readers of the catalogue only (as `node(id)` does). */
export function catalogRow<T>(context: RequestContext, rowId: string | null, loader: (context: RequestContext) => DataLoader<string, T | null>): Promise<T | null> {
  const principal = context.principal;
  if (rowId === null || !principal || !holds(principal, CATALOG_READ)) return Promise.resolve(null);
  return loader(context).load(rowId);
}

/** `node(id)` for line items: visible only with their opportunity, whose visibility they follow. */
export const lineItemNode = permittedNode<OpportunityLineItem>(
  {
    typeName: "OpportunityLineItem",
    async load(context, ids) {
      const items = await requireTenant(context).byIds(OpportunityLineItem, ids);
      const deals = await opportunityLoader(context).loadMany([...new Set(items.flatMap((item) => (item ? [item.opportunityId] : [])))]);
      const visible = new Set(deals.flatMap((deal) => (deal instanceof Opportunity ? [deal.id] : [])));
      return items.map((item) => (item && visible.has(item.opportunityId) ? item : null));
    },
  },
  "sfa.opportunities.read",
);
