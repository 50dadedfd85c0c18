import { tenantNode, permittedNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { Quota } from "./entities/quota.entity";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { ForecastResolver } from "./graphql/forecast.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { QuotaResolver } from "./graphql/quota.resolver";
import { SalesCycleResolver } from "./graphql/sales-cycle.resolver";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { opportunityNode } from "./loaders/opportunities.loader";
import { SFA_PERMISSIONS, type SfaPermission } from "./permissions";
import "./events";

const OPPORTUNITIES_READ: SfaPermission = "sfa.opportunities.read";
const FORECASTS_READ: SfaPermission = "sfa.forecasts.read";

/**
 * Sales force automation: leads, pipelines and opportunities, the rep calendar, quotes, orders,
 * forecasts and quotas. It reaches core only through core's services and hooks, and other
 * modules only through events.
 */
export const sfaModule = defineModule({
  name: "sfa",
  description: "Sales force automation: leads, opportunities, calendar, quotes, orders and forecasts",
  entities: [Pipeline, PipelineStage, Opportunity, OpportunityContact, OpportunityStageChange, OpportunityLineItem, Quota],
  resolvers: [
    PipelineResolver,
    OpportunityResolver,
    OpportunityContactResolver,
    OpportunityStageChangeResolver,
    AccountOpportunitiesResolver,
    ContactOpportunitiesResolver,
    Customer360OpportunitiesResolver,
    ForecastResolver,
    SalesCycleResolver,
    QuotaResolver,
  ],
  nodes: [
    opportunityNode,
    permittedNode(tenantNode("Pipeline", Pipeline), OPPORTUNITIES_READ),
    permittedNode(tenantNode("PipelineStage", PipelineStage), OPPORTUNITIES_READ),
    permittedNode(tenantNode("OpportunityStageChange", OpportunityStageChange), OPPORTUNITIES_READ),
    permittedNode(tenantNode("Quota", Quota), FORECASTS_READ),
  ],
  permissions: SFA_PERMISSIONS,
  hooks: { ...customerDataHooks },
});
