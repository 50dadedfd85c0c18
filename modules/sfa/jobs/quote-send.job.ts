import { defineJob } from "../../../core/jobs/job";
import { quoteSendService, type QuoteSendPayload } from "../services/quote-send.service";
import { DOCUMENTS_QUEUE } from "./quote-render.job";

/** Emails a quote with its PDF once the contact policy allows it; see QuoteSendService for the at-most-once rules. */
export const quoteSendJob = defineJob<QuoteSendPayload>({
  queue: DOCUMENTS_QUEUE,
  name: "quoteSend",
  handle: (payload, { services, job }) => quoteSendService.run(services, payload, job),
  whenModuleOff: (payload, { services, job }) => quoteSendService.abandon(services, payload, job),
});

/** A job per request and schedule: a rescheduled send is a new job, a re-added one is the same. */
export function quoteSendJobId(payload: Pick<QuoteSendPayload, "tenantId" | "quoteId" | "request" | "sendAt">): string {
  return `quote-send-${payload.tenantId}-${payload.quoteId}-${payload.request}-${Date.parse(payload.sendAt)}`;
}
