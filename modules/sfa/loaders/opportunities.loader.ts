import type DataLoader from "dataloader";
import { In } from "typeorm";
import type { TenantScope } from "../../../core/db/tenant-scope";
import { groupBy, inOrder, pageLoaderKey, scopedLoader } from "../../../core/graphql/batch";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../../../core/graphql/relay/connection";
import { paginateGroups } from "../../../core/graphql/relay/grouped-connection";
import { permittedNode } from "../../../core/graphql/relay/node-registry";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "../entities/opportunity.entity";
import { Pipeline, PipelineStage } from "../entities/pipeline.entity";

/** Soonest expected close first, then id: the order of every opportunity list (an index serves it). */
export const OPPORTUNITY_ORDER: readonly SortKey<Opportunity>[] = [
  { column: "o.expectedCloseDate", value: (o) => o.expectedCloseDate, direction: "ASC" },
  { column: "o.id", value: (o) => o.id, direction: "ASC" },
];

export async function opportunitiesByIds(scope: TenantScope, ids: readonly string[]): Promise<(Opportunity | null)[]> {
  return inOrder(ids, await scope.findBy(Opportunity, { id: In([...ids]) }));
}

export function opportunityLoader(context: RequestContext): DataLoader<string, Opportunity | null> {
  return scopedLoader(context, "sfa.opportunityById", opportunitiesByIds);
}

export function pipelineLoader(context: RequestContext): DataLoader<string, Pipeline | null> {
  return scopedLoader(context, "sfa.pipelineById", (scope, ids) => scope.byIds(Pipeline, ids));
}

export function stageLoader(context: RequestContext): DataLoader<string, PipelineStage | null> {
  return scopedLoader(context, "sfa.stageById", (scope, ids) => scope.byIds(PipelineStage, ids));
}

/** A pipeline's stages in order, batched per request. */
export function stagesOfPipeline(context: RequestContext, pipelineId: string): Promise<PipelineStage[]> {
  return scopedLoader(context, "sfa.stagesByPipeline", async (scope, ids) =>
    groupBy(ids, await scope.find(PipelineStage, { where: { pipelineId: In([...ids]) }, order: { position: "ASC", id: "ASC" } }), (stage) => stage.pipelineId),
  ).load(pipelineId);
}

/** The people on a deal, primary first, batched per request. */
export function contactRolesOfOpportunity(context: RequestContext, opportunityId: string): Promise<OpportunityContact[]> {
  return scopedLoader(context, "sfa.contactRolesByOpportunity", async (scope, ids) =>
    groupBy(ids, await scope.find(OpportunityContact, { where: { opportunityId: In([...ids]) }, order: { isPrimary: "DESC", id: "ASC" } }), (link) => link.opportunityId),
  ).load(opportunityId);
}

/** A deal's moves, oldest first, batched per request. */
export function stageHistoryOf(context: RequestContext, opportunityId: string): Promise<OpportunityStageChange[]> {
  return scopedLoader(context, "sfa.stageHistoryByOpportunity", async (scope, ids) =>
    groupBy(ids, await scope.find(OpportunityStageChange, { where: { opportunityId: In([...ids]) }, order: { changedAt: "ASC", id: "ASC" } }), (change) => change.opportunityId),
  ).load(opportunityId);
}

/** An account's opportunities the reader may see, a keyset page per account, batched per request and arguments. */
export function opportunitiesOfAccount(context: RequestContext, accountId: string, args: ConnectionArgs): Promise<ConnectionResult<Opportunity>> {
  return scopedLoader(context, pageLoaderKey("sfa.opportunitiesByAccount", args), async (scope, accountIds) => {
    const query = scope.query(Opportunity, "o").andWhere("o.accountId IN (:...accountIds)", { accountIds });
    const pages = await paginateGroups(query, args, OPPORTUNITY_ORDER, { column: "o.accountId", keys: accountIds, id: "o.id", rows: scope.query(Opportunity, "row"), idOf: (o) => o.id });
    return accountIds.map((id) => pages.get(id)!);
  }).load(accountId);
}

/** The opportunities a contact plays a part in, as `opportunitiesOfAccount`. */
export function opportunitiesOfContact(context: RequestContext, contactId: string, args: ConnectionArgs): Promise<ConnectionResult<Opportunity>> {
  return scopedLoader(context, pageLoaderKey("sfa.opportunitiesByContact", args), async (scope, contactIds) => {
    const query = scope
      .query(Opportunity, "o")
      .innerJoin(OpportunityContact, "l", "l.opportunityId = o.id AND l.tenantId = o.tenantId")
      .andWhere("l.contactId IN (:...contactIds)", { contactIds });
    const pages = await paginateGroups(query, args, OPPORTUNITY_ORDER, { column: "l.contactId", keys: contactIds, id: "o.id", rows: scope.query(Opportunity, "row"), idOf: (o) => o.id });
    return contactIds.map((id) => pages.get(id)!);
  }).load(contactId);
}

export const opportunityNode = permittedNode<Opportunity>({ typeName: "Opportunity", load: (context, ids) => opportunitiesByIds(requireTenant(context), ids) }, "sfa.opportunities.read");
