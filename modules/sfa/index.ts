import { tenantNode, permittedNode } from "../../core/graphql/relay/node-registry";
import { defineModule } from "../../core/kernel/module";
import { DiscountApprovalLimit } from "./entities/discount-approval-limit.entity";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "./entities/opportunity.entity";
import { OpportunityLineItem } from "./entities/opportunity-line-item.entity";
import { Order, OrderLine, OrderStatusChange } from "./entities/order.entity";
import { Pipeline, PipelineStage } from "./entities/pipeline.entity";
import { Quote, QuoteLine } from "./entities/quote.entity";
import { SalesDocumentCounter, SalesSettings } from "./entities/sales-settings.entity";
import { AccountOpportunitiesResolver, ContactOpportunitiesResolver, Customer360OpportunitiesResolver } from "./graphql/customer-opportunities.resolver";
import { OpportunityLineItemResolver, OpportunityLineItemsResolver } from "./graphql/line-item.resolver";
import { OpportunityContactResolver, OpportunityResolver, OpportunityStageChangeResolver } from "./graphql/opportunity.resolver";
import { AccountOrdersResolver, OrderLineResolver, OrderResolver, OrderStatusChangeResolver } from "./graphql/order.resolver";
import { PipelineResolver } from "./graphql/pipeline.resolver";
import { OpportunityQuotesResolver, QuoteLineResolver, QuoteResolver } from "./graphql/quote.resolver";
import { SalesSettingsResolver } from "./graphql/sales-settings.resolver";
import { QUOTE_DOCUMENT_HANDLERS } from "./handlers/quote-documents.handler";
import { customerDataHooks } from "./hooks/customer-data.hooks";
import { quoteExpiryJob } from "./jobs/quote-expiry.job";
import { quoteRenderJob } from "./jobs/quote-render.job";
import { quoteSendJob } from "./jobs/quote-send.job";
import { lineItemNode } from "./loaders/line-items.loader";
import { opportunityNode } from "./loaders/opportunities.loader";
import { orderNode } from "./loaders/orders.loader";
import { quoteNode } from "./loaders/quotes.loader";
import { SFA_PERMISSIONS, type SfaPermission } from "./permissions";
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
    Quote,
    QuoteLine,
    Order,
    OrderLine,
    OrderStatusChange,
    SalesSettings,
    SalesDocumentCounter,
    DiscountApprovalLimit,
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
  ],
  nodes: [
    opportunityNode,
    permittedNode(tenantNode("Pipeline", Pipeline), OPPORTUNITIES_READ),
    permittedNode(tenantNode("PipelineStage", PipelineStage), OPPORTUNITIES_READ),
    permittedNode(tenantNode("OpportunityStageChange", OpportunityStageChange), OPPORTUNITIES_READ),
    lineItemNode,
    quoteNode,
    orderNode,
  ],
  jobs: [quoteRenderJob, quoteSendJob, quoteExpiryJob],
  eventHandlers: [...QUOTE_DOCUMENT_HANDLERS],
  permissions: SFA_PERMISSIONS,
  hooks: { ...customerDataHooks },
});
