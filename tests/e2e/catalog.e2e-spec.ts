import { countingStatements } from "../../core/db/sql-logger";
import { TenantScope } from "../../core/db/tenant-scope";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import type { PriceRequest } from "../../core/catalog/pricing.types";
import {
  CatalogNodeDocument,
  PriceBookCreateDocument,
  PriceBookEntryRemoveDocument,
  PriceBookEntrySetDocument,
  PriceBookUpdateDocument,
  PriceBooksDocument,
  PriceBooksWithEntriesDocument,
  PriceResolveDocument,
  ProductArchiveDocument,
  ProductCreateDocument,
  ProductPricesDocument,
  ProductUpdateDocument,
  ProductsDocument,
  type PriceBookCreateInput,
  type PriceResolveInput,
  type ProductCreateInput,
  type ProductFilter,
} from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const MANAGE = ["catalog.read", "catalog.manage"];
const FROM_2026 = "2026-01-01T00:00:00.000Z";

describe("catalogue and price resolution", () => {
  let app: TestApp;
  let manager: GraphQLClient;
  let reader: GraphQLClient;
  let stranger: GraphQLClient;
  let otherTenant: GraphQLClient;
  let skus = 0;

  beforeAll(async () => {
    app = await TestApp.start();
    manager = app.client.as(tokenFor({ tenantId: "1", permissions: MANAGE }));
    reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["catalog.read"] }));
    stranger = app.client.as(tokenFor({ tenantId: "1", permissions: ["accounts.read"] }));
    otherTenant = app.client.as(tokenFor({ tenantId: "2", permissions: MANAGE }));
  });
  afterAll(() => app.stop());

  async function product(input: Partial<ProductCreateInput> = {}, client = manager) {
    const { productCreate } = await client.data(ProductCreateDocument, { input: { sku: `P-${++skus}`, name: `Product ${skus}`, ...input } });
    expect(productCreate.userErrors).toEqual([]);
    return productCreate.product!;
  }

  async function book(input: Partial<PriceBookCreateInput> & { name: string }, client = manager) {
    const { priceBookCreate } = await client.data(PriceBookCreateDocument, { input: { currency: "EUR", validFrom: FROM_2026, ...input } });
    expect(priceBookCreate.userErrors).toEqual([]);
    return priceBookCreate.priceBook!;
  }

  async function price(priceBookId: string, productId: string, amount: number, minQuantity = 1, currency = "EUR") {
    const { priceBookEntrySet } = await manager.data(PriceBookEntrySetDocument, { input: { priceBookId, productId, minQuantity, unitPrice: { amount, currency } } });
    expect(priceBookEntrySet.userErrors).toEqual([]);
    return priceBookEntrySet.priceBookEntry!;
  }

  async function resolve(input: Partial<PriceResolveInput> & { productId: string }, client = manager) {
    return (await client.data(PriceResolveDocument, { input: { currency: "EUR", at: "2026-04-01T00:00:00.000Z", ...input } })).priceResolve;
  }

  /** The unit amount, book name and rule of a resolution that must succeed. */
  async function priced(input: Partial<PriceResolveInput> & { productId: string }) {
    const { price: found, userErrors } = await resolve(input);
    expect(userErrors).toEqual([]);
    return [found!.unitPrice.amount, found!.priceBook.name, found!.rule];
  }

  async function codes(input: Partial<PriceResolveInput> & { productId: string }, client = manager) {
    const { price: found, userErrors } = await resolve(input, client);
    expect(found).toBeNull();
    return userErrors.map((error) => [error.field, error.code]);
  }

  async function count(table: string): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table} WHERE tenant_id = 1`);
    return Number(n);
  }

  describe("products", () => {
    it("creates, changes, archives and restores a product, and audits each write", async () => {
      const created = await product({ sku: "LIC-PRO/1", name: "  Pro licence ", description: "Per seat", family: "Licences" });
      expect(created).toMatchObject({ sku: "LIC-PRO/1", name: "Pro licence", description: "Per seat", family: "Licences", active: true, archivedAt: null });

      const { productUpdate } = await manager.data(ProductUpdateDocument, { input: { id: created.id, name: "Pro licence (seat)", description: null, active: false } });
      expect(productUpdate).toMatchObject({
        userErrors: [],
        product: { sku: "LIC-PRO/1", name: "Pro licence (seat)", description: null, family: "Licences", active: false },
      });

      const archived = (await manager.data(ProductArchiveDocument, { input: { id: created.id } })).productArchive.product!;
      expect(archived.archivedAt).not.toBeNull();
      const restored = (await manager.data(ProductArchiveDocument, { input: { id: created.id, archived: false } })).productArchive.product!;
      expect(restored.archivedAt).toBeNull();

      const audit = await app.query<{ operation: string }>("SELECT operation FROM audit_entry WHERE entity_type = 'Product' AND entity_id = ? ORDER BY id", [
        fromGlobalId(created.id).rowId,
      ]);
      expect(audit.map((entry) => entry.operation)).toEqual(["productCreate", "productUpdate", "productArchive", "productArchive"]);
    });

    it.each([
      [{ sku: "has space" }, ["input", "sku"], "INVALID"],
      [{ sku: "-starts-with-dash" }, ["input", "sku"], "INVALID"],
      [{ sku: "X".repeat(65) }, ["input", "sku"], "INVALID"],
      [{ name: "   " }, ["input", "name"], "REQUIRED"],
      [{ name: "N".repeat(201) }, ["input", "name"], "INVALID"],
      [{ family: "" }, ["input", "family"], "INVALID"],
    ])("refuses %j with %j %s and writes nothing", async (input, field, code) => {
      const before = await count("product");
      const { productCreate } = await manager.data(ProductCreateDocument, { input: { sku: "VALID-1", name: "Valid", ...input } });
      expect(productCreate.product).toBeNull();
      expect(productCreate.userErrors.map((error) => [error.field, error.code])).toEqual([[field, code]]);
      expect(await count("product")).toBe(before);
    });

    it("refuses a SKU another product holds, whatever its case, on create and on update", async () => {
      await product({ sku: "DUP-1" });
      const taken = (await manager.data(ProductCreateDocument, { input: { sku: "dup-1", name: "Copy" } })).productCreate;
      expect(taken.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "sku"], "TAKEN"]]);
      const other = await product();
      const { productUpdate } = await manager.data(ProductUpdateDocument, { input: { id: other.id, sku: "DUP-1" } });
      expect(productUpdate.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "sku"], "TAKEN"]]);
      const unknown = (await manager.data(ProductUpdateDocument, { input: { id: toGlobalId("Product", "999999"), name: "x" } })).productUpdate;
      expect(unknown.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "id"], "NOT_FOUND"]]);
    });

    it("lists by name with keyset pages, filtered by name or SKU prefix, family, state and archive", async () => {
      const family = "Filters";
      const [alpha, beta, gamma] = [
        await product({ sku: "FLT-A", name: "Filter alpha", family }),
        await product({ sku: "FLT-B", name: "Filter beta", family, active: false }),
        await product({ sku: "ZZ-FLT", name: "Filter gamma", family }),
      ];
      await manager.data(ProductArchiveDocument, { input: { id: gamma.id } });
      const names = async (filter: ProductFilter) => (await reader.data(ProductsDocument, { filter, first: 100 })).products.nodes.map((p) => p.name);

      expect(await names({ family })).toEqual(["Filter alpha", "Filter beta"]);
      expect(await names({ family, includeArchived: true })).toEqual(["Filter alpha", "Filter beta", "Filter gamma"]);
      expect(await names({ family, active: true })).toEqual(["Filter alpha"]);
      expect(await names({ search: "flt-" })).toEqual(["Filter alpha", "Filter beta"]);
      expect(await names({ search: "zz", includeArchived: true })).toEqual(["Filter gamma"]);
      expect(await names({ search: "filter b" })).toEqual(["Filter beta"]);

      const first = (await reader.data(ProductsDocument, { filter: { family, includeArchived: true }, first: 2 })).products;
      expect(first.nodes.map((p) => p.id)).toEqual([alpha.id, beta.id]);
      expect(first).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
      const next = (await reader.data(ProductsDocument, { filter: { family, includeArchived: true }, first: 2, after: first.pageInfo.endCursor })).products;
      expect(next.nodes.map((p) => p.id)).toEqual([gamma.id]);
      expect(next.pageInfo.hasNextPage).toBe(false);
    });
  });

  describe("price books and their entries", () => {
    it("creates a book with its currency and labels normalised, and changes it", async () => {
      const created = await book({ name: "Partners", currency: "eur", segment: "Partner", channel: "WEB", priority: 3, validTo: "2027-01-01T00:00:00.000Z" });
      expect(created).toMatchObject({ currency: "EUR", segment: "partner", channel: "web", priority: 3, validFrom: FROM_2026, validTo: "2027-01-01T00:00:00.000Z", active: true });

      const { priceBookUpdate } = await manager.data(PriceBookUpdateDocument, { input: { id: created.id, name: "Partners 2026", channel: null, validTo: null, active: false } });
      expect(priceBookUpdate).toMatchObject({ userErrors: [], priceBook: { name: "Partners 2026", segment: "partner", channel: null, validTo: null, active: false } });
    });

    it.each([
      [{ currency: "EURO" }, ["input", "currency"], "UNKNOWN_CURRENCY"],
      [{ validTo: FROM_2026 }, ["input", "validTo"], "INVALID"],
      [{ validTo: "2025-12-31T23:59:59.999Z" }, ["input", "validTo"], "INVALID"],
      [{ segment: "two words" }, ["input", "segment"], "INVALID"],
      [{ name: " " }, ["input", "name"], "REQUIRED"],
      [{ priority: 2_000_000 }, ["input", "priority"], "INVALID"],
    ])("refuses a book with %j: %j %s", async (input, field, code) => {
      const before = await count("price_book");
      const { priceBookCreate } = await manager.data(PriceBookCreateDocument, { input: { name: "Refused", currency: "EUR", validFrom: FROM_2026, ...input } });
      expect(priceBookCreate.userErrors.map((error) => [error.field, error.code])).toEqual([[field, code]]);
      expect(await count("price_book")).toBe(before);
    });

    it("refuses an update that would end a book before it starts", async () => {
      const created = await book({ name: "Window" });
      const { priceBookUpdate } = await manager.data(PriceBookUpdateDocument, { input: { id: created.id, validFrom: "2026-06-01T00:00:00.000Z", validTo: "2026-05-01T00:00:00.000Z" } });
      expect(priceBookUpdate.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "validTo"], "INVALID"]]);
      const [row] = await app.query<{ valid_to: Date | null }>("SELECT valid_to FROM price_book WHERE id = ?", [fromGlobalId(created.id).rowId]);
      expect(row!.valid_to).toBeNull();
    });

    it("filters books by currency, segment, channel and validity", async () => {
      await book({ name: "Filter JPY", currency: "JPY", segment: "reseller", validTo: "2026-07-01T00:00:00.000Z" });
      await book({ name: "Filter JPY web", currency: "JPY", channel: "web" });
      const names = async (filter: object) => (await reader.data(PriceBooksDocument, { filter: { search: "filter", ...filter }, first: 100 })).priceBooks.nodes.map((b) => b.name);
      expect(await names({ currency: "jpy" })).toEqual(["Filter JPY", "Filter JPY web"]);
      expect(await names({ segment: "Reseller" })).toEqual(["Filter JPY"]);
      expect(await names({ channel: "web" })).toEqual(["Filter JPY web"]);
      expect(await names({ validAt: "2026-07-01T00:00:00.000Z" })).toEqual(["Filter JPY web"]);
    });

    it("sets, replaces and removes prices per tier, in the book's currency only", async () => {
      const list = await book({ name: "Entries" });
      const item = await product();
      const base = await price(list.id, item.id, 1999);
      expect(base).toMatchObject({ minQuantity: 1, unitPrice: { amount: 1999, currency: "EUR" }, product: { sku: item.sku }, priceBook: { name: "Entries" } });
      const replaced = await price(list.id, item.id, 1899);
      expect(replaced).toMatchObject({ id: base.id, unitPrice: { amount: 1899 } });
      const tier = await price(list.id, item.id, 1500, 10);

      const set = (input: { amount: number; currency: string; productId?: string; priceBookId?: string; minQuantity?: number }) =>
        manager
          .data(PriceBookEntrySetDocument, {
            input: { priceBookId: input.priceBookId ?? list.id, productId: input.productId ?? item.id, minQuantity: input.minQuantity ?? 1, unitPrice: { amount: input.amount, currency: input.currency } },
          })
          .then(({ priceBookEntrySet }) => priceBookEntrySet.userErrors.map((error) => [error.field, error.code]));
      expect(await set({ amount: -1, currency: "EUR" })).toEqual([[["input", "unitPrice", "amount"], "INVALID"]]);
      expect(await set({ amount: 100, currency: "USD" })).toEqual([[["input", "unitPrice", "currency"], "CURRENCY_MISMATCH"]]);
      expect(await set({ amount: 100, currency: "XXY" })).toEqual([[["input", "unitPrice", "currency"], "UNKNOWN_CURRENCY"]]);
      expect(await set({ amount: 100, currency: "EUR", minQuantity: 0 })).toEqual([[["input", "minQuantity"], "INVALID"]]);
      expect(await set({ amount: 100, currency: "EUR", productId: toGlobalId("Product", "999999") })).toEqual([[["input", "productId"], "NOT_FOUND"]]);
      expect(await set({ amount: 100, currency: "EUR", priceBookId: item.id })).toEqual([[["input", "priceBookId"], "INVALID"]]);

      const entries = (await reader.data(ProductPricesDocument, { id: item.id, first: 10 })).node;
      expect(entries).toMatchObject({ prices: { totalCount: 2, nodes: [{ id: base.id, unitPrice: { amount: 1899 } }, { id: tier.id, minQuantity: 10 }] } });

      const { priceBookEntryRemove } = await manager.data(PriceBookEntryRemoveDocument, { input: { id: tier.id } });
      expect(priceBookEntryRemove).toMatchObject({ userErrors: [], removedId: tier.id, priceBook: { id: list.id } });
      expect((await reader.data(CatalogNodeDocument, { id: tier.id })).node).toBeNull();
      const again = (await manager.data(PriceBookEntryRemoveDocument, { input: { id: tier.id } })).priceBookEntryRemove;
      expect(again.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "id"], "NOT_FOUND"]]);
    });

    it("lists the entries of a page of books in statements that do not grow with the page", async () => {
      const items = [await product(), await product(), await product()];
      for (let b = 0; b < 6; b++) {
        const list = await book({ name: `Batch ${b}`, channel: `batch${b}` });
        for (const item of items) await price(list.id, item.id, 100 * (b + 1));
      }
      const statements = async (first: number) => {
        const response = await reader.request(PriceBooksWithEntriesDocument, { filter: { search: "Batch " }, first, entriesFirst: 2 });
        expect(response.errors).toBeUndefined();
        const books = response.data!.priceBooks.nodes;
        expect(books).toHaveLength(first);
        books.forEach((found, b) => {
          expect(found.entries!.totalCount).toBe(3);
          expect(found.entries!.nodes.map((entry) => [entry.product.sku, entry.unitPrice.amount, entry.unitPrice.currency])).toEqual(
            items.slice(0, 2).map((item) => [item.sku, 100 * (b + 1), "EUR"]),
          );
        });
        return Number(response.headers.get("x-sql-statements"));
      };
      // The books, their entries (one ranked statement), the entries' counts and their products; each entry's book is its parent.
      expect(await statements(2)).toBe(4);
      expect(await statements(6)).toBe(4);
    });
  });

  describe("price resolution", () => {
    let standard: { id: string };
    let promo: { id: string };
    let web: { id: string };
    let partner: { id: string };
    let partnerWeb: { id: string };
    let summer: { id: string };
    let expired: { id: string };
    let future: { id: string };
    let dollars: { id: string };
    let inactive: { id: string };

    beforeAll(async () => {
      standard = await book({ name: "Standard" });
      promo = await book({ name: "Standard promo", priority: 5 });
      web = await book({ name: "Web shop", channel: "web" });
      partner = await book({ name: "Partners", segment: "partner" });
      partnerWeb = await book({ name: "EU partners 2026", segment: "partner", channel: "web" });
      summer = await book({ name: "Summer sale", priority: 10, validFrom: "2026-06-01T00:00:00.000Z", validTo: "2026-09-01T00:00:00.000Z" });
      expired = await book({ name: "2025 list", priority: 20, validFrom: "2025-01-01T00:00:00.000Z", validTo: FROM_2026 });
      future = await book({ name: "2027 list", priority: 20, validFrom: "2027-01-01T00:00:00.000Z" });
      dollars = await book({ name: "US list", currency: "USD" });
      inactive = await book({ name: "Withdrawn", priority: 100, active: false });
    });

    it("prefers segment and channel, then segment, then channel, then the standard book", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(web.id, item.id, 950);
      await price(partner.id, item.id, 800);
      await price(partnerWeb.id, item.id, 750);
      const withoutBoth = await product();
      await price(standard.id, withoutBoth.id, 1000);
      await price(web.id, withoutBoth.id, 950);
      await price(partner.id, withoutBoth.id, 800);

      expect(await priced({ productId: item.id })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: item.id, channel: "web" })).toEqual([950, "Web shop", "CHANNEL"]);
      expect(await priced({ productId: item.id, segment: "partner" })).toEqual([800, "Partners", "SEGMENT"]);
      expect(await priced({ productId: item.id, segment: "Partner", channel: "Web" })).toEqual([750, "EU partners 2026", "SEGMENT_AND_CHANNEL"]);
      expect(await priced({ productId: item.id, segment: "partner", channel: "store" })).toEqual([800, "Partners", "SEGMENT"]);
      expect(await priced({ productId: item.id, segment: "retail", channel: "web" })).toEqual([950, "Web shop", "CHANNEL"]);
      expect(await priced({ productId: item.id, segment: "retail", channel: "store" })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: withoutBoth.id, segment: "partner", channel: "web" })).toEqual([800, "Partners", "SEGMENT"]);
    });

    it("explains the price and names the book, the entry and the moment", async () => {
      const item = await product();
      await price(partnerWeb.id, item.id, 750);
      const tier = await price(partnerWeb.id, item.id, 700, 10);
      const { price: found } = await resolve({ productId: item.id, segment: "partner", channel: "web", quantity: 12 });
      expect(found).toEqual({
        unitPrice: { amount: 700, currency: "EUR" },
        quantity: 12,
        at: "2026-04-01T00:00:00.000Z",
        rule: "SEGMENT_AND_CHANNEL",
        explanation: "Price book 'EU partners 2026' (segment partner, channel web), tier from 10 units",
        product: { id: item.id, sku: item.sku },
        priceBook: { id: partnerWeb.id, name: "EU partners 2026" },
        entry: tier,
      });
    });

    it("breaks ties by priority, then the later start, then the newer book; inactive books never price", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(promo.id, item.id, 900);
      await price(inactive.id, item.id, 1);
      expect(await priced({ productId: item.id })).toEqual([900, "Standard promo", "STANDARD"]);

      const later = await book({ name: "Standard from March", validFrom: "2026-03-01T00:00:00.000Z" });
      const twin = await book({ name: "Standard twin" });
      const tied = await product();
      await price(standard.id, tied.id, 1000);
      await price(later.id, tied.id, 990);
      expect(await priced({ productId: tied.id, at: "2026-02-01T00:00:00.000Z" })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: tied.id })).toEqual([990, "Standard from March", "STANDARD"]);
      const twins = await product();
      await price(twin.id, twins.id, 980);
      await price(standard.id, twins.id, 1000);
      expect(await priced({ productId: twins.id })).toEqual([980, "Standard twin", "STANDARD"]);
    });

    it("uses a book only from its start until just before its end", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(summer.id, item.id, 500);
      await price(expired.id, item.id, 100);
      await price(future.id, item.id, 200);
      expect(await priced({ productId: item.id, at: "2026-05-31T23:59:59.999Z" })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: item.id, at: "2026-06-01T00:00:00.000Z" })).toEqual([500, "Summer sale", "STANDARD"]);
      expect(await priced({ productId: item.id, at: "2026-09-01T00:00:00.000Z" })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: item.id, at: "2025-12-31T23:59:59.999Z" })).toEqual([100, "2025 list", "STANDARD"]);
      expect(await priced({ productId: item.id, at: FROM_2026 })).toEqual([1000, "Standard", "STANDARD"]);
      expect(await priced({ productId: item.id, at: "2027-02-01T00:00:00.000Z" })).toEqual([200, "2027 list", "STANDARD"]);
      expect(await codes({ productId: item.id, at: "2024-01-01T00:00:00.000Z" })).toEqual([[["input"], "NO_PRICE"]]);
    });

    it("picks the volume tier, and passes over a book with no tier for the quantity", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(standard.id, item.id, 900, 10);
      await price(standard.id, item.id, 800, 100);
      await price(partner.id, item.id, 700, 50);
      const amount = async (quantity: number, segment?: string) => (await priced({ productId: item.id, quantity, segment }))[0];
      expect([await amount(1), await amount(9), await amount(10), await amount(99), await amount(250)]).toEqual([1000, 1000, 900, 900, 800]);
      expect(await priced({ productId: item.id, quantity: 10, segment: "partner" })).toEqual([900, "Standard", "STANDARD"]);
      expect(await priced({ productId: item.id, quantity: 50, segment: "partner" })).toEqual([700, "Partners", "SEGMENT"]);
      expect(await codes({ productId: item.id, quantity: 0 })).toEqual([[["input", "quantity"], "INVALID"]]);
    });

    it("prices from a book named explicitly, and says why such a book cannot", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(partner.id, item.id, 800);
      for (const list of [expired, future, inactive]) await price(list.id, item.id, 1);
      await price(dollars.id, item.id, 1200, 1, "USD");

      const { price: chosen } = await resolve({ productId: item.id, priceBookId: partner.id });
      expect(chosen).toMatchObject({ unitPrice: { amount: 800 }, rule: "EXPLICIT_BOOK", explanation: "Price book 'Partners' (chosen explicitly)" });
      const field = ["input", "priceBookId"];
      expect(await codes({ productId: item.id, priceBookId: expired.id })).toEqual([[field, "PRICE_BOOK_EXPIRED"]]);
      expect(await codes({ productId: item.id, priceBookId: future.id })).toEqual([[field, "PRICE_BOOK_NOT_YET_VALID"]]);
      expect(await codes({ productId: item.id, priceBookId: inactive.id })).toEqual([[field, "PRICE_BOOK_INACTIVE"]]);
      expect(await codes({ productId: item.id, priceBookId: dollars.id })).toEqual([[field, "CURRENCY_MISMATCH"]]);
      expect(await codes({ productId: item.id, priceBookId: web.id })).toEqual([[["input"], "NO_PRICE"]]);
      expect(await codes({ productId: item.id, priceBookId: toGlobalId("PriceBook", "999999") })).toEqual([[field, "NOT_FOUND"]]);
      expect(await codes({ productId: item.id, priceBookId: item.id })).toEqual([[field, "INVALID"]]);
    });

    it("prices in the currency asked, and refuses an unknown one", async () => {
      const item = await product();
      await price(standard.id, item.id, 1000);
      await price(dollars.id, item.id, 1200, 1, "USD");
      expect(await priced({ productId: item.id, currency: "usd" })).toEqual([1200, "US list", "STANDARD"]);
      expect(await codes({ productId: item.id, currency: "GBP" })).toEqual([[["input"], "NO_PRICE"]]);
      expect(await codes({ productId: item.id, currency: "EURO" })).toEqual([[["input", "currency"], "UNKNOWN_CURRENCY"]]);
    });

    it("refuses unknown, other tenants', inactive and archived products", async () => {
      const field = ["input", "productId"];
      const theirs = await product({ sku: "THEIRS" }, otherTenant);
      const resting = await product({ active: false });
      const retired = await product();
      for (const item of [resting, retired]) await price(standard.id, item.id, 1000);
      await manager.data(ProductArchiveDocument, { input: { id: retired.id } });
      expect(await codes({ productId: theirs.id })).toEqual([[field, "NOT_FOUND"]]);
      expect(await codes({ productId: toGlobalId("Product", "999999") })).toEqual([[field, "NOT_FOUND"]]);
      expect(await codes({ productId: resting.id })).toEqual([[field, "PRODUCT_INACTIVE"]]);
      expect(await codes({ productId: retired.id })).toEqual([[field, "PRODUCT_INACTIVE"]]);
      expect(await codes({ productId: "not-an-id" })).toEqual([[field, "INVALID"]]);
    });

    it("resolves a batch of lines in the same few statements whether it has 1 line or 30", async () => {
      const items: string[] = [];
      for (let i = 0; i < 5; i++) {
        const item = await product();
        await price(standard.id, item.id, 1000 + i);
        await price(standard.id, item.id, 900 + i, 10);
        await price(partnerWeb.id, item.id, 700 + i);
        items.push(fromGlobalId(item.id).rowId);
      }
      const scope = new TenantScope(app.services.dataSource.manager, "1");
      const at = new Date("2026-04-01T00:00:00.000Z");
      const lines: PriceRequest[] = Array.from({ length: 30 }, (_, i) => ({
        productId: items[i % items.length]!,
        currency: "EUR",
        at,
        quantity: i % 3 === 0 ? 12 : 1,
        ...(i % 2 === 0 ? { segment: "partner", channel: "web" } : {}),
        ...(i % 7 === 6 ? { priceBookId: fromGlobalId(standard.id).rowId } : {}),
      }));
      lines[4] = { productId: "999999", currency: "EUR", at };
      const run = async (requests: PriceRequest[]) => {
        const counted = countingStatements(() => app.services.pricing.resolveMany(scope, requests, (index) => ["input", "lines", String(index)]));
        return { outcomes: await counted.result, statements: counted.statements() };
      };

      const one = await run(lines.slice(0, 1));
      const all = await run(lines);
      // The products and the candidate books, then their entries.
      expect(one.statements).toBe(3);
      expect(all.statements).toBe(one.statements);
      expect(all.outcomes[4]).toEqual({ errors: [expect.objectContaining({ field: ["input", "lines", "4", "productId"], code: "NOT_FOUND" })] });
      all.outcomes.forEach((outcome, i) => {
        if (i === 4) return;
        const item = i % items.length;
        const explicit = i % 7 === 6;
        const expected = !explicit && i % 2 === 0 ? 700 + item : (i % 3 === 0 ? 900 : 1000) + item;
        expect("price" in outcome && [outcome.price.unitPrice.amount, outcome.price.rule]).toEqual([
          expected,
          explicit ? "EXPLICIT_BOOK" : i % 2 === 0 ? "SEGMENT_AND_CHANNEL" : "STANDARD",
        ]);
      });
    });
  });

  describe("tenancy and permissions", () => {
    it("keeps each tenant's catalogue to itself", async () => {
      const mine = await product({ sku: "SHARED-SKU" });
      const theirs = await product({ sku: "SHARED-SKU" }, otherTenant);
      const myBook = await book({ name: "Mine" });
      expect((await otherTenant.data(ProductsDocument, { filter: { search: "SHARED" } })).products.nodes.map((p) => p.id)).toEqual([theirs.id]);
      expect((await otherTenant.data(CatalogNodeDocument, { id: mine.id })).node).toBeNull();
      expect((await otherTenant.data(CatalogNodeDocument, { id: myBook.id })).node).toBeNull();
      const update = (await otherTenant.data(ProductUpdateDocument, { input: { id: mine.id, name: "Hijacked" } })).productUpdate;
      expect(update.userErrors.map((error) => error.code)).toEqual(["NOT_FOUND"]);
      const set = (await otherTenant.data(PriceBookEntrySetDocument, { input: { priceBookId: myBook.id, productId: theirs.id, minQuantity: 1, unitPrice: { amount: 1, currency: "EUR" } } }))
        .priceBookEntrySet;
      expect(set.userErrors.map((error) => [error.field, error.code])).toEqual([[["input", "priceBookId"], "NOT_FOUND"]]);
      expect((await otherTenant.data(PriceBooksDocument, { filter: { search: "Mine" } })).priceBooks.nodes).toEqual([]);
      expect((await reader.data(CatalogNodeDocument, { id: mine.id })).node).toMatchObject({ __typename: "Product", sku: "SHARED-SKU" });
    });

    it("needs catalog.read to read or price, and catalog.manage to write", async () => {
      const item = await product();
      const forbidden = async (request: Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>) => (await request).errors?.map((error) => error.extensions?.code);
      expect(await forbidden(stranger.request(ProductsDocument, {}))).toEqual(["FORBIDDEN"]);
      expect(await forbidden(stranger.request(PriceBooksDocument, {}))).toEqual(["FORBIDDEN"]);
      expect(await forbidden(stranger.request(PriceResolveDocument, { input: { productId: item.id, currency: "EUR" } }))).toEqual(["FORBIDDEN"]);
      expect(await forbidden(reader.request(ProductCreateDocument, { input: { sku: "NOPE", name: "Nope" } }))).toEqual(["FORBIDDEN"]);
      expect(await forbidden(reader.request(PriceBookCreateDocument, { input: { name: "Nope", currency: "EUR" } }))).toEqual(["FORBIDDEN"]);
      expect((await stranger.data(CatalogNodeDocument, { id: item.id })).node).toBeNull();
    });
  });
});
