import { permittedNode, tenantNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { ActivitySeries } from "./entities/activity-series.entity";
import { Activity, ActivityParticipant } from "./entities/activity.entity";
import { CalendarFeed } from "./entities/calendar-feed.entity";
import { LeadAssignmentRule } from "./entities/lead-assignment-rule.entity";
import { LeadImport, LeadImportRowError } from "./entities/lead-import.entity";
import { Lead } from "./entities/lead.entity";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { Quota } from "./entities/quota.entity";
import { WebForm } from "./entities/web-form.entity";
import { AccountActivitiesResolver, ActivityParticipantsResolver, ContactActivitiesResolver } from "./graphql/activity-participants.resolver";
import { ACTIVITIES_READ, ActivityResolver } from "./graphql/activity.resolver";
import { CalendarFeedResolver } from "./graphql/calendar-feed.resolver";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { ForecastResolver } from "./graphql/forecast.resolver";
import { LeadAssignmentRuleResolver } from "./graphql/lead-assignment-rule.resolver";
import { LeadImportResolver } from "./graphql/lead-import.resolver";
import { LeadResolver } from "./graphql/lead.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { QuotaResolver } from "./graphql/quota.resolver";
import { SalesCycleGroupResolver, SalesCycleResolver } from "./graphql/sales-cycle.resolver";
import { WebFormResolver } from "./graphql/web-form.resolver";
import { leadFromMarketing } from "./handlers/lead-from-marketing.handler";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { demoDataHooks } from "./hooks/demo-data.hooks";
import { activitySeriesExtendJob } from "./jobs/activity-series-extend.job";
import { leadImportJob } from "./jobs/lead-import.job";
import { leadResponseCheckJob, leadResponseSweepJob } from "./jobs/lead-response.jobs";
import { reminderFireJob } from "./jobs/reminder-fire.job";
import { reminderSweepJob } from "./jobs/reminder-sweep.job";
import { leadNodes } from "./loaders/leads.loader";
import { opportunityNode } from "./loaders/opportunities.loader";
import { SFA_PERMISSIONS, type SfaPermission } from "./permissions";
import { calendarFeedRoute } from "./routes/calendar-feed.routes";
import { leadImportRoutes } from "./routes/lead-import.routes";
import { webFormRoutes } from "./routes/web-form.routes";
import { leadSettingsSchema } from "./services/lead-settings";
import "./events";

const OPPORTUNITIES_READ: SfaPermission = "sfa.opportunities.read";
const FORECASTS_READ: SfaPermission = "sfa.forecasts.read";

/**
 * Sales force automation: leads, pipelines and opportunities, the rep calendar, quotes, orders,
 * forecasts and quotas. It reaches core only through core's services and hooks, and other
 * modules only through events. Lists are grouped by area, in the same order everywhere.
 */
export const sfaModule = defineModule({
  name: "sfa",
  description: "Sales force automation: leads, opportunities, calendar, quotes, orders and forecasts",
  entities: [
    // Pipelines and opportunities
    Pipeline,
    PipelineStage,
    Opportunity,
    OpportunityContact,
    OpportunityStageChange,
    OpportunityLineItem,
    // Leads
    Lead,
    LeadAssignmentRule,
    WebForm,
    LeadImport,
    LeadImportRowError,
    // Calendar
    Activity,
    ActivityParticipant,
    ActivitySeries,
    CalendarFeed,
    // Forecasts
    Quota,
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
    ActivityResolver,
    ActivityParticipantsResolver,
    ContactActivitiesResolver,
    AccountActivitiesResolver,
    CalendarFeedResolver,
    ForecastResolver,
    SalesCycleResolver,
    SalesCycleGroupResolver,
    QuotaResolver,
  ],
  nodes: [
    opportunityNode,
    permittedNode(tenantNode("Pipeline", Pipeline), OPPORTUNITIES_READ),
    permittedNode(tenantNode("PipelineStage", PipelineStage), OPPORTUNITIES_READ),
    permittedNode(tenantNode("OpportunityStageChange", OpportunityStageChange), OPPORTUNITIES_READ),
    ...leadNodes,
    permittedNode(tenantNode("Activity", Activity), ACTIVITIES_READ),
    permittedNode(tenantNode("ActivitySeries", ActivitySeries), ACTIVITIES_READ),
    permittedNode(tenantNode("Quota", Quota), FORECASTS_READ),
  ],
  jobs: [leadResponseCheckJob, leadResponseSweepJob, leadImportJob, reminderFireJob, reminderSweepJob, activitySeriesExtendJob],
  eventHandlers: [leadFromMarketing],
  routes: [webFormRoutes, leadImportRoutes, calendarFeedRoute],
  permissions: SFA_PERMISSIONS,
  config: leadSettingsSchema,
  hooks: { ...customerDataHooks, ...demoDataHooks },
});
