import type { PricingService } from "../../../core/catalog/pricing.service";
import { PriceRule } from "../../../core/catalog/pricing.types";
import { cleanText } from "../../../core/contacts/record-writer";
import type { ServiceResult } from "../../../core/contacts/service-result";
import type { TenantScope } from "../../../core/db/tenant-scope";
import { userError, type UserError } from "../../../core/graphql/payload";
import type { PricedLine } from "../entities/line-item.entity";

export const LinePricingErrorCode = {
  /** A discount above the tenant's maximum (SalesSettings.maxDiscountBps). */
  DISCOUNT_TOO_HIGH: "DISCOUNT_TOO_HIGH",
  /** quantity × unit price does not fit an exact amount. */
  AMOUNT_TOO_LARGE: "AMOUNT_TOO_LARGE",
} as const;

const BPS = 10_000n;

/** A line to price: row ids; a null price book lets the rules choose. */
export interface LineRequest {
  productId: string;
  quantity: number;
  discountBps: number;
  priceBookId: string | null;
  channel: string | null;
  description: string | null;
}

/** A line of an input as a price request; ids already decoded to row ids. */
export function lineRequest(input: { quantity: number; discountBps: number; channel?: string | null; description?: string | null }, productId: string, priceBookId: string | null): LineRequest {
  return {
    productId,
    quantity: input.quantity,
    discountBps: input.discountBps,
    priceBookId,
    channel: cleanText(input.channel) ?? null,
    description: cleanText(input.description) ?? null,
  };
}

/** A stored line as a request to price it again: a book the rules chose is chosen again, an explicit one kept. */
export function repriceRequest(line: Pick<PricedLine, "productId" | "quantity" | "discountBps" | "priceBookId" | "priceRule" | "channel" | "description">): LineRequest {
  return {
    productId: line.productId,
    quantity: line.quantity,
    discountBps: line.discountBps,
    priceBookId: line.priceRule === PriceRule.EXPLICIT_BOOK ? line.priceBookId : null,
    channel: line.channel,
    description: line.description,
  };
}

/** The amounts of one line, in minor units. */
export interface LineAmounts {
  subtotal: number;
  discountAmount: number;
  lineTotal: number;
}

/** A line once priced: what quote, order and opportunity lines store. */
export interface PricedLineValues extends LineAmounts {
  productId: string;
  sku: string;
  productName: string;
  description: string | null;
  channel: string | null;
  quantity: number;
  unitAmount: number;
  discountBps: number;
  priceBookId: string;
  priceBookEntryId: string;
  priceRule: string;
}

/**
 * Per-line rounding: subtotal = quantity × unit amount (exact); the discount is subtotal × bps /
 * 10,000 rounded half up to the minor unit; the line total is their difference. A document's
 * totals are the sums of its lines' amounts, so total = subtotal − discount exactly and every
 * line on paper adds up. Null when an amount would not be an exact (safe) integer.
 */
export function lineAmounts(quantity: number, unitAmount: number, discountBps: number): LineAmounts | null {
  const subtotal = BigInt(quantity) * BigInt(unitAmount);
  const discount = (subtotal * BigInt(discountBps) + BPS / 2n) / BPS;
  const amounts = { subtotal: Number(subtotal), discountAmount: Number(discount), lineTotal: Number(subtotal - discount) };
  return Number.isSafeInteger(amounts.subtotal) ? amounts : null;
}

export interface DocumentTotals {
  subtotal: number;
  discountTotal: number;
  total: number;
  /** The largest line discount, basis points. */
  maxDiscountBps: number;
}

export function documentTotals(lines: readonly (LineAmounts & { discountBps: number })[]): DocumentTotals {
  return lines.reduce(
    (sum, line) => ({
      subtotal: sum.subtotal + line.subtotal,
      discountTotal: sum.discountTotal + line.discountAmount,
      total: sum.total + line.lineTotal,
      maxDiscountBps: Math.max(sum.maxDiscountBps, line.discountBps),
    }),
    { subtotal: 0, discountTotal: 0, total: 0, maxDiscountBps: 0 },
  );
}

export interface PricingTerms {
  currency: string;
  segment: string | null;
  at: Date;
  maxDiscountBps: number;
  /** Where line `index`'s userErrors point, e.g. ["input", "lines", "2"]. */
  fieldOf: (index: number) => string[];
}

/**
 * Prices every line through `services.pricing` in one batch (constant SQL whatever the number
 * of lines) and checks each discount against the tenant's maximum. Every line's errors are
 * reported together; on any error no line is returned.
 */
export async function priceLines(scope: TenantScope, pricing: PricingService, lines: readonly LineRequest[], terms: PricingTerms): Promise<ServiceResult<PricedLineValues[]>> {
  const outcomes = await pricing.resolveMany(
    scope,
    lines.map(({ productId, quantity, priceBookId, channel }) => ({ productId, quantity, priceBookId, channel, currency: terms.currency, segment: terms.segment, at: terms.at })),
    terms.fieldOf,
  );
  const errors: UserError[] = [];
  const priced: PricedLineValues[] = [];
  outcomes.forEach((outcome, index) => {
    const line = lines[index]!;
    const field = terms.fieldOf(index);
    if (line.discountBps > terms.maxDiscountBps) {
      const max = (terms.maxDiscountBps / 100).toFixed(2);
      errors.push(userError([...field, "discountBps"], LinePricingErrorCode.DISCOUNT_TOO_HIGH, `Discounts above ${max} % are not allowed (sales settings).`));
    }
    if ("errors" in outcome) {
      errors.push(...outcome.errors);
      return;
    }
    const { price } = outcome;
    const amounts = lineAmounts(line.quantity, price.unitPrice.amount, line.discountBps);
    if (!amounts) {
      errors.push(userError([...field, "quantity"], LinePricingErrorCode.AMOUNT_TOO_LARGE, "quantity × unit price is too large an amount."));
      return;
    }
    priced.push({
      ...amounts,
      productId: price.product.id,
      sku: price.product.sku,
      productName: price.product.name,
      description: line.description,
      channel: line.channel,
      quantity: line.quantity,
      unitAmount: price.unitPrice.amount,
      discountBps: line.discountBps,
      priceBookId: price.priceBook.id,
      priceBookEntryId: price.entry.id,
      priceRule: price.rule,
    });
  });
  return errors.length > 0 ? { errors } : { record: priced };
}
