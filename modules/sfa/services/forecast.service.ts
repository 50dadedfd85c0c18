import { In } from "typeorm";
import type { TenantScope } from "../../../core/db/tenant-scope";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { Team, TeamMember, User } from "../../../core/identity/identity.entities";
import { money } from "../../../core/money/money";
import { Opportunity } from "../entities/opportunity.entity";
import { ForecastCategory, Pipeline, StageOutcome } from "../entities/pipeline.entity";
import { QuotaAssignee } from "../entities/quota.entity";
import { Forecast, ForecastAmount, ForecastFigures, ForecastGroupBy, ForecastRow, type ForecastInput } from "../graphql/forecast.types";
import { badInput, compareLabels, currencyOrThrow, periodKeyOf, ratio, rowIdsOrThrow, utcMidnight, windowOrThrow, type DateWindow } from "./forecast-input";
import { quotasFor } from "./quotas.service";

/** A forecast's arguments, checked and decoded to row ids. */
export interface ForecastSpec {
  window: DateWindow;
  groupBy: ForecastGroupBy;
  currency: string;
  pipelineId: string | null;
  ownerIds: string[] | null;
  teamId: string | null;
}

interface Count {
  deals: number;
  amount: number;
}

/** What the aggregate statement adds up over the deals `d`, per bucket: won deals, and open deals per forecast category. */
const BUCKETS = {
  won: `d.status = '${StageOutcome.WON}'`,
  pipeline: `d.status = '${StageOutcome.OPEN}' AND d.category = '${ForecastCategory.PIPELINE}'`,
  bestCase: `d.status = '${StageOutcome.OPEN}' AND d.category = '${ForecastCategory.BEST_CASE}'`,
  commit: `d.status = '${StageOutcome.OPEN}' AND d.category = '${ForecastCategory.COMMIT}'`,
  omitted: `d.status = '${StageOutcome.OPEN}' AND d.category = '${ForecastCategory.OMITTED}'`,
} as const;
type Bucket = keyof typeof BUCKETS;
const BUCKET_NAMES = Object.keys(BUCKETS) as Bucket[];

const OPEN_PIPELINE = `d.status = '${StageOutcome.OPEN}' AND d.category IN ('${ForecastCategory.PIPELINE}', '${ForecastCategory.BEST_CASE}', '${ForecastCategory.COMMIT}')`;

const SUMS = [
  ...BUCKET_NAMES.flatMap((bucket) => [
    `SUM(CASE WHEN ${BUCKETS[bucket]} THEN 1 ELSE 0 END) AS ${bucket}Deals`,
    `SUM(CASE WHEN ${BUCKETS[bucket]} THEN COALESCE(d.amount, 0) ELSE 0 END) AS ${bucket}Amount`,
  ]),
  `SUM(CASE WHEN ${OPEN_PIPELINE} THEN ROUND(COALESCE(d.amount, 0) * d.probability / 100) ELSE 0 END) AS weighted`,
].join(", ");

/** One group's sums in the forecast's currency, and how many of its deals were in another. */
type Tally = Record<Bucket, Count> & { weighted: number; excluded: number };

const emptyTally = (): Tally => ({ ...(Object.fromEntries(BUCKET_NAMES.map((bucket) => [bucket, { deals: 0, amount: 0 }])) as Record<Bucket, Count>), weighted: 0, excluded: 0 });

const plus = (...counts: Count[]): Count => ({ deals: counts.reduce((sum, c) => sum + c.deals, 0), amount: counts.reduce((sum, c) => sum + c.amount, 0) });

function addTallies(tallies: Iterable<Tally>): Tally {
  const total = emptyTally();
  for (const tally of tallies) {
    for (const bucket of BUCKET_NAMES) total[bucket] = plus(total[bucket], tally[bucket]);
    total.weighted += tally.weighted;
    total.excluded += tally.excluded;
  }
  return total;
}

/** The cumulative figures of a tally, as ForecastFigures documents them. */
function figuresOf(tally: Tally, currency: string, quota: number | null): ForecastFigures {
  const amount = (count: Count) => Object.assign(new ForecastAmount(), { amount: money(count.amount, currency), deals: count.deals });
  const commit = plus(tally.won, tally.commit);
  return Object.assign(new ForecastFigures(), {
    closed: amount(tally.won),
    commit: amount(commit),
    bestCase: amount(plus(commit, tally.bestCase)),
    pipeline: amount(plus(tally.pipeline, tally.bestCase, tally.commit)),
    omitted: amount(tally.omitted),
    weightedPipeline: money(tally.weighted, currency),
    quota: quota === null ? null : money(quota, currency),
    attainment: ratio(tally.won.amount, quota),
    excludedDeals: tally.excluded,
  });
}

