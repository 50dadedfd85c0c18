import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { money } from "../money/money";
import type { PriceBookEntry } from "./price-book-entry.entity";
import type { PriceBook } from "./price-book.entity";
import type { PriceQuery } from "./price-request";
import { PriceRule, PricingErrorCode, ResolvedPrice, type PriceOutcome } from "./pricing.types";
import type { Product } from "./product.entity";

/** The rows the rules read for a batch of requests (loaded by `loadPriceFacts`). */
export interface PriceFacts {
  products: ReadonlyMap<string, Product>;
  /** Every candidate book of the batch and every book named explicitly. */
  books: ReadonlyMap<string, PriceBook>;
  /** Entries of those books, by product id. */
  entries: ReadonlyMap<string, readonly PriceBookEntry[]>;
}

/** The rules a book can stand for by itself; EXPLICIT_BOOK is the caller's choice, never a book's. */
type BookRule = Exclude<PriceRule, PriceRule.EXPLICIT_BOOK>;

/** Higher is more specific; the most specific book with a price wins. */
const SPECIFICITY: Record<BookRule, number> = {
  [PriceRule.SEGMENT_AND_CHANNEL]: 3,
  [PriceRule.SEGMENT]: 2,
  [PriceRule.CHANNEL]: 1,
  [PriceRule.STANDARD]: 0,
};

/** The rule a book stands for when it was not named explicitly. */
export function ruleOf(book: PriceBook): BookRule {
  if (book.segment !== null) return book.channel !== null ? PriceRule.SEGMENT_AND_CHANNEL : PriceRule.SEGMENT;
  return book.channel !== null ? PriceRule.CHANNEL : PriceRule.STANDARD;
}

/** validFrom <= at < validTo (an open end never passes). */
export function validAt(book: PriceBook, at: Date): boolean {
  return book.validFrom <= at && (book.validTo === null || at < book.validTo);
}

/** Whether a book may price the query without being named: active, same currency, valid, for its segment and channel or any. */
export function applies(book: PriceBook, query: PriceQuery): boolean {
  return (
    book.active &&
    book.currency === query.currency &&
    validAt(book, query.at) &&
    (book.segment === null || book.segment === query.segment) &&
    (book.channel === null || book.channel === query.channel)
  );
}

/** Positive when `a` beats `b`: more specific, then higher priority, then the later validFrom, then the newer book. */
export function compareBooks(a: PriceBook, b: PriceBook): number {
  return (
    SPECIFICITY[ruleOf(a)] - SPECIFICITY[ruleOf(b)] ||
    a.priority - b.priority ||
    a.validFrom.getTime() - b.validFrom.getTime() ||
    Number(BigInt(a.id) - BigInt(b.id))
  );
}

/** Per accepted book, its volume tier for `quantity`: the entry with the largest minQuantity not above it. */
function tiersOf(entries: readonly PriceBookEntry[], books: PriceFacts["books"], quantity: number, accept: (book: PriceBook) => boolean): Map<PriceBook, PriceBookEntry> {
  const tiers = new Map<PriceBook, PriceBookEntry>();
  for (const entry of entries) {
    const book = books.get(entry.priceBookId);
    if (!book || entry.minQuantity > quantity || !accept(book)) continue;
    const tier = tiers.get(book);
    if (!tier || entry.minQuantity > tier.minQuantity) tiers.set(book, entry);
  }
  return tiers;
}

/** The best-ranked book that has a price for the quantity, with that price. */
function bestOf(tiers: Map<PriceBook, PriceBookEntry>): [PriceBook, PriceBookEntry] | null {
  let best: [PriceBook, PriceBookEntry] | null = null;
  for (const candidate of tiers) if (!best || compareBooks(candidate[0], best[0]) > 0) best = candidate;
  return best;
}

/** For people: which book, why it applied, and which tier. */
export function explain(book: PriceBook, entry: PriceBookEntry, rule: PriceRule): string {
  const why: Record<PriceRule, string> = {
    [PriceRule.EXPLICIT_BOOK]: "chosen explicitly",
    [PriceRule.SEGMENT_AND_CHANNEL]: `segment ${book.segment}, channel ${book.channel}`,
    [PriceRule.SEGMENT]: `segment ${book.segment}`,
    [PriceRule.CHANNEL]: `channel ${book.channel}`,
    [PriceRule.STANDARD]: "standard",
  };
  const tier = entry.minQuantity > 1 ? `, tier from ${entry.minQuantity} units` : "";
  return `Price book '${book.name}' (${why[rule]})${tier}`;
}

