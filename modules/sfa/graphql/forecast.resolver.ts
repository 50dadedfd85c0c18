import { Arg, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import type { SfaPermission } from "../permissions";
import { forecastService } from "../services/forecast.service";
import { Forecast, ForecastInput } from "./forecast.types";

const READ: SfaPermission = "sfa.forecasts.read";

@Resolver(() => Forecast)
export class ForecastResolver {
  @Authorized(READ)
  @Query(() => Forecast, {
    description:
      "The forecast of the deals you may see over a window of days, per owner or team, in one currency: closed, commit, best case, " +
      "open pipeline, omitted, weighted pipeline, quota and attainment (see ForecastFigures). There is no currency conversion: " +
      "deals in other currencies are left out and counted. Bad arguments are BAD_USER_INPUT errors naming the argument.",
  })
  async forecast(@Arg("input", () => ForecastInput) input: ForecastInput, @Ctx() context: RequestContext): Promise<Forecast> {
    const scope = requireTenant(context);
    return forecastService.forecast(scope, await forecastService.spec(scope, input));
  }
}
