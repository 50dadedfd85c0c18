import { defineModule } from "../../core/kernel/module";
import { permittedNode, tenantNode } from "../../core/graphql/relay/node-registry";
import { ActivitySeries } from "./entities/activity-series.entity";
import { Activity, ActivityParticipant } from "./entities/activity.entity";
import { CalendarFeed } from "./entities/calendar-feed.entity";
import { AccountActivitiesResolver, ActivityParticipantsResolver, ContactActivitiesResolver } from "./graphql/activity-participants.resolver";
import { ACTIVITIES_READ, ActivityResolver } from "./graphql/activity.resolver";
import { CalendarFeedResolver } from "./graphql/calendar-feed.resolver";
import { activitySeriesExtendJob } from "./jobs/activity-series-extend.job";
import { reminderFireJob } from "./jobs/reminder-fire.job";
import { reminderSweepJob } from "./jobs/reminder-sweep.job";
import { SFA_PERMISSIONS } from "./permissions";
import { calendarFeedRoute } from "./routes/calendar-feed.routes";

/**
 * Sales force automation: leads, pipelines and opportunities, the rep calendar, quotes, orders,
 * forecasts and quotas. It reaches core only through core's services and hooks, and other
 * modules only through events.
 */
export const sfaModule = defineModule({
  name: "sfa",
  description: "Sales force automation: leads, opportunities, calendar, quotes, orders and forecasts",
  entities: [Activity, ActivityParticipant, ActivitySeries, CalendarFeed],
  resolvers: [ActivityResolver, ActivityParticipantsResolver, ContactActivitiesResolver, AccountActivitiesResolver, CalendarFeedResolver],
  nodes: [permittedNode(tenantNode("Activity", Activity), ACTIVITIES_READ), permittedNode(tenantNode("ActivitySeries", ActivitySeries), ACTIVITIES_READ)],
  jobs: [reminderFireJob, reminderSweepJob, activitySeriesExtendJob],
  routes: [calendarFeedRoute],
  permissions: SFA_PERMISSIONS,
});