/** Why an explicitly named book cannot price at the query's moment and currency. */
function explicitBookErrors(book: PriceBook, query: PriceQuery): UserError[] {
  const field = [...query.field, "priceBookId"];
  const errors: UserError[] = [];
  if (!book.active) errors.push(userError(field, PricingErrorCode.PRICE_BOOK_INACTIVE, `Price book '${book.name}' is inactive.`));
  if (book.currency !== query.currency) {
    errors.push(userError(field, PricingErrorCode.CURRENCY_MISMATCH, `Price book '${book.name}' is in ${book.currency}, not ${query.currency}.`));
  }
  if (query.at < book.validFrom) {
    errors.push(userError(field, PricingErrorCode.PRICE_BOOK_NOT_YET_VALID, `Price book '${book.name}' applies from ${book.validFrom.toISOString()}.`));
  } else if (!validAt(book, query.at)) {
    errors.push(userError(field, PricingErrorCode.PRICE_BOOK_EXPIRED, `Price book '${book.name}' expired at ${book.validTo!.toISOString()}.`));
  }
  return errors;
}

function noPrice(query: PriceQuery, product: Product, where: string): PriceOutcome {
  const units = query.quantity > 1 ? ` for ${query.quantity} units` : "";
  return { errors: [userError([...query.field], PricingErrorCode.NO_PRICE, `No price for '${product.sku}'${units} in ${where}.`)] };
}

/**
 * The price of one query from the batch's facts. The rules, so that a product costs the same
 * everywhere unless a book says otherwise: the candidates are the active books in the currency,
 * valid at `at`, made for the query's segment and channel or for any, that price the product at
 * the quantity; the most specific wins (segment and channel, segment, channel, standard), then
 * the higher priority, the later validFrom, the newer book. Within the book, the volume tier
 * with the largest minQuantity not above the quantity. A book named in the query is the only
 * candidate, whatever its segment and channel, and must itself be usable.
 */
export function decidePrice(query: PriceQuery, facts: PriceFacts): PriceOutcome {
  const productField = [...query.field, "productId"];
  const product = facts.products.get(query.productId);
  if (!product) return { errors: [userError(productField, UserErrorCode.NOT_FOUND, "No such product.")] };
  if (!product.sellable) {
    const state = product.archivedAt ? "archived" : "inactive";
    return { errors: [userError(productField, PricingErrorCode.PRODUCT_INACTIVE, `Product '${product.sku}' is ${state} and cannot be priced.`)] };
  }
  const entries = facts.entries.get(product.id) ?? [];
  const explicitId = query.priceBookId;
  if (explicitId !== null) {
    const book = facts.books.get(explicitId);
    if (!book) return { errors: [userError([...query.field, "priceBookId"], UserErrorCode.NOT_FOUND, "No such price book.")] };
    const errors = explicitBookErrors(book, query);
    if (errors.length > 0) return { errors };
    const entry = tiersOf(entries, facts.books, query.quantity, (candidate) => candidate === book).get(book);
    return entry ? priced(query, product, book, entry, PriceRule.EXPLICIT_BOOK) : noPrice(query, product, `price book '${book.name}'`);
  }
  const best = bestOf(tiersOf(entries, facts.books, query.quantity, (book) => applies(book, query)));
  if (!best) return noPrice(query, product, `any ${query.currency} price book valid at ${query.at.toISOString()} for this segment and channel`);
  const [book, entry] = best;
  return priced(query, product, book, entry, ruleOf(book));
}

function priced(query: PriceQuery, product: Product, priceBook: PriceBook, entry: PriceBookEntry, rule: PriceRule): PriceOutcome {
  const price = Object.assign(new ResolvedPrice(), {
    unitPrice: money(entry.unitAmount, priceBook.currency),
    quantity: query.quantity,
    at: query.at,
    product,
    priceBook,
    entry,
    rule,
    explanation: explain(priceBook, entry, rule),
  });
  return { price };
}
