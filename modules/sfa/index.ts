import { defineModule } from "../../core/kernel/module";
import { SFA_PERMISSIONS } from "./permissions";

/**
 * Sales force automation: leads, pipelines and opportunities, the rep calendar, quotes, orders,
 * forecasts and quotas. It reaches core only through core's services and hooks, and other
 * modules only through events.
 */
export const sfaModule = defineModule({
  name: "sfa",
  description: "Sales force automation: leads, opportunities, calendar, quotes, orders and forecasts",
  entities: [],
  resolvers: [],
  permissions: SFA_PERMISSIONS,
});
