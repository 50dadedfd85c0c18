import type { OrderStatus } from "./entities/order.entity";
import type { StageOutcome } from "./entities/pipeline.entity";
import type { QuoteStatus } from "./entities/quote.entity";

/** The sales module's events. Ids are row ids; amounts are minor units of `currency`. */
declare module "../../core/events/catalog" {
  interface EventCatalog {
    "sfa.opportunity.created.v1": { opportunityId: string; accountId: string };
    "sfa.opportunity.stageChanged.v1": { opportunityId: string; fromStageId: string; toStageId: string; status: StageOutcome };
    "sfa.opportunity.won.v1": { opportunityId: string; accountId: string; ownerId: string | null; amount: number; currency: string };
    "sfa.opportunity.lost.v1": { opportunityId: string; accountId: string; ownerId: string | null; lostReason: string };
    /** A quote or a new version of one (`previousQuoteId` is the version it supersedes). */
    "sfa.quote.created.v1": {
      quoteId: string;
      number: string;
      version: number;
      opportunityId: string;
      accountId: string;
      status: QuoteStatus;
      total: number;
      currency: string;
      previousQuoteId: string | null;
    };
    "sfa.quote.approved.v1": { quoteId: string; number: string; version: number; approvedById: string | null };
    /** Someone asked for the quote to be emailed at `sendAt` (ISO); `request` tells this request from earlier ones. */
    "sfa.quote.sendRequested.v1": { quoteId: string; request: number; sendAt: string };
    "sfa.quote.sent.v1": { quoteId: string; number: string; version: number; opportunityId: string; accountId: string; contactId: string; interactionId: string | null };
    "sfa.quote.accepted.v1": { quoteId: string; number: string; version: number; opportunityId: string; accountId: string; orderId: string; total: number; currency: string };
    "sfa.quote.rejected.v1": { quoteId: string; number: string; version: number; opportunityId: string; reason: string };
    "sfa.quote.expired.v1": { quoteId: string; number: string; version: number; opportunityId: string };
    "sfa.order.created.v1": { orderId: string; number: string; quoteId: string; opportunityId: string; accountId: string; total: number; currency: string };
    "sfa.order.statusChanged.v1": { orderId: string; number: string; accountId: string; fromStatus: OrderStatus; toStatus: OrderStatus };
  }
}

export {};
