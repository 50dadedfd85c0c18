import type { LeadSource } from "./entities/lead.entity";
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
    /** An open activity's reminder time came: for push notifications, webhooks and the like. Times ISO 8601. */
    "sfa.activity.reminderDue.v1": { activityId: string; ownerId: string | null; kind: string; subject: string; dueAt: string };
    "sfa.lead.created.v1": { leadId: string; source: LeadSource; externalRef: string | null };
    /** The lead has a new owner: routed by a rule, assigned by hand, or moved on after a missed response deadline. */
    "sfa.lead.assigned.v1": { leadId: string; ownerId: string; previousOwnerId: string | null; ruleId: string | null; reason: "RULE" | "MANUAL" | "REASSIGNED" };
    /** The owner did not act by `missedDeadline` (ISO time), so the rule gave the lead to its next member. */
    "sfa.lead.reassigned.v1": { leadId: string; fromOwnerId: string; toOwnerId: string; ruleId: string; missedDeadline: string };
    "sfa.lead.converted.v1": { leadId: string; accountId: string; contactId: string; opportunityId: string | null; ownerId: string | null };
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
