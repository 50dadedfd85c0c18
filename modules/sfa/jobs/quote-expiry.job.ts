import { defineJob } from "../../../core/jobs/job";
import type { PlatformServices } from "../../../core/kernel/services";
import { Quote, QuoteStatus } from "../entities/quote.entity";
import { documentWork } from "../services/quote-documents.service";
import { todayUtc } from "../services/quote-rules";
import { DOCUMENTS_QUEUE } from "./quote-render.job";

/** Statuses a quote can expire from: it was still an open offer. */
const LIVE = [QuoteStatus.DRAFT, QuoteStatus.PENDING_APPROVAL, QuoteStatus.APPROVED, QuoteStatus.SENT];
const BATCH = 500;

/**
 * Marks EXPIRED every live quote whose last valid day (UTC) has passed, tenant by tenant, a
 * batch per transaction, each with `sfa.quote.expired.v1`. Acceptance checks the date itself,
 * so nothing depends on when this runs.
 */
export async function expireQuotes(services: PlatformServices, now = new Date()): Promise<number> {
  const today = todayUtc(now);
  // System work across tenants: only which tenants have something to expire; each is then done in its own scope.
  const tenants: { tenant_id: string | number }[] = await services.dataSource.query("SELECT DISTINCT tenant_id FROM quote WHERE status IN (?) AND valid_until < ?", [LIVE, today]);
  let expired = 0;
  for (const { tenant_id } of tenants) {
    for (let batch = BATCH; batch === BATCH; ) {
      batch = await services.transactions.run(documentWork(String(tenant_id), "sfa.quoteExpiry"), async (uow) => {
        const quotes = await uow.scope
          .query(Quote, "q")
          .andWhere("q.status IN (:...live)", { live: LIVE })
          .andWhere("q.validUntil < :today", { today })
          .orderBy("q.id")
          .limit(BATCH)
          .setLock("pessimistic_write")
          .getMany();
        for (const quote of quotes) {
          quote.status = QuoteStatus.EXPIRED;
          await uow.scope.save(quote);
          await uow.emit("sfa.quote.expired.v1", { quoteId: quote.id, number: quote.number, version: quote.version, opportunityId: quote.opportunityId });
        }
        return quotes.length;
      });
      expired += batch;
    }
  }
  return expired;
}

export const quoteExpiryJob = defineJob<Record<string, never>>({
  queue: DOCUMENTS_QUEUE,
  name: "quoteExpiry",
  attempts: 3,
  schedule: { pattern: "5 * * * *" },
  handle: async (_payload, { services }) => ({ expired: await expireQuotes(services) }),
});
