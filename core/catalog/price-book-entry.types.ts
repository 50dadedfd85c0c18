import { IsInt, Max, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { MoneyInput } from "../money/money";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBook } from "./price-book.entity";

export const PriceBookEntryConnection = Connection(PriceBookEntry, "PriceBookEntry");

/** The largest volume tier's threshold. */
export const MAX_MIN_QUANTITY = 1_000_000_000;

@InputType({ description: "Sets a product's price in a book from `minQuantity` units on, replacing that tier's price if there is one." })
export class PriceBookEntrySetInput {
  @Field(() => ID)
  priceBookId: string;

  @Field(() => ID)
  productId: string;

  @Field(() => MoneyInput, { description: "Per unit, at least 0, in the book's currency." })
  unitPrice: MoneyInput;

  @Field(() => Int, { defaultValue: 1, description: "The tier starts at this quantity; 1 is the base price." })
  @IsInt()
  @Min(1)
  @Max(MAX_MIN_QUANTITY)
  minQuantity: number;
}

@InputType()
export class PriceBookEntryRemoveInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class PriceBookEntryPayload extends MutationPayload {
  @Field(() => PriceBookEntry, { nullable: true })
  priceBookEntry: PriceBookEntry | null = null;
}

@ObjectType()
export class PriceBookEntryRemovePayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: "The removed entry's id, which no longer resolves." })
  removedId: string | null = null;

  @Field(() => PriceBook, { nullable: true, description: "The book the entry was removed from." })
  priceBook: PriceBook | null = null;
}
