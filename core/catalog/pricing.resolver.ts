import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { respond, withRowIds } from "../contacts/mutation";
import type { ServiceResult } from "../contacts/service-result";
import { requireTenant, type RequestContext } from "../graphql/context";
import { priceBookLoader, productLoader } from "./catalog.loaders";
import { CATALOG_READ } from "./catalog.permissions";
import { PriceResolution, PriceResolveInput, type ResolvedPrice } from "./pricing.types";

@Resolver()
export class PricingResolver {
  @Authorized(CATALOG_READ)
  @Query(() => PriceResolution, {
    description:
      "The unit price of a product for a currency, moment, segment, channel and quantity, and which book, tier and rule it came from. " +
      "Codes: NOT_FOUND, INVALID, UNKNOWN_CURRENCY, PRODUCT_INACTIVE, PRICE_BOOK_INACTIVE, PRICE_BOOK_EXPIRED, PRICE_BOOK_NOT_YET_VALID, CURRENCY_MISMATCH, NO_PRICE.",
  })
  priceResolve(@Arg("input", () => PriceResolveInput) input: PriceResolveInput, @Ctx() context: RequestContext): Promise<PriceResolution> {
    const scope = requireTenant(context);
    const ids: [string, string, string[]][] = [[input.productId, "Product", ["input", "productId"]]];
    if (input.priceBookId != null) ids.push([input.priceBookId, "PriceBook", ["input", "priceBookId"]]);
    const result = withRowIds(ids, async ([productId, priceBookId]): Promise<ServiceResult<ResolvedPrice>> => {
      const outcome = await context.services.pricing.resolve(scope, { ...input, productId: productId!, priceBookId: priceBookId ?? null });
      return "errors" in outcome ? outcome : { record: outcome.price };
    });
    return respond(new PriceResolution(), result, (payload, { record: price }) => {
      // The entry's fields read its book and product through the loaders: they are at hand.
      priceBookLoader(context).prime(price.priceBook.id, price.priceBook);
      productLoader(context).prime(price.product.id, price.product);
      payload.price = price;
    });
  }
}
