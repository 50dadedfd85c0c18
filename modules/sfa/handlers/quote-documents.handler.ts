import { onEvent } from "../../../core/events/handler";
import { QuoteStatus } from "../entities/quote.entity";
import { quoteRenderJob, quoteRenderJobId } from "../jobs/quote-render.job";
import { quoteSendJob, quoteSendJobId } from "../jobs/quote-send.job";

/*
 * The document jobs are queued from events rather than after the commit: the outbox delivers
 * an event even when Redis was down at commit time, so no quote waits forever for its PDF or
 * its email. Deterministic job ids make a redelivered event harmless.
 */

/** A quote that is ready for the customer gets its PDF; one pending approval gets it once approved. */
export const renderCreatedQuote = onEvent("sfa.quote.created.v1", "quoteRenderOnCreated", async ({ tenantId, payload }, { services }) => {
  if (payload.status !== QuoteStatus.DRAFT) return;
  await services.queues.enqueue(quoteRenderJob, { tenantId, quoteId: payload.quoteId }, { jobId: quoteRenderJobId(tenantId, payload.quoteId, payload.version) });
});

export const renderApprovedQuote = onEvent("sfa.quote.approved.v1", "quoteRenderOnApproved", async ({ tenantId, payload }, { services }) => {
  await services.queues.enqueue(quoteRenderJob, { tenantId, quoteId: payload.quoteId }, { jobId: quoteRenderJobId(tenantId, payload.quoteId, payload.version) });
});

/** The email goes at `sendAt`: a delayed job when the contact policy said later. */
export const sendRequestedQuote = onEvent("sfa.quote.sendRequested.v1", "quoteSendOnRequested", async ({ tenantId, actor, payload }, { services }) => {
  const job = { tenantId, quoteId: payload.quoteId, request: payload.request, sendAt: payload.sendAt, actor };
  await services.queues.enqueue(quoteSendJob, job, { jobId: quoteSendJobId(job), delay: Math.max(0, Date.parse(payload.sendAt) - Date.now()) });
});

export const QUOTE_DOCUMENT_HANDLERS = [renderCreatedQuote, renderApprovedQuote, sendRequestedQuote];
