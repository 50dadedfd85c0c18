import type { PricingService } from "../../../core/catalog/pricing.service";
import { cleanText } from "../../../core/contacts/record-writer";
import { asInput, failed, notFound, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { rowIdOf } from "../../../core/graphql/relay/global-id";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import type { Opportunity } from "../entities/opportunity.entity";
import type { Order } from "../entities/order.entity";
import { StageOutcome } from "../entities/pipeline.entity";
import { Quote, QuoteLine, QuoteStatus } from "../entities/quote.entity";
import { SalesDocumentKind } from "../entities/sales-settings.entity";
import { QuoteCreateInput, QuoteRejectInput, QuoteReviseInput } from "../graphql/quote.types";
import { documentTotals, LinePricingErrorCode, lineRequest, priceLines, repriceRequest, type LineRequest } from "./line-item-pricing";
import { LineItemErrorCode } from "./line-item-rules";
import { optionalRowId } from "./line-items.service";
import { findOpportunity } from "./opportunities.service";
import { ordersService } from "./orders.service";
import { QuoteErrorCode, READY, checkRecipient, checkValidUntil, expiredError, isPastValidity, lockQuote, statusError } from "./quote-rules";
import { approvalLimitOf, nextNumber, salesSettingsOf } from "./sales-settings.service";

type Result = ServiceResult<Quote>;

/** Who approves: a staff user (row id) or another principal, and whether they are an administrator. */
export interface Approver {
  userId: string | null;
  admin: boolean;
}

/** What a new version is made of, once the input's ids are decoded. */
interface QuoteDraft {
  opportunity: Opportunity;
  contactId: string;
  validUntil: string;
  channel: string | null;
  /** The quote-wide explicit book, for lines without their own. */
  priceBookId: string | null;
  lines: LineRequest[];
  /** A revision keeps its number and takes the next version. */
  revising: Quote | null;
}

const bps = (value: number) => `${(value / 100).toFixed(2)} %`;

/** The ids and lines of a create or revise input, decoded (the recipient is optional on a revision), after the input's own checks. */
async function decodeTerms(input: QuoteCreateInput | QuoteReviseInput): Promise<ServiceResult<{ contactId: string | null; priceBookId: string | null; lines: LineRequest[] | null }>> {
  const errors = await validateInput(input);
  const contactId = optionalRowId(input.contactId, "Contact", ["input", "contactId"]);
  const priceBookId = optionalRowId(input.priceBookId, "PriceBook", ["input", "priceBookId"]);
  errors.push(...contactId.errors, ...priceBookId.errors);
  const lines = (input.lines ?? []).map((line, index): LineRequest => {
    const field = ["input", "lines", String(index)];
    const product = rowIdOf(line.productId, "Product", [...field, "productId"]);
    const book = optionalRowId(line.priceBookId, "PriceBook", [...field, "priceBookId"]);
    errors.push(...product.errors, ...book.errors);
    return lineRequest(line, product.rowId ?? "", book.rowId ?? null);
  });
  if (errors.length > 0) return { errors };
  return { record: { contactId: contactId.rowId ?? null, priceBookId: priceBookId.rowId ?? null, lines: input.lines ? lines : null } };
}

/**
 * Quotes: made from an opportunity's line items (or lines given), each line priced through
 * `services.pricing` in one batch at the moment of making; numbered per tenant and versioned;
 * approved when a discount passes the tenant's threshold; accepted into an order. Every check
 * runs before the first write, so a refused input writes nothing.
 */
export class QuotesService {
  async create(uow: UnitOfWork, pricing: PricingService, raw: QuoteCreateInput): Promise<Result> {
    const input = asInput(QuoteCreateInput, raw);
    const opportunityId = rowIdOf(input.opportunityId, "Opportunity", ["input", "opportunityId"]);
    const terms = await decodeTerms(input);
    if (failed(terms) || opportunityId.errors.length > 0) return { errors: [...opportunityId.errors, ...(failed(terms) ? terms.errors : [])] };
    const { contactId, priceBookId, lines } = terms.record;
    const opportunity = await findOpportunity(uow.scope, opportunityId.rowId!);
    if (!opportunity) return { errors: [notFound(["input", "opportunityId"], "opportunity")] };
    if (opportunity.status === StageOutcome.LOST) {
      return { errors: [userError(["input", "opportunityId"], LineItemErrorCode.OPPORTUNITY_CLOSED, "The opportunity was lost: it takes no new quotes.")] };
    }
    const items = lines ? [] : await uow.scope.find(OpportunityLineItem, { where: { opportunityId: opportunity.id }, order: { position: "ASC", id: "ASC" } });
    return this.write(uow, pricing, {
      opportunity,
      contactId: contactId!,
      validUntil: input.validUntil,
      channel: cleanText(input.channel) ?? null,
      priceBookId,
      lines: lines ?? items.map(repriceRequest),
      revising: null,
    });
  }

  /** The next version of the quote `id` (row id), as a new quote with the same number; the revised one is SUPERSEDED. */
  async revise(uow: UnitOfWork, pricing: PricingService, id: string, raw: QuoteReviseInput): Promise<Result> {
    const input = asInput(QuoteReviseInput, raw);
    const terms = await decodeTerms(input);
    if (failed(terms)) return terms;
    const { contactId, priceBookId, lines } = terms.record;
    const previous = await lockQuote(uow.scope, id);
    if (!previous) return { errors: [notFound(["input", "id"], "quote")] };
    if (previous.status === QuoteStatus.SUPERSEDED || previous.status === QuoteStatus.ACCEPTED) return { errors: [statusError(previous, "revise")] };
    const opportunity = await findOpportunity(uow.scope, previous.opportunityId);
    if (!opportunity) return { errors: [notFound(["input", "id"], "opportunity of the quote")] };
    const recipient = contactId ?? previous.contactId;
    if (!recipient) return { errors: [userError(["input", "contactId"], UserErrorCode.REQUIRED, "The recipient's data was erased: name a new one.")] };
    const previousLines = lines ? [] : await uow.scope.find(QuoteLine, { where: { quoteId: previous.id }, order: { position: "ASC" } });
    return this.write(uow, pricing, {
      opportunity,
      contactId: recipient,
      validUntil: input.validUntil ?? previous.validUntil,
      channel: input.channel === undefined ? previous.channel : (cleanText(input.channel) ?? null),
      priceBookId,
      // A new quote-wide channel applies to the lines taken over, as it would to new ones.
      lines: lines ?? previousLines.map((line) => ({ ...repriceRequest(line), channel: input.channel === undefined ? line.channel : null })),
      revising: previous,
    });
  }

  /** Approves a quote's discounts, if the approver's limit covers the largest one. */
  async approve(uow: UnitOfWork, id: string, approver: Approver): Promise<Result> {
    const quote = await lockQuote(uow.scope, id);
    if (!quote) return { errors: [notFound(["input", "id"], "quote")] };
    if (quote.status !== QuoteStatus.PENDING_APPROVAL) {
      return { errors: [userError(["input", "id"], QuoteErrorCode.INVALID_STATUS, `${quote.number} is ${quote.status}: only quotes pending approval are approved.`)] };
    }
    if (isPastValidity(quote)) return { errors: [expiredError(quote)] };
    const refusal = await this.approvalRefusal(uow, quote, approver);
    if (refusal) return { errors: [refusal] };
    Object.assign(quote, { status: QuoteStatus.APPROVED, approvedById: approver.userId, approvedAt: new Date() });
    await uow.scope.save(quote);
    await uow.emit("sfa.quote.approved.v1", { quoteId: quote.id, number: quote.number, version: quote.version, approvedById: approver.userId });
    return { record: quote };
  }

  /** The customer said no. */
  async reject(uow: UnitOfWork, id: string, raw: QuoteRejectInput): Promise<Result> {
    const errors = await validateInput(asInput(QuoteRejectInput, raw));
    const reason = cleanText(raw.reason);
    if (errors.length === 0 && !reason) errors.push(userError(["input", "reason"], UserErrorCode.REQUIRED, "Say why the customer turned it down."));
    if (errors.length > 0) return { errors };
    const quote = await lockQuote(uow.scope, id);
    if (!quote) return { errors: [notFound(["input", "id"], "quote")] };
    if (!READY.has(quote.status) && quote.status !== QuoteStatus.SENT) return { errors: [statusError(quote, "reject")] };
    Object.assign(quote, { status: QuoteStatus.REJECTED, rejectedAt: new Date(), rejectionReason: reason });
    await uow.scope.save(quote);
    await uow.emit("sfa.quote.rejected.v1", { quoteId: quote.id, number: quote.number, version: quote.version, opportunityId: quote.opportunityId, reason: quote.rejectionReason! });
    return { record: quote };
  }

  /**
   * The customer said yes: the latest version, sent or ready (approved, or needing no approval),
   * still valid. The order is made in the same transaction. The opportunity is left as it is:
   * winning it stays the rep's call (its stage may ask for more), and `sfa.quote.accepted.v1`
   * lets an automation do it.
   */
  async accept(uow: UnitOfWork, id: string): Promise<ServiceResult<Quote, { order: Order }>> {
    const quote = await lockQuote(uow.scope, id);
    if (!quote) return { errors: [notFound(["input", "id"], "quote")] };
    if (!READY.has(quote.status) && quote.status !== QuoteStatus.SENT) return { errors: [statusError(quote, "accept")] };
    if (isPastValidity(quote)) return { errors: [expiredError(quote)] };
    const order = await ordersService.createFromQuote(uow, quote);
    Object.assign(quote, { status: QuoteStatus.ACCEPTED, acceptedAt: new Date() });
    await uow.scope.save(quote);
    await uow.emit("sfa.quote.accepted.v1", {
      quoteId: quote.id,
      number: quote.number,
      version: quote.version,
      opportunityId: quote.opportunityId,
      accountId: quote.accountId,
      orderId: order.id,
      total: quote.total,
      currency: quote.currency,
    });
    return { record: quote, order };
  }

  private async approvalRefusal(uow: UnitOfWork, quote: Quote, approver: Approver): Promise<UserError | null> {
    if (approver.admin) return null;
    if (approver.userId !== null && approver.userId === quote.createdById) {
      return userError(["input", "id"], QuoteErrorCode.SELF_APPROVAL, "You prepared this quote: someone else approves its discount.");
    }
    const limit = approver.userId === null ? null : await approvalLimitOf(uow.scope, approver.userId);
    if (limit !== null && limit >= quote.maxDiscountBps) return null;
    const yours = limit === null ? "You have no discount approval limit" : `Your approval limit is ${bps(limit)}`;
    return userError(["input", "id"], QuoteErrorCode.DISCOUNT_LIMIT_EXCEEDED, `${yours}; ${quote.number} has a ${bps(quote.maxDiscountBps)} discount.`);
  }

  /** Checks and prices the draft, then writes the quote with its lines (and supersedes the revised version). */
  private async write(uow: UnitOfWork, pricing: PricingService, draft: QuoteDraft): Promise<Result> {
    const { opportunity, revising } = draft;
    const errors = checkValidUntil(draft.validUntil, ["input", "validUntil"]);
    const recipient = await checkRecipient(uow.scope, opportunity, draft.contactId, ["input", "contactId"]);
    if (failed(recipient)) errors.push(...recipient.errors);
    if (draft.lines.length === 0) {
      errors.push(userError(["input", "lines"], UserErrorCode.REQUIRED, "The opportunity has no line items: add some, or give the quote's lines."));
      return { errors };
    }
    const settings = await salesSettingsOf(uow.scope);
    const pricedAt = new Date();
    const requests = draft.lines.map((line) => ({ ...line, priceBookId: line.priceBookId ?? draft.priceBookId, channel: line.channel ?? draft.channel }));
    const priced = await priceLines(uow.scope, pricing, requests, {
      currency: opportunity.currency,
      segment: opportunity.segment,
      at: pricedAt,
      maxDiscountBps: settings.maxDiscountBps,
      // Lines taken from the opportunity (or the revised version) are reported by their index too.
      fieldOf: (index) => ["input", "lines", String(index)],
    });
    if (failed(priced)) errors.push(...quoteWideBookErrors(priced.errors, draft));
    if (errors.length > 0 || failed(priced) || failed(recipient)) return { errors };
    const totals = documentTotals(priced.record);
    if (!Number.isSafeInteger(totals.subtotal)) return { errors: [userError(["input", "lines"], LinePricingErrorCode.AMOUNT_TOO_LARGE, "The quote's total is too large an amount.")] };

    const approvalRequired = totals.maxDiscountBps > settings.quoteApprovalThresholdBps;
    const quote = uow.scope.create(Quote, {
      ...totals,
      number: revising?.number ?? (await nextNumber(uow, SalesDocumentKind.QUOTE)),
      version: (revising?.version ?? 0) + 1,
      status: approvalRequired ? QuoteStatus.PENDING_APPROVAL : QuoteStatus.DRAFT,
      opportunityId: opportunity.id,
      accountId: opportunity.accountId,
      contactId: recipient.record.contactId,
      locale: recipient.record.locale,
      currency: opportunity.currency,
      channel: draft.channel,
      pricedAt,
      validUntil: draft.validUntil,
      approvalRequired,
      createdById: staffUserOf(uow.work),
      // The quote is the deal's: whoever may see the deal may see it.
      ownerId: opportunity.ownerId,
      teamId: opportunity.teamId,
    });
    if (revising) {
      revising.status = QuoteStatus.SUPERSEDED;
      await uow.scope.save(revising);
    }
    await uow.scope.save(quote);
    await uow.scope.saveAll(priced.record.map((line, position) => uow.scope.create(QuoteLine, { ...line, currency: quote.currency, quoteId: quote.id, position })));
    await uow.emit("sfa.quote.created.v1", {
      quoteId: quote.id,
      number: quote.number,
      version: quote.version,
      opportunityId: quote.opportunityId,
      accountId: quote.accountId,
      status: quote.status,
      total: quote.total,
      currency: quote.currency,
      previousQuoteId: revising?.id ?? null,
    });
    return { record: quote };
  }
}

/**
 * Errors about the quote-wide price book point at `input.priceBookId`, once, rather than at
 * every line that used it.
 */
function quoteWideBookErrors(errors: readonly UserError[], draft: QuoteDraft): UserError[] {
  if (draft.priceBookId === null) return [...errors];
  const seen = new Set<string>();
  return errors.flatMap((error) => {
    const field = error.field ?? [];
    const index = Number(field[field.length - 2]);
    const usedQuoteBook = field.at(-1) === "priceBookId" && draft.lines[index]?.priceBookId === null;
    if (!usedQuoteBook) return [error];
    const key = `${error.code}:${error.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [userError(["input", "priceBookId"], error.code, error.message)];
  });
}

export const quotesService = new QuotesService();
