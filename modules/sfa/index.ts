import { permittedNode, tenantNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { ActivitySeries } from "./entities/activity-series.entity";
import { DiscountApprovalLimit } from "./entities/discount-approval-limit.entity";
import { Activity, ActivityParticipant } from "./entities/activity.entity";
import { CalendarFeed } from "./entities/calendar-feed.entity";
import { LeadAssignmentRule } from "./entities/lead-assignment-rule.entity";
import { LeadImport, LeadImportRowError } from "./entities/lead-import.entity";
import { Lead } from "./entities/lead.entity";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Order, OrderLine, OrderStatusChange } from "./entities/order.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { Quota } from "./entities/quota.entity";
import { Quote, QuoteLine } from "./entities/quote.entity";
import { SalesDocumentCounter, SalesSettings } from "./entities/sales-settings.entity";
import { WebForm } from "./entities/web-form.entity";
import {
  AccountActivitiesResolver,
  ActivityParticipantsResolver,
  ContactActivitiesResolver,
  Customer360ActivitiesResolver,
} from "./graphql/activity-participants.resolver";
import { ACTIVITIES_READ, ActivityResolver } from "./graphql/activity.resolver";
import { CalendarFeedResolver } from "./graphql/calendar-feed.resolver";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { ForecastResolver } from "./graphql/forecast.resolver";
import { LeadAssignmentRuleResolver } from "./graphql/lead-assignment-rule.resolver";
import { LeadImportResolver } from "./graphql/lead-import.resolver";
import { LeadResolver } from "./graphql/lead.resolver";
import { OpportunityLineItemResolver, OpportunityLineItemsResolver } from "./graphql/line-item.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { AccountOrdersResolver, OrderLineResolver, OrderResolver, OrderStatusChangeResolver } from "./graphql/order.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { QuotaResolver } from "./graphql/quota.resolver";
import { OpportunityQuotesResolver, QuoteLineResolver, QuoteResolver } from "./graphql/quote.resolver";
import { SalesCycleGroupResolver, SalesCycleResolver } from "./graphql/sales-cycle.resolver";
import { SalesSettingsResolver } from "./graphql/sales-settings.resolver";
import { WebFormResolver } from "./graphql/web-form.resolver";
import { leadFromMarketing } from "./handlers/lead-from-marketing.handler";
import { QUOTE_DOCUMENT_HANDLERS } from "./handlers/quote-documents.handler";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { demoDataHooks } from "./hooks/demo-data.hooks";
import { activitySeriesExtendJob } from "./jobs/activity-series-extend.job";
import { leadImportJob } from "./jobs/lead-import.job";
import { leadResponseCheckJob, leadResponseSweepJob } from "./jobs/lead-response.jobs";
import { quoteExpiryJob } from "./jobs/quote-expiry.job";
import { quoteRenderJob } from "./jobs/quote-render.job";
import { quoteSendJob } from "./jobs/quote-send.job";
import { reminderFireJob } from "./jobs/reminder-fire.job";
import { reminderSweepJob } from "./jobs/reminder-sweep.job";
import { leadNodes } from "./loaders/leads.loader";
import { lineItemNode } from "./loaders/line-items.loader";
import { opportunityNode } from "./loaders/opportunities.loader";
import { orderNode } from "./loaders/orders.loader";
import { quoteNode } from "./loaders/quotes.loader";
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
    // Quotes and orders
    Quote,
    QuoteLine,
    Order,
    OrderLine,
    OrderStatusChange,
    SalesSettings,
    SalesDocumentCounter,
    DiscountApprovalLimit,
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
    OpportunityLineItemsResolver,
    OpportunityLineItemResolver,
    QuoteResolver,
    QuoteLineResolver,
    OpportunityQuotesResolver,
    OrderResolver,
    OrderLineResolver,
    OrderStatusChangeResolver,
    AccountOrdersResolver,
    SalesSettingsResolver,
    LeadResolver,
    LeadAssignmentRuleResolver,
    WebFormResolver,
    LeadImportResolver,
    ActivityResolver,
    ActivityParticipantsResolver,
    ContactActivitiesResolver,
    AccountActivitiesResolver,
    Customer360ActivitiesResolver,
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
    lineItemNode,
    quoteNode,
    orderNode,
    ...leadNodes,
    permittedNode(tenantNode("Activity", Activity), ACTIVITIES_READ),
    permittedNode(tenantNode("ActivitySeries", ActivitySeries), ACTIVITIES_READ),
    permittedNode(tenantNode("Quota", Quota), FORECASTS_READ),
  ],
  jobs: [quoteRenderJob, quoteSendJob, quoteExpiryJob, leadResponseCheckJob, leadResponseSweepJob, leadImportJob, reminderFireJob, reminderSweepJob, activitySeriesExtendJob],
  eventHandlers: [...QUOTE_DOCUMENT_HANDLERS, leadFromMarketing],
  routes: [webFormRoutes, leadImportRoutes, calendarFeedRoute],
  permissions: SFA_PERMISSIONS,
  config: leadSettingsSchema,
  hooks: { ...customerDataHooks, ...demoDataHooks },
});
