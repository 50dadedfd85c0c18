import { defineJob } from "../../../core/jobs/job";
import { ActivitySeries } from "../entities/activity-series.entity";
import { ActivitySeriesService, HORIZON_MS } from "../services/activity-series.service";

const BATCH = 200;

/**
 * Keeps open-ended (and long) series filled a year ahead, daily: every series still producing
 * occurrences, in id pages across tenants, each extended in its own transaction under its lock,
 * so a rerun or a concurrent run adds nothing twice.
 */
export const activitySeriesExtendJob = defineJob<Record<string, never>>({
  queue: "sfa.recurrence",
  name: "extend",
  concurrency: 1,
  schedule: { pattern: "41 2 * * *" },
  async handle(_payload, { services }) {
    const series = new ActivitySeriesService(services);
    let written = 0;
    for (let afterId = "0"; ; ) {
      const page = await services.dataSource
        .createQueryBuilder(ActivitySeries, "s")
        .select(["s.id", "s.tenantId"])
        .where("s.complete = false AND s.cancelledAt IS NULL AND s.scheduledThrough < :horizon", { horizon: new Date(Date.now() + HORIZON_MS) })
        .andWhere("s.id > :afterId", { afterId })
        .orderBy("s.id")
        .limit(BATCH)
        .getMany();
      for (const { id, tenantId } of page) {
        written += await services.transactions.run({ tenantId, actor: null, requestId: null, operation: "sfa.activitySeriesExtend" }, async (uow) => {
          const locked = await uow.scope.lockById(ActivitySeries, id);
          return locked && !locked.complete && !locked.cancelledAt ? series.extend(uow, locked) : 0;
        });
      }
      if (page.length < BATCH) return written;
      afterId = page.at(-1)!.id;
    }
  },
});