type RawRow = Record<string, string | null> & { groupKey: string | null; currency: string; deals: string };

/** The deals of one branch of the window, visible to the scope and narrowed by the filters, with what the sums read. */
function deals(scope: TenantScope, spec: ForecastSpec, where: string, parameters: Record<string, unknown>): [string, unknown[]] {
  const query = scope
    .query(Opportunity, "o")
    .select(spec.groupBy === ForecastGroupBy.OWNER ? "o.ownerId" : "o.teamId", "groupKey")
    .addSelect("o.currency", "currency")
    .addSelect("o.status", "status")
    .addSelect("o.forecastCategory", "category")
    .addSelect("o.amount", "amount")
    .addSelect("o.probability", "probability")
    .andWhere(where, parameters);
  if (spec.pipelineId !== null) query.andWhere("o.pipelineId = :pipelineId", { pipelineId: spec.pipelineId });
  if (spec.ownerIds !== null) query.andWhere(spec.ownerIds.length > 0 ? "o.ownerId IN (:...ownerIds)" : "1 = 0", { ownerIds: spec.ownerIds });
  if (spec.teamId !== null) query.andWhere("o.teamId = :teamId", { teamId: spec.teamId });
  return query.getQueryAndParameters();
}

/**
 * The single statement behind a forecast: the visible deals that count in the window (open ones
 * expected to close in it, won ones closed in it, UTC), summed per group and currency with
 * conditional aggregates. Its cost follows the deals in the window, its result the groups and
 * currencies, never the number of deals. The two kinds of deals are read by two TenantScope
 * queries joined with UNION ALL, so each can use its own index (expected close date; status and
 * closing time): one OR over both made MariaDB walk every deal of the tenant, twice as slow for a
 * quarter of 100,000 deals (see the README's Performance section).
 */
async function aggregate(scope: TenantScope, spec: ForecastSpec): Promise<RawRow[]> {
  const [open, openParameters] = deals(scope, spec, `o.status = '${StageOutcome.OPEN}' AND o.expectedCloseDate >= :from AND o.expectedCloseDate < :to`, { ...spec.window });
  const [won, wonParameters] = deals(scope, spec, `o.status = '${StageOutcome.WON}' AND o.closedAt >= :fromAt AND o.closedAt < :toAt`, {
    fromAt: utcMidnight(spec.window.from),
    toAt: utcMidnight(spec.window.to),
  });
  return scope.manager.query(
    `SELECT d.groupKey AS groupKey, d.currency AS currency, COUNT(*) AS deals, ${SUMS} FROM (${open} UNION ALL ${won}) d GROUP BY d.groupKey, d.currency`,
    [...openParameters, ...wonParameters],
  );
}

/** Team memberships of the tenant, by teams or by users. */
async function memberships(scope: TenantScope, by: "teamId" | "userId", ids: readonly string[]): Promise<TeamMember[]> {
  if (ids.length === 0) return [];
  // Not a TenantEntity (keyed by team and user), so the tenant is pinned here.
  return scope.manager.find(TeamMember, { where: { tenantId: scope.tenantId, [by]: In([...ids]) } });
}

const within = (sight: Set<string> | null, ids: Iterable<string>): Set<string> => new Set([...ids].filter((id) => sight === null || sight.has(id)));

/**
 * Whose quota-only rows (a quota, no deal that counts) the caller sees: only owners or teams whose
 * deals the caller's visibility covers, else a rep with OWN visibility would see colleagues at
 * 0 % attainment. Null means anyone. The filters narrow it as they narrow the deals.
 */
