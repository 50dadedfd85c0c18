import { Account } from "../../../core/accounts/account.entity";
import { TenantScope } from "../../../core/db/tenant-scope";
import type { WorkScope } from "../../../core/db/unit-of-work";
import type { PlatformServices } from "../../../core/kernel/services";
import { Tenant } from "../../../core/tenancy/tenant.entity";
import { Quote, QuoteLine } from "../entities/quote.entity";
import type { SfaPermission } from "../permissions";
import { renderQuotePdf } from "./quote-pdf";
import { lockQuote } from "./quote-rules";

/** Who may download a quote's PDF: whoever may read quotes. */
export const QUOTE_PDF_READ: SfaPermission = "sfa.quotes.read";

/** The system work of the document jobs, for the audit log. */
export function documentWork(tenantId: string, operation: string, actor: string | null = null): WorkScope {
  return { tenantId, actor, requestId: null, operation };
}

/** The name a quote version's PDF is stored and attached under. */
export function pdfNameOf(quote: Pick<Quote, "number" | "version">): string {
  return `${quote.number}-v${quote.version}.pdf`;
}

/**
 * Renders the quote's PDF if it has none yet, stores it (readable with sfa.quotes.read) and
 * links it. A version's content never changes, so the rendering (the slow part) happens before
 * any lock; the quote's row is locked only to link the file. A redelivered job finds the file
 * and stops; of two concurrent renders one is linked and the other's bytes are discarded.
 * Returns the file's row id, or null when the quote is gone.
 */
export async function ensureQuotePdf(services: PlatformServices, tenantId: string, quoteId: string): Promise<string | null> {
  const scope = new TenantScope(services.dataSource.manager, tenantId);
  const quote = await scope.findOneBy(Quote, { id: quoteId });
  if (!quote || quote.pdfFileId) return quote?.pdfFileId ?? null;
  const [lines, account, tenant] = await Promise.all([
    scope.find(QuoteLine, { where: { quoteId: quote.id }, order: { position: "ASC" } }),
    scope.findOneBy(Account, { id: quote.accountId }),
    services.dataSource.manager.findOneBy(Tenant, { id: tenantId }),
  ]);
  const bytes = await renderQuotePdf({
    seller: tenant?.name ?? "",
    customer: account?.name ?? "",
    number: quote.number,
    version: quote.version,
    issuedAt: quote.pricedAt,
    validUntil: quote.validUntil,
    currency: quote.currency,
    locale: quote.locale,
    lines,
    subtotal: quote.subtotal,
    discountTotal: quote.discountTotal,
    total: quote.total,
  });
  const pending = await services.files.put(tenantId, { name: pdfNameOf(quote), contentType: "application/pdf", readPermission: QUOTE_PDF_READ }, bytes);
  let outcome: { fileId: string | null; linked: boolean };
  try {
    outcome = await services.transactions.run(documentWork(tenantId, "sfa.quoteRender"), async (uow) => {
      const locked = await lockQuote(uow.scope, quoteId);
      if (!locked || locked.pdfFileId) return { fileId: locked?.pdfFileId ?? null, linked: false };
      locked.pdfFileId = (await services.files.record(uow.scope, pending)).id;
      await uow.scope.save(locked);
      return { fileId: locked.pdfFileId, linked: true };
    });
  } catch (error) {
    await services.files.discard(pending);
    throw error;
  }
  // Another render was linked first: these bytes belong to no row.
  if (!outcome.linked) await services.files.discard(pending);
  return outcome.fileId;
}
