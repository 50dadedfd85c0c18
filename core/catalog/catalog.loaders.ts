import type DataLoader from "dataloader";
import { pageLoaderKey, scopedLoader } from "../graphql/batch";
import type { RequestContext } from "../graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../graphql/relay/connection";
import { paginateGroups } from "../graphql/relay/grouped-connection";
import { permittedNode, tenantNode } from "../graphql/relay/node-registry";
import { CATALOG_READ } from "./catalog.permissions";
import { PriceBookEntry } from "./price-book-entry.entity";
import { PriceBook } from "./price-book.entity";
import { Product } from "./product.entity";

/** Products by name, then id: the order of `products` (an index serves it). */
export const PRODUCT_ORDER: readonly SortKey<Product>[] = [
  { column: "p.name", value: (p) => p.name, direction: "ASC" },
  { column: "p.id", value: (p) => p.id, direction: "ASC" },
];

export const PRICE_BOOK_ORDER: readonly SortKey<PriceBook>[] = [
  { column: "b.name", value: (b) => b.name, direction: "ASC" },
  { column: "b.id", value: (b) => b.id, direction: "ASC" },
];

/** A book's entries by product, then tier. */
const ENTRIES_OF_BOOK: readonly SortKey<PriceBookEntry>[] = [
  { column: "e.productId", value: (e) => e.productId, direction: "ASC" },
  { column: "e.minQuantity", value: (e) => e.minQuantity, direction: "ASC" },
  { column: "e.id", value: (e) => e.id, direction: "ASC" },
];

/** A product's entries by book, then tier. */
const ENTRIES_OF_PRODUCT: readonly SortKey<PriceBookEntry>[] = [
  { column: "e.priceBookId", value: (e) => e.priceBookId, direction: "ASC" },
  { column: "e.minQuantity", value: (e) => e.minQuantity, direction: "ASC" },
  { column: "e.id", value: (e) => e.id, direction: "ASC" },
];

export function productLoader(context: RequestContext): DataLoader<string, Product | null> {
  return scopedLoader(context, "core.productById", (scope, ids) => scope.byIds(Product, ids));
}

export function priceBookLoader(context: RequestContext): DataLoader<string, PriceBook | null> {
  return scopedLoader(context, "core.priceBookById", (scope, ids) => scope.byIds(PriceBook, ids));
}

/** Pages of entries grouped by book or by product, one statement for every parent of a page, per request and arguments. */
function entriesBy(group: "priceBookId" | "productId", order: readonly SortKey<PriceBookEntry>[]) {
  return (context: RequestContext, parentId: string, args: ConnectionArgs): Promise<ConnectionResult<PriceBookEntry>> => {
    return scopedLoader(context, pageLoaderKey(`core.priceBookEntriesBy:${group}`, args), async (scope, parentIds) => {
      const column = `e.${group}`;
      const pages = await paginateGroups(scope.query(PriceBookEntry, "e").andWhere(`${column} IN (:...parentIds)`, { parentIds }), args, order, {
        column,
        keys: parentIds,
        id: "e.id",
        rows: scope.query(PriceBookEntry, "row"),
        idOf: (entry) => entry.id,
      });
      return parentIds.map((id) => pages.get(id)!);
    }).load(parentId);
  };
}

export const entriesOfBook = entriesBy("priceBookId", ENTRIES_OF_BOOK);
export const entriesOfProduct = entriesBy("productId", ENTRIES_OF_PRODUCT);

/** `node(id)` for the catalogue, with `catalog.read` only. */
export const catalogNodes = [
  permittedNode(tenantNode("Product", Product), CATALOG_READ),
  permittedNode(tenantNode("PriceBook", PriceBook), CATALOG_READ),
  permittedNode(tenantNode("PriceBookEntry", PriceBookEntry), CATALOG_READ),
];
