import type { TenantScope } from "../db/tenant-scope";
import { checkRequest, type PriceQuery } from "./price-request";
import { decidePrice } from "./price-rules";
import { loadPriceFacts } from "./pricing.queries";
import type { PriceOutcome, PriceRequest } from "./pricing.types";

/**
 * The one place prices come from (`services.pricing`), so that a product costs the same in a
 * quote, an order, a campaign or a service contract. Rules: `decidePrice` (price-rules.ts).
 * A quote builder prices all its lines at once:
 *
 *   const outcomes = await services.pricing.resolveMany(uow.scope, lines.map((line) => ({
 *     productId: line.productId, quantity: line.quantity, currency: quote.currency, at: quote.pricedAt,
 *     segment: account.segment, channel: "direct",
 *   })), (index) => ["input", "lines", String(index)]);
 *   // each outcome: { price: ResolvedPrice } or { errors: UserError[] } (fields under the path given)
 *
 * Reads go through the caller's scope (inside its transaction when it is a unit of work's).
 */
export class PricingService {
  /** One price; userErrors point under `field` (default ["input"]), e.g. ["input", "productId"]. */
  async resolve(scope: TenantScope, request: PriceRequest, field: readonly string[] = ["input"]): Promise<PriceOutcome> {
    const [outcome] = await this.resolveMany(scope, [request], () => field);
    return outcome!;
  }

  /**
   * A price per request, in the order given, in at most three SQL statements whatever the number
   * of requests. `fieldOf(index)` is where request `index`'s userErrors point (default [index]).
   */
  async resolveMany(
    scope: TenantScope,
    requests: readonly PriceRequest[],
    fieldOf: (index: number) => readonly string[] = (index) => [String(index)],
  ): Promise<PriceOutcome[]> {
    const now = new Date();
    const checked = requests.map((request, index) => checkRequest(request, fieldOf(index), now));
    const queries = checked.flatMap((result): PriceQuery[] => ("query" in result ? [result.query] : []));
    // Requests refused before any lookup cost no statement; a batch of only those costs none.
    const facts = queries.length > 0 ? await loadPriceFacts(scope, queries) : null;
    return checked.map((result) => ("query" in result ? decidePrice(result.query, facts!) : result));
  }
}