async function quotaOnlySight(scope: TenantScope, spec: ForecastSpec): Promise<Set<string> | null> {
  const visibility = scope.visibility;
  if (spec.groupBy === ForecastGroupBy.OWNER) {
    let sight: Set<string> | null = null;
    if (visibility.scope === "own") sight = new Set([visibility.userId]);
    if (visibility.scope === "team") sight = new Set([visibility.userId, ...(await memberships(scope, "teamId", visibility.teamIds)).map((m) => m.userId)]);
    if (spec.ownerIds !== null) sight = within(sight, spec.ownerIds);
    if (spec.teamId !== null) sight = within(sight, (await memberships(scope, "teamId", [spec.teamId])).map((m) => m.userId));
    return sight;
  }
  let sight: Set<string> | null = visibility.scope === "all" ? null : new Set(visibility.scope === "team" ? visibility.teamIds : []);
  if (spec.teamId !== null) sight = within(sight, [spec.teamId]);
  if (spec.ownerIds !== null) sight = within(sight, (await memberships(scope, "userId", spec.ownerIds)).map((m) => m.teamId));
  return sight;
}

/**
 * Forecasts: per owner or team, the cumulative categories, the weighted pipeline and quota
 * attainment of the deals the caller may see, in one currency (see ForecastFigures).
 */
export class ForecastService {
  /** Checks and decodes the arguments; bad ones are BAD_USER_INPUT errors, as for any query. */
  async spec(scope: TenantScope, input: ForecastInput): Promise<ForecastSpec> {
    const window = windowOrThrow(input);
    const currency = currencyOrThrow(input.currency);
    const pipelineId = input.pipelineId == null ? null : fromGlobalId(input.pipelineId, "Pipeline").rowId;
    if (pipelineId !== null && (await scope.count(Pipeline, { id: pipelineId })) === 0) badInput("input.pipelineId", "No such pipeline.");
    return {
      window,
      currency,
      groupBy: input.groupBy,
      pipelineId,
      ownerIds: input.ownerIds == null ? null : rowIdsOrThrow(input.ownerIds, "User", "ownerIds"),
      teamId: input.teamId == null ? null : fromGlobalId(input.teamId, "Team").rowId,
    };
  }

  async forecast(scope: TenantScope, spec: ForecastSpec): Promise<Forecast> {
    const tallies = new Map<string | null, Tally>();
    const otherCurrencies = new Set<string>();
    for (const raw of await aggregate(scope, spec)) {
      const tally = tallies.get(raw.groupKey) ?? emptyTally();
      tallies.set(raw.groupKey, tally);
      if (raw.currency !== spec.currency) {
        tally.excluded += Number(raw.deals);
        otherCurrencies.add(raw.currency);
        continue;
      }
      for (const bucket of BUCKET_NAMES) tally[bucket] = { deals: Number(raw[`${bucket}Deals`]), amount: Number(raw[`${bucket}Amount`]) };
      tally.weighted = Number(raw.weighted);
    }
    const owners = spec.groupBy === ForecastGroupBy.OWNER;
    const quotas = await quotasFor(scope, owners ? QuotaAssignee.USER : QuotaAssignee.TEAM, spec.window, spec.currency);
    const sight = await quotaOnlySight(scope, spec);
    for (const id of within(sight, quotas.keys())) if (!tallies.has(id)) tallies.set(id, emptyTally());

    const keys = [...tallies.keys()].filter((key): key is string => key !== null);
    const names = new Map<string, User | Team>((await (owners ? scope.byIds(User, keys) : scope.byIds(Team, keys))).flatMap((row) => (row ? [[row.id, row] as const] : [])));
    const rows = [...tallies].map(([key, tally]) => {
      const subject = key === null ? null : (names.get(key) ?? null);
      const quota = key === null ? null : (quotas.get(key) ?? null);
      const row = Object.assign(new ForecastRow(), {
        owner: subject instanceof User ? subject : null,
        team: subject instanceof Team ? subject : null,
        figures: figuresOf(tally, spec.currency, quota),
      });
      return { name: subject?.name ?? null, quota, row };
    });
    rows.sort((a, b) => compareLabels(a.name, b.name));
    const quotaRows = rows.filter((row) => row.quota !== null);
    const totalQuota = quotaRows.length === 0 ? null : quotaRows.reduce((sum, row) => sum + row.quota!, 0);
    return Object.assign(new Forecast(), {
      from: spec.window.from,
      to: spec.window.to,
      period: periodKeyOf(spec.window),
      currency: spec.currency,
      groupBy: spec.groupBy,
      rows: rows.map(({ row }) => row),
      total: figuresOf(addTallies(tallies.values()), spec.currency, totalQuota),
      otherCurrencies: [...otherCurrencies].sort(),
    });
  }
}

export const forecastService = new ForecastService();
