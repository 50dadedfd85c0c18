import { Brackets, In } from "typeorm";
import type { TenantScope } from "../db/tenant-scope";
import { groupBy } from "../graphql/batch";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBook } from "./price-book.entity";
import type { PriceQuery } from "./price-request";
import type { PriceFacts } from "./price-rules";
import { Product } from "./product.entity";

function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/**
 * The books any query of the batch could use: those named explicitly, and the active ones in
 * the batch's currencies, valid at some moment of the batch, for a segment and a channel asked
 * about or for any. A superset for the batch; the rules then match each query exactly.
 */
function candidateBooks(scope: TenantScope, queries: readonly PriceQuery[]): Promise<PriceBook[]> {
  const named = distinct(queries.flatMap((query) => (query.priceBookId === null ? [] : [query.priceBookId])));
  const open = queries.filter((query) => query.priceBookId === null);
  const books = scope.query(PriceBook, "b");
  return books
    .andWhere(
      new Brackets((any) => {
        if (open.length > 0) {
          const times = open.map((query) => query.at.getTime());
          const segments = distinct(open.flatMap((query) => (query.segment === null ? [] : [query.segment])));
          const channels = distinct(open.flatMap((query) => (query.channel === null ? [] : [query.channel])));
          any.orWhere(
            new Brackets((usable) =>
              usable
                .where("b.currency IN (:...currencies)", { currencies: distinct(open.map((query) => query.currency)) })
                .andWhere("b.active = :active", { active: true })
                .andWhere("b.validFrom <= :latest", { latest: new Date(Math.max(...times)) })
                .andWhere("(b.validTo IS NULL OR b.validTo > :earliest)", { earliest: new Date(Math.min(...times)) })
                .andWhere(segments.length > 0 ? "(b.segment IS NULL OR b.segment IN (:...segments))" : "b.segment IS NULL", { segments })
                .andWhere(channels.length > 0 ? "(b.channel IS NULL OR b.channel IN (:...channels))" : "b.channel IS NULL", { channels }),
            ),
          );
        }
        if (named.length > 0) any.orWhere("b.id IN (:...named)", { named });
      }),
    )
    .getMany();
}

/**
 * Everything the rules need to price a batch, in at most three statements whatever its size:
 * the products and the candidate books (together), then the books' entries for those products
 * up to the largest quantity asked.
 */
export async function loadPriceFacts(scope: TenantScope, queries: readonly PriceQuery[]): Promise<PriceFacts> {
  const productIds = distinct(queries.map((query) => query.productId));
  const [products, books] = await Promise.all([scope.findBy(Product, { id: In(productIds) }), candidateBooks(scope, queries)]);
  const sellable = products.filter((product) => product.sellable).map((product) => product.id);
  const entries =
    sellable.length > 0 && books.length > 0
      ? await scope
          .query(PriceBookEntry, "e")
          .andWhere("e.productId IN (:...sellable)", { sellable })
          .andWhere("e.priceBookId IN (:...bookIds)", { bookIds: books.map((book) => book.id) })
          .andWhere("e.minQuantity <= :most", { most: Math.max(...queries.map((query) => query.quantity)) })
          .getMany()
      : [];
  return {
    products: new Map(products.map((product) => [product.id, product])),
    books: new Map(books.map((book) => [book.id, book])),
    entries: new Map(groupBy(sellable, entries, (entry) => entry.productId).map((group, index) => [sellable[index]!, group])),
  };
}
