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
  }
}

export {};
