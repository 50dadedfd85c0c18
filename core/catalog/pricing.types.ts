import { Field, ID, InputType, Int, ObjectType, registerEnumType } from "type-graphql";
import { MutationPayload, type UserError } from "../graphql/payload";
import { Money } from "../money/money";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBook } from "./price-book.entity";
import { Product } from "./product.entity";

/** Which rule picked the price book, from the most specific to the least. */
export enum PriceRule {
  EXPLICIT_BOOK = "EXPLICIT_BOOK",
  SEGMENT_AND_CHANNEL = "SEGMENT_AND_CHANNEL",
  SEGMENT = "SEGMENT",
  CHANNEL = "CHANNEL",
  STANDARD = "STANDARD",
}
registerEnumType(PriceRule, {
  name: "PriceRule",
  description: "Why a price book priced the product.",
  valuesConfig: {
    EXPLICIT_BOOK: { description: "The caller named the price book." },
    SEGMENT_AND_CHANNEL: { description: "A book for the request's segment and channel." },
    SEGMENT: { description: "A book for the request's segment, on any channel." },
    CHANNEL: { description: "A book for the request's channel, for any segment." },
    STANDARD: { description: "A book for every segment and channel." },
  },
});

/** userError codes of price resolution, besides NOT_FOUND, INVALID and UNKNOWN_CURRENCY. */
export const PricingErrorCode = {
  PRODUCT_INACTIVE: "PRODUCT_INACTIVE",
  PRICE_BOOK_INACTIVE: "PRICE_BOOK_INACTIVE",
  PRICE_BOOK_EXPIRED: "PRICE_BOOK_EXPIRED",
  PRICE_BOOK_NOT_YET_VALID: "PRICE_BOOK_NOT_YET_VALID",
  CURRENCY_MISMATCH: "CURRENCY_MISMATCH",
  NO_PRICE: "NO_PRICE",
} as const;

/** One line to price, as `services.pricing` takes it. Ids are row ids. */
export interface PriceRequest {
  productId: string;
  /** ISO 4217, any case. */
  currency: string;
  /** The moment the price applies, e.g. a quote's date; default now. */
  at?: Date | null;
  /** The customer's segment (e.g. partner); matched without case. */
  segment?: string | null;
  /** The sales channel (e.g. web); matched without case. */
  channel?: string | null;
  /** Units; picks the volume tier. Default 1. */
  quantity?: number | null;
  /** Price from this book only (rule EXPLICIT_BOOK), regardless of segment, channel and priority. */
  priceBookId?: string | null;
}

@ObjectType({ description: "A unit price and where it came from: the book, its entry (tier) and the rule that chose them." })
export class ResolvedPrice {
  @Field(() => Money, { description: "Per unit, in the book's currency." })
  unitPrice: Money;

  @Field(() => Int, { description: "The quantity priced, which picked the tier." })
  quantity: number;

  @Field(() => Date, { description: "The moment the price applies at." })
  at: Date;

  @Field(() => Product)
  product: Product;

  @Field(() => PriceBook)
  priceBook: PriceBook;

  @Field(() => PriceBookEntry, { description: "The entry priced from: its `minQuantity` is the tier." })
  entry: PriceBookEntry;

  @Field(() => PriceRule)
  rule: PriceRule;

  @Field(() => String, { description: "For people, e.g. \"Price book 'EU partners 2026' (segment partner, channel web), tier from 10 units\"." })
  explanation: string;
}

/** What `services.pricing` answers for each request: a price, or why there is none. */
export type PriceOutcome = { price: ResolvedPrice } | { errors: UserError[] };

@InputType({ description: "What to price. Segment and channel pick the most specific price book that has a price." })
export class PriceResolveInput {
  @Field(() => ID)
  productId: string;

  @Field(() => String, { description: "ISO 4217." })
  currency: string;

  @Field(() => Int, { defaultValue: 1, description: "Picks the volume tier; at least 1." })
  quantity: number;

  @Field(() => Date, { nullable: true, description: "When the price applies; default now." })
  at?: Date | null;

  @Field(() => String, { nullable: true })
  segment?: string | null;

  @Field(() => String, { nullable: true })
  channel?: string | null;

  @Field(() => ID, { nullable: true, description: "Price from this book only; it must be active, valid at `at` and in `currency`." })
  priceBookId?: string | null;
}

@ObjectType()
export class PriceResolution extends MutationPayload {
  @Field(() => ResolvedPrice, { nullable: true, description: "Null when `userErrors` say why there is no price." })
  price: ResolvedPrice | null = null;
}
