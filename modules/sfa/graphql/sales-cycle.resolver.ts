import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import type { SfaPermission } from "../permissions";
import { salesCycleService } from "../services/sales-cycle.service";
import { SalesCycle, SalesCycleInput } from "./sales-cycle.types";

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
