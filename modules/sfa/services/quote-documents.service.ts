import { Account } from "../../../core/accounts/account.entity";
import type { WorkScope } from "../../../core/db/unit-of-work";
import type { PlatformServices } from "../../../core/kernel/services";
import { Tenant } from "../../../core/tenancy/tenant.entity";
import { QuoteLine, type Quote } from "../entities/quote.entity";
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
 * links it, all under the quote's row lock: a redelivered or concurrent job finds the file and
 * stops. Returns the file's row id, or null when the quote is gone.
 */
export async function ensureQuotePdf(services: PlatformServices, tenantId: string, quoteId: string): Promise<string | null> {
  return services.transactions.run(documentWork(tenantId, "sfa.quoteRender"), async (uow) => {
    const quote = await lockQuote(uow.scope, quoteId);
    if (!quote) return null;
    if (quote.pdfFileId) return quote.pdfFileId;
    const [lines, account, tenant] = await Promise.all([
      uow.scope.find(QuoteLine, { where: { quoteId: quote.id }, order: { position: "ASC" } }),
      uow.scope.findOneBy(Account, { id: quote.accountId }),
      uow.manager.findOneBy(Tenant, { id: tenantId }),
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
    const file = await services.files.write(uow.scope, { name: pdfNameOf(quote), contentType: "application/pdf", readPermission: QUOTE_PDF_READ }, bytes);
    quote.pdfFileId = file.id;
    await uow.scope.save(quote);
    return file.id;
  });
}
