import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../contacts/mutation";
import type { RequestContext } from "../graphql/context";
import { Money, money } from "../money/money";
import { priceBookLoader, productLoader } from "./catalog.loaders";
import { CATALOG_MANAGE } from "./catalog.permissions";
import { priceBookEntriesService } from "./price-book-entries.service";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBookEntryPayload, PriceBookEntryRemoveInput, PriceBookEntryRemovePayload, PriceBookEntrySetInput } from "./price-book-entry.types";
import { PriceBook } from "./price-book.entity";
import { Product } from "./product.entity";

/** An entry's book: books are never deleted, so every entry has one. */
async function bookOf(context: RequestContext, entry: PriceBookEntry): Promise<PriceBook> {
  return (await priceBookLoader(context).load(entry.priceBookId))!;
}

@Resolver(() => PriceBookEntry)
export class PriceBookEntryResolver {
  @FieldResolver(() => Money, { description: "Per unit, in the book's currency." })
  async unitPrice(@Root() entry: PriceBookEntry, @Ctx() context: RequestContext): Promise<Money> {
    return money(entry.unitAmount, (await bookOf(context, entry)).currency);
  }

  @FieldResolver(() => PriceBook)
  priceBook(@Root() entry: PriceBookEntry, @Ctx() context: RequestContext): Promise<PriceBook> {
    return bookOf(context, entry);
  }

  @FieldResolver(() => Product)
  async product(@Root() entry: PriceBookEntry, @Ctx() context: RequestContext): Promise<Product> {
    return (await productLoader(context).load(entry.productId))!;
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => PriceBookEntryPayload, {
    description: "Sets a product's unit price in a book from `minQuantity` units on (a volume tier), replacing that tier's price if set.",
  })
  priceBookEntrySet(@Arg("input", () => PriceBookEntrySetInput) input: PriceBookEntrySetInput, @Ctx() context: RequestContext): Promise<PriceBookEntryPayload> {
    const ids: [string, string, string[]][] = [
      [input.priceBookId, "PriceBook", ["input", "priceBookId"]],
      [input.productId, "Product", ["input", "productId"]],
    ];
    const result = withRowIds(ids, ([priceBookId, productId]) =>
      run(context, "priceBookEntrySet", (uow) => priceBookEntriesService.set(uow, { priceBookId: priceBookId!, productId: productId! }, input)),
    );
    return respond(new PriceBookEntryPayload(), result, (payload, { record }) => {
      payload.priceBookEntry = record;
    });
  }

  @Authorized(CATALOG_MANAGE)
  @Mutation(() => PriceBookEntryRemovePayload, { description: "Removes a price (one tier) from its book." })
  priceBookEntryRemove(@Arg("input", () => PriceBookEntryRemoveInput) input: PriceBookEntryRemoveInput, @Ctx() context: RequestContext): Promise<PriceBookEntryRemovePayload> {
    const result = withRowIds([[input.id, "PriceBookEntry", ["input", "id"]]], ([id]) => run(context, "priceBookEntryRemove", (uow) => priceBookEntriesService.remove(uow, id!)));
    return respond(new PriceBookEntryRemovePayload(), result, (payload, { record }) => Object.assign(payload, { priceBook: record, removedId: input.id }));
  }
}
