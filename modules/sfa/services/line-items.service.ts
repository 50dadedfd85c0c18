import type { PricingService } from "../../../core/catalog/pricing.service";
import { cleanText } from "../../../core/contacts/record-writer";
import { asInput, failed, notFound, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { userError, validateInput, type UserError } from "../../../core/graphql/payload";
import { rowIdOf } from "../../../core/graphql/relay/global-id";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import type { Opportunity } from "../entities/opportunity.entity";
import { StageOutcome } from "../entities/pipeline.entity";
import { OpportunityLineItemAddInput, OpportunityLineItemUpdateInput } from "../graphql/line-item.types";
import { LinePricingErrorCode, lineRequest, priceLines, repriceRequest, type LineRequest } from "./line-item-pricing";
import { LineItemErrorCode } from "./line-item-rules";
import { findOpportunity } from "./opportunities.service";
import { salesSettingsOf } from "./sales-settings.service";

type Result = ServiceResult<OpportunityLineItem, { opportunity: Opportunity }>;

/** A price book id of an input: undefined (not given), null (cleared) or a row id; malformed ids are INVALID. */
export function optionalRowId(globalId: string | null | undefined, typeName: string, field: string[]): { rowId: string | null | undefined; errors: UserError[] } {
  if (globalId == null) return { rowId: globalId, errors: [] };
  return rowIdOf(globalId, typeName, field);
}

/** An open opportunity, locked so that its line items and amount change one writer at a time. */
async function openOpportunity(uow: UnitOfWork, id: string, field: string[]): Promise<ServiceResult<Opportunity>> {
  const opportunity = await findOpportunity(uow.scope, id);
  if (!opportunity) return { errors: [notFound(field, "opportunity")] };
  if (opportunity.status !== StageOutcome.OPEN) {
    return { errors: [userError(field, LineItemErrorCode.OPPORTUNITY_CLOSED, `The opportunity is ${opportunity.status}: its line items no longer change.`)] };
  }
  return { record: opportunity };
}

/**
 * Products on a deal, each priced through `services.pricing` in the opportunity's currency and
 * segment (and the line's channel), keeping the book, entry and rule that priced it. While a
 * deal has line items its amount is their sum, kept in step by every change here; removing the
 * last one leaves the amount as it was, for the rep to set again.
 */
export class LineItemsService {
  async add(uow: UnitOfWork, pricing: PricingService, raw: OpportunityLineItemAddInput): Promise<Result> {
    const input = asInput(OpportunityLineItemAddInput, raw);
    const errors = await validateInput(input);
    const opportunityId = rowIdOf(input.opportunityId, "Opportunity", ["input", "opportunityId"]);
    const productId = rowIdOf(input.productId, "Product", ["input", "productId"]);
    const priceBookId = optionalRowId(input.priceBookId, "PriceBook", ["input", "priceBookId"]);
    errors.push(...opportunityId.errors, ...productId.errors, ...priceBookId.errors);
    if (errors.length > 0) return { errors };
    const opportunity = await openOpportunity(uow, opportunityId.rowId!, ["input", "opportunityId"]);
    if (failed(opportunity)) return opportunity;
    const items = await uow.scope.find(OpportunityLineItem, { where: { opportunityId: opportunity.record.id }, order: { position: "ASC" } });
    const item = uow.scope.create(OpportunityLineItem, { opportunityId: opportunity.record.id, position: (items.at(-1)?.position ?? -1) + 1 });
    const request = lineRequest(input, productId.rowId!, priceBookId.rowId ?? null);
    return this.write(uow, pricing, opportunity.record, item, request, [...items, item]);
  }

  /** `id` is the line item's row id; the line is priced again, so its price is today's. */
  async update(uow: UnitOfWork, pricing: PricingService, id: string, raw: OpportunityLineItemUpdateInput): Promise<Result> {
    const input = asInput(OpportunityLineItemUpdateInput, raw);
    const errors = await validateInput(input);
    const priceBookId = optionalRowId(input.priceBookId, "PriceBook", ["input", "priceBookId"]);
    errors.push(...priceBookId.errors);
    if (errors.length > 0) return { errors };
    const found = await uow.scope.findOneBy(OpportunityLineItem, { id });
    if (!found) return { errors: [notFound(["input", "id"], "line item")] };
    const opportunity = await openOpportunity(uow, found.opportunityId, ["input", "id"]);
    if (failed(opportunity)) return opportunity;
    // Read again under the opportunity's lock: a concurrent removal may have taken the line.
    const items = await uow.scope.find(OpportunityLineItem, { where: { opportunityId: opportunity.record.id } });
    const item = items.find((candidate) => candidate.id === id);
    if (!item) return { errors: [notFound(["input", "id"], "line item")] };
    const stored = repriceRequest(item);
    const request: LineRequest = {
      ...stored,
      quantity: input.quantity ?? stored.quantity,
      discountBps: input.discountBps ?? stored.discountBps,
      priceBookId: priceBookId.rowId === undefined ? stored.priceBookId : priceBookId.rowId,
      channel: input.channel === undefined ? stored.channel : (cleanText(input.channel) ?? null),
      description: input.description === undefined ? stored.description : (cleanText(input.description) ?? null),
    };
    return this.write(uow, pricing, opportunity.record, item, request, items);
  }

  /** `id` is the line item's row id. */
  async remove(uow: UnitOfWork, id: string): Promise<ServiceResult<Opportunity>> {
    const found = await uow.scope.findOneBy(OpportunityLineItem, { id });
    if (!found) return { errors: [notFound(["input", "id"], "line item")] };
    const opportunity = await openOpportunity(uow, found.opportunityId, ["input", "id"]);
    if (failed(opportunity)) return opportunity;
    const items = await uow.scope.find(OpportunityLineItem, { where: { opportunityId: opportunity.record.id } });
    const item = items.find((candidate) => candidate.id === id);
    if (!item) return { errors: [notFound(["input", "id"], "line item")] };
    const rest = items.filter((candidate) => candidate !== item);
    await uow.scope.remove(item);
    if (rest.length > 0) await this.sum(uow, opportunity.record, rest);
    return { record: opportunity.record };
  }

  /** Prices the line, saves it, and makes the opportunity's amount the sum of `items` (which holds it). */
  private async write(uow: UnitOfWork, pricing: PricingService, opportunity: Opportunity, item: OpportunityLineItem, request: LineRequest, items: OpportunityLineItem[]): Promise<Result> {
    const settings = await salesSettingsOf(uow.scope);
    const terms = { currency: opportunity.currency, segment: opportunity.segment, at: new Date(), maxDiscountBps: settings.maxDiscountBps, fieldOf: () => ["input"] };
    const priced = await priceLines(uow.scope, pricing, [request], terms);
    if (failed(priced)) return priced;
    const { sku: _sku, productName: _productName, ...line } = priced.record[0]!;
    Object.assign(item, line, { currency: opportunity.currency });
    const sum = items.reduce((total, candidate) => total + candidate.lineTotal, 0);
    if (!Number.isSafeInteger(sum)) return { errors: [userError(["input", "quantity"], LinePricingErrorCode.AMOUNT_TOO_LARGE, "The opportunity's total would be too large an amount.")] };
    await uow.scope.save(item);
    await this.sum(uow, opportunity, items);
    return { record: item, opportunity };
  }

  private async sum(uow: UnitOfWork, opportunity: Opportunity, items: readonly OpportunityLineItem[]): Promise<void> {
    opportunity.amount = items.reduce((total, item) => total + item.lineTotal, 0);
    await uow.scope.save(opportunity);
  }
}

export const lineItemsService = new LineItemsService();
