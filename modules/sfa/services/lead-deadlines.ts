import type { UnitOfWork } from "../../../core/db/unit-of-work";
import type { PlatformServices } from "../../../core/kernel/services";
import type { Lead } from "../entities/lead.entity";

export const LEADS_QUEUE = "sfa.leads";
export const RESPONSE_CHECK_JOB = "lead-response-check";
export const RESPONSE_SWEEP_JOB = "lead-response-sweep";

/** One assignment of one lead: a later assignment makes the check stale. */
export interface ResponseCheckPayload {
  tenantId: string;
  leadId: string;
  /** `assignedAt` in epoch milliseconds. */
  assignedAt: number;
}

/** Derived from the assignment, so re-adding it is harmless and a reassignment gets a job of its own. */
export function responseCheckJobId(payload: ResponseCheckPayload): string {
  return `lead-response-${payload.leadId}-${payload.assignedAt}`;
}

/**
 * Once the assignment has committed, a delayed job looks at the lead at its response deadline. If
 * Redis refuses the job, the assignment stands and the sweep finds the lead once it is overdue.
 */
export function scheduleResponseCheck(uow: UnitOfWork, services: PlatformServices, lead: Lead): void {
  if (!lead.respondBy || !lead.assignedAt) return;
  const payload: ResponseCheckPayload = { tenantId: lead.tenantId, leadId: lead.id, assignedAt: lead.assignedAt.getTime() };
  const respondBy = lead.respondBy.getTime();
  uow.afterCommit(async () => {
    try {
      await services.queues.get(LEADS_QUEUE).add(RESPONSE_CHECK_JOB, payload, { jobId: responseCheckJobId(payload), delay: Math.max(0, respondBy - Date.now()) });
    } catch (error) {
      services.logger.warn({ err: error, leadId: payload.leadId }, "lead response check not queued; the sweep will catch the lead");
    }
  });
}
