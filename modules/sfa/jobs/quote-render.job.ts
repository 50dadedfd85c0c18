import { defineJob } from "../../../core/jobs/job";
import { ensureQuotePdf } from "../services/quote-documents.service";

/** Quotes' and orders' documents: rendering and emailing them. */
export const DOCUMENTS_QUEUE = "sfa.documents";

export interface QuoteRenderPayload {
  tenantId: string;
  quoteId: string;
}

/** Renders a quote version's PDF once (a redelivery finds it made). */
export const quoteRenderJob = defineJob<QuoteRenderPayload>({
  queue: DOCUMENTS_QUEUE,
  name: "quoteRender",
  async handle({ tenantId, quoteId }, { services }) {
    return { fileId: await ensureQuotePdf(services, tenantId, quoteId) };
  },
});

/** One render per quote version, whoever asks for it and however often. */
export function quoteRenderJobId(tenantId: string, quoteId: string, version: number): string {
  return `quote-pdf-${tenantId}-${quoteId}-v${version}`;
}
