import { defineJob } from "../../../core/jobs/job";
import { reassignIfOverdue, sweepOverdueLeads } from "../services/lead-assignment.service";
import { LEADS_QUEUE, RESPONSE_CHECK_JOB, RESPONSE_SWEEP_JOB, type ResponseCheckPayload } from "../services/lead-deadlines";
import { leadSettings } from "../services/lead-settings";

/** Fires at a lead's response deadline (a delayed job per assignment); see reassignIfOverdue. */
export const leadResponseCheckJob = defineJob<ResponseCheckPayload>({
  queue: LEADS_QUEUE,
  name: RESPONSE_CHECK_JOB,
  async handle(payload, { services }) {
    const outcome = await reassignIfOverdue(services, payload.tenantId, payload.leadId, payload.assignedAt);
    // Ran before the deadline (clocks apart): the retry's backoff brings it back after it.
    if (outcome === "early") throw new Error(`Lead ${payload.leadId} is not due yet.`);
    return { outcome };
  },
});

/** The safety net behind the delayed jobs: overdue leads whose job was never queued or was lost with Redis. */
export const leadResponseSweepJob = defineJob<Record<string, never>>({
  queue: LEADS_QUEUE,
  name: RESPONSE_SWEEP_JOB,
  schedule: () => ({ every: leadSettings().SFA_LEAD_SWEEP_MS }),
  async handle(_payload, { services }) {
    return { reassigned: await sweepOverdueLeads(services) };
  },
});
