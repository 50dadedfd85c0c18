import { AccountContact } from "../../../core/contacts/contact.entity";
import { contactsByIds } from "../../../core/contacts/contact.loader";
import { notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { OpportunityContact, type Opportunity } from "../entities/opportunity.entity";
import { Quote, QuoteStatus } from "../entities/quote.entity";

/** userError codes of quotes, besides NOT_FOUND, INVALID, REQUIRED and the pricing codes. */
export const QuoteErrorCode = {
  /** The quote's status does not allow the operation (the message says which it is in). */
  INVALID_STATUS: "INVALID_STATUS",
  /** An older version: only the latest version of a quote is revised, sent or accepted. */
  NOT_LATEST_VERSION: "NOT_LATEST_VERSION",
  /** Past its validUntil. */
  QUOTE_EXPIRED: "QUOTE_EXPIRED",
  /** A discount above the threshold waits for `quoteApprove`. */
  APPROVAL_REQUIRED: "APPROVAL_REQUIRED",
  /** The approver's limit (named in the message) is below the quote's largest discount. */
  DISCOUNT_LIMIT_EXCEEDED: "DISCOUNT_LIMIT_EXCEEDED",
  /** Whoever prepared a quote does not approve it (administrators excepted). */
  SELF_APPROVAL: "SELF_APPROVAL",
  /** The recipient is neither a contact of the opportunity's account nor on the deal. */
  RECIPIENT_NOT_ON_DEAL: "RECIPIENT_NOT_ON_DEAL",
  /** The contact policy refuses the email; the message gives its reason. */
  CONTACT_POLICY_DENIED: "CONTACT_POLICY_DENIED",
  /** A send of this quote is already scheduled or under way. */
  SEND_IN_PROGRESS: "SEND_IN_PROGRESS",
} as const;

/** Statuses in which the customer may see, send or accept a quote: no approval is outstanding. */
export const READY: ReadonlySet<QuoteStatus> = new Set([QuoteStatus.DRAFT, QuoteStatus.APPROVED]);

/** Today as YYYY-MM-DD in UTC: validity dates are UTC days. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A quote is valid through its validUntil day (UTC), inclusive. */
export function isPastValidity(quote: Pick<Quote, "validUntil">, now = new Date()): boolean {
  return quote.validUntil < todayUtc(now);
}

export function lockQuote(scope: TenantScope, id: string): Promise<Quote | null> {
  return scope.lockById(Quote, id);
}

export function statusError(quote: Quote, doing: string): UserError {
  if (quote.status === QuoteStatus.SUPERSEDED) {
    return userError(["input", "id"], QuoteErrorCode.NOT_LATEST_VERSION, `Version ${quote.version} of ${quote.number} was superseded: ${doing} the latest version.`);
  }
  if (quote.status === QuoteStatus.PENDING_APPROVAL) {
    return userError(["input", "id"], QuoteErrorCode.APPROVAL_REQUIRED, `${quote.number} has a discount that needs approval first.`);
  }
  if (quote.status === QuoteStatus.EXPIRED) return expiredError(quote);
  return userError(["input", "id"], QuoteErrorCode.INVALID_STATUS, `${quote.number} is ${quote.status}: you cannot ${doing} it.`);
}

export function expiredError(quote: Pick<Quote, "number" | "validUntil">): UserError {
  return userError(["input", "id"], QuoteErrorCode.QUOTE_EXPIRED, `${quote.number} was valid until ${quote.validUntil}.`);
}

/** Refuses a validity that has already ended. */
export function checkValidUntil(validUntil: string, field: string[]): UserError[] {
  return validUntil < todayUtc() ? [userError(field, UserErrorCode.INVALID, `validUntil must be today (${todayUtc()}) or later.`)] : [];
}

/** The BCP 47 locale documents for a person are written in: their language when the runtime knows it, else en. */
export function localeFor(language: string | null): string {
  return language && Intl.NumberFormat.supportedLocalesOf([language]).length > 0 ? language : "en";
}

/**
 * The recipient of a quote: a live contact the scope may see, not erased, who is a contact of
 * the opportunity's account or plays a part in the deal. Answers the contact's locale.
 */
export async function checkRecipient(scope: TenantScope, opportunity: Opportunity, contactId: string, field: string[]): Promise<ServiceResult<{ contactId: string; locale: string }>> {
  const [contact] = await contactsByIds(scope, [contactId]);
  if (!contact) return { errors: [notFound(field, "contact")] };
  if (contact.erasedAt) return { errors: [userError(field, UserErrorCode.INVALID, "The person's data was erased.")] };
  const [onAccount, onDeal] = await Promise.all([
    scope.manager.countBy(AccountContact, { tenantId: scope.tenantId, accountId: opportunity.accountId, contactId }),
    scope.count(OpportunityContact, { opportunityId: opportunity.id, contactId }),
  ]);
  if (onAccount + onDeal === 0) {
    return { errors: [userError(field, QuoteErrorCode.RECIPIENT_NOT_ON_DEAL, "The recipient must be a contact of the opportunity's account or on the deal.")] };
  }
  return { record: { contactId, locale: localeFor(contact.language) } };
}
