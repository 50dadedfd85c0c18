import { permittedNode, tenantNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { ActivitySeries } from "./entities/activity-series.entity";
import { Activity, ActivityParticipant } from "./entities/activity.entity";
import { CalendarFeed } from "./entities/calendar-feed.entity";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { Quota } from "./entities/quota.entity";
import { AccountActivitiesResolver, ActivityParticipantsResolver, ContactActivitiesResolver } from "./graphql/activity-participants.resolver";
import { ACTIVITIES_READ, ActivityResolver } from "./graphql/activity.resolver";
import { CalendarFeedResolver } from "./graphql/calendar-feed.resolver";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { ForecastResolver } from "./graphql/forecast.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { QuotaResolver } from "./graphql/quota.resolver";
import { SalesCycleGroupResolver, SalesCycleResolver } from "./graphql/sales-cycle.resolver";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { demoDataHooks } from "./hooks/demo-data.hooks";
import { activitySeriesExtendJob } from "./jobs/activity-series-extend.job";
import { reminderFireJob } from "./jobs/reminder-fire.job";
import { reminderSweepJob } from "./jobs/reminder-sweep.job";
import { opportunityNode } from "./loaders/opportunities.loader";
import { SFA_PERMISSIONS, type SfaPermission } from "./permissions";
import { calendarFeedRoute } from "./routes/calendar-feed.routes";
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
  entities: [
    Pipeline,
    PipelineStage,
    Opportunity,
    OpportunityContact,
    OpportunityStageChange,
    OpportunityLineItem,
    Activity,
    ActivityParticipant,
    ActivitySeries,
    CalendarFeed,
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
    permittedNode(tenantNode("Activity", Activity), ACTIVITIES_READ),
    permittedNode(tenantNode("ActivitySeries", ActivitySeries), ACTIVITIES_READ),
    permittedNode(tenantNode("Quota", Quota), FORECASTS_READ),
  ],
  jobs: [reminderFireJob, reminderSweepJob, activitySeriesExtendJob],
  routes: [calendarFeedRoute],
  permissions: SFA_PERMISSIONS,
  hooks: { ...customerDataHooks, ...demoDataHooks },
});
