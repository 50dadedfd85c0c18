import { Arg, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { productLoader } from "../../../core/catalog/catalog.loaders";
import { Product } from "../../../core/catalog/product.entity";
import { holds, requireTenant, type RequestContext } from "../../../core/graphql/context";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import type { SfaPermission } from "../permissions";
import { salesCycleService } from "../services/sales-cycle.service";
import { SalesCycle, SalesCycleGroup, SalesCycleInput } from "./sales-cycle.types";

const READ: SfaPermission = "sfa.forecasts.read";

@Resolver(() => SalesCycle)
export class SalesCycleResolver {
  @Authorized(READ)
  @Query(() => SalesCycle, {
    description:
      "How the deals you may see that were won or lost in a window went, per product, segment, region or owner: win rate, average deal size " +
      "(in one currency, no conversion), average cycle length, time in each stage and stage-to-stage conversion (see SalesCycleStage). " +
      "Bad arguments are BAD_USER_INPUT errors naming the argument.",
  })
  async salesCycle(@Arg("input", () => SalesCycleInput) input: SalesCycleInput, @Ctx() context: RequestContext): Promise<SalesCycle> {
    const scope = requireTenant(context);
    return salesCycleService.analyse(scope, await salesCycleService.spec(scope, input));
  }
}

@Resolver(() => SalesCycleGroup)
export class SalesCycleGroupResolver {
  @FieldResolver(() => Product, { nullable: true, description: "The product, when grouped by PRODUCT and you hold catalog.read." })
  product(@Root() group: SalesCycleGroup, @Ctx() context: RequestContext): Promise<Product | null> {
    if (!group.productId || !holds(context.principal!, "catalog.read")) return Promise.resolve(null);
    return productLoader(context).load(fromGlobalId(group.productId, "Product").rowId);
  }
}
