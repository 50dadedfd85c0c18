import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { checkCurrency } from "../money/money";
import type { PriceRequest } from "./pricing.types";

/** A price request once checked and normalised: what the rules compare price books with. */
export interface PriceQuery {
  productId: string;
  /** Upper-case ISO 4217. */
  currency: string;
  at: Date;
  segment: string | null;
  channel: string | null;
  quantity: number;
  priceBookId: string | null;
  /** Where this request's userErrors point, e.g. ["input", "lines", "3"]. */
  field: readonly string[];
}

/** Segments and channels are labels compared without case or surrounding blanks; blank is none. */
export function normalizeLabel(value: string | null | undefined): string | null {
  return value?.trim().toLowerCase() || null;
}

/** The request with its defaults (now, 1 unit), or what is wrong with it before any lookup. */
export function checkRequest(request: PriceRequest, field: readonly string[], now: Date): { query: PriceQuery } | { errors: UserError[] } {
  const errors: UserError[] = [];
  const currency = checkCurrency(request.currency, [...field, "currency"]);
  errors.push(...currency.errors);
  const quantity = request.quantity ?? 1;
  if (!Number.isSafeInteger(quantity) || quantity < 1) {
    errors.push(userError([...field, "quantity"], UserErrorCode.INVALID, "The quantity must be a whole number of at least 1."));
  }
  const at = request.at ?? now;
  if (Number.isNaN(at.getTime())) errors.push(userError([...field, "at"], UserErrorCode.INVALID, "`at` is not a valid moment."));
  if (currency.currency === null || errors.length > 0) return { errors };
  return {
    query: {
      productId: request.productId,
      currency: currency.currency,
      at,
      segment: normalizeLabel(request.segment),
      channel: normalizeLabel(request.channel),
      quantity,
      priceBookId: request.priceBookId ?? null,
      field,
    },
  };
}
