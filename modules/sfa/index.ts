import { tenantNode, permittedNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { LeadAssignmentRule } from "./entities/lead-assignment-rule.entity";
import { LeadImport, LeadImportRowError } from "./entities/lead-import.entity";
import { Lead } from "./entities/lead.entity";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { WebForm } from "./entities/web-form.entity";
import { LeadAssignmentRuleResolver } from "./graphql/lead-assignment-rule.resolver";
import { LeadImportResolver } from "./graphql/lead-import.resolver";
import { LeadResolver } from "./graphql/lead.resolver";
import { WebFormResolver } from "./graphql/web-form.resolver";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { leadFromMarketing } from "./handlers/lead-from-marketing.handler";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { leadImportJob } from "./jobs/lead-import.job";
import { leadResponseCheckJob, leadResponseSweepJob } from "./jobs/lead-response.jobs";
import { leadNodes } from "./loaders/leads.loader";
import { opportunityNode } from "./loaders/opportunities.loader";
import { SFA_PERMISSIONS, type SfaPermission } from "./permissions";
import { leadImportRoutes } from "./routes/lead-import.routes";
import { webFormRoutes } from "./routes/web-form.routes";
import { leadSettingsSchema } from "./services/lead-settings";
import "./events";

const OPPORTUNITIES_READ: SfaPermission = "sfa.opportunities.read";

/**
 * Sales force automation: leads, pipelines and opportunities, the rep calendar, quotes, orders,
 * forecasts and quotas. It reaches core only through core's services and hooks, and other
 * modules only through events.
 */
export const sfaModule = defineModule({
  name: "sfa",
  description: "Sales force automation: leads, opportunities, calendar, quotes, orders and forecasts",
  entities: [
    Pipeline,
    PipelineStage,
    Opportunity,
    OpportunityContact,
    OpportunityStageChange,
    OpportunityLineItem,
    Lead,
    LeadAssignmentRule,
    WebForm,
    LeadImport,
    LeadImportRowError,
  ],
  resolvers: [
    PipelineResolver,
    OpportunityResolver,
    OpportunityContactResolver,
    OpportunityStageChangeResolver,
    AccountOpportunitiesResolver,
    ContactOpportunitiesResolver,
    Customer360OpportunitiesResolver,
    LeadResolver,
    LeadAssignmentRuleResolver,
    WebFormResolver,
    LeadImportResolver,
  ],
  nodes: [
    opportunityNode,
    permittedNode(tenantNode("Pipeline", Pipeline), OPPORTUNITIES_READ),
    permittedNode(tenantNode("PipelineStage", PipelineStage), OPPORTUNITIES_READ),
    permittedNode(tenantNode("OpportunityStageChange", OpportunityStageChange), OPPORTUNITIES_READ),
    ...leadNodes,
  ],
  jobs: [leadResponseCheckJob, leadResponseSweepJob, leadImportJob],
  eventHandlers: [leadFromMarketing],
  routes: [webFormRoutes, leadImportRoutes],
  permissions: SFA_PERMISSIONS,
  config: leadSettingsSchema,
  hooks: { ...customerDataHooks },
});
