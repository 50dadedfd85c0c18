import type { LeadSource } from "./entities/lead.entity";
import type { StageOutcome } from "./entities/pipeline.entity";

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
  }
}

export {};
