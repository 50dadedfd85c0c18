import type { SelectQueryBuilder } from "typeorm";
import { Account } from "../../../core/accounts/account.entity";
import type { TenantScope } from "../../../core/db/tenant-scope";
import { fromGlobalId, toGlobalId } from "../../../core/graphql/relay/global-id";
import { User } from "../../../core/identity/identity.entities";
import { money } from "../../../core/money/money";
import { Opportunity, OpportunityStageChange } from "../entities/opportunity.entity";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import { Pipeline, PipelineStage, StageOutcome } from "../entities/pipeline.entity";
import { SalesCycle, SalesCycleGroup, SalesCycleGroupBy, SalesCycleStage, type SalesCycleInput } from "../graphql/sales-cycle.types";
import { badInput, compareLabels, currencyOrThrow, periodKeyOf, ratio, utcMidnight, windowOrThrow, type DateWindow } from "./forecast-input";
import { stagesOf } from "./pipelines.service";

export interface SalesCycleSpec {
  window: DateWindow;
  groupBy: SalesCycleGroupBy;
  currency: string;
  pipeline: Pipeline | null;
}

const WON = `'${StageOutcome.WON}'`;
const LOST = `'${StageOutcome.LOST}'`;
const OPEN = `'${StageOutcome.OPEN}'`;

/**
 * Whether the deal, after the move `c` into stage `s`, later moved into an open stage further down
 * the pipeline or into a won stage. Moves are ordered by time, then id (two in one millisecond).
 */
const ADVANCED_LATER =
  "EXISTS (SELECT 1 FROM opportunity_stage_change n INNER JOIN pipeline_stage ns ON ns.id = n.to_stage_id AND ns.tenant_id = n.tenant_id " +
  "WHERE n.tenant_id = c.tenant_id AND n.opportunity_id = c.opportunity_id " +
  "AND (n.changed_at > c.changed_at OR (n.changed_at = c.changed_at AND n.id > c.id)) " +
  `AND (ns.outcome = ${WON} OR (ns.outcome = ${OPEN} AND ns.position > s.position)))`;

type Raw = Record<string, string | null> & { groupKey: string | null };

/**
 * The analysed deals: visible, in the pipeline, won or lost in the window, with the column they
 * are grouped by. A product group joins the distinct (deal, product) pairs of the line items, so
 * a deal counts once under each of its products. The region is the account's, read whether or
 * not the account itself is visible to the caller: only the label is used.
 */
function cohort(scope: TenantScope, spec: SalesCycleSpec & { pipeline: Pipeline }): { query: SelectQueryBuilder<Opportunity>; key: string } {
  const query = scope
    .query(Opportunity, "o")
    .andWhere("o.pipelineId = :pipelineId", { pipelineId: spec.pipeline.id })
    .andWhere(`o.status IN (${WON}, ${LOST})`)
    .andWhere("o.closedAt >= :fromAt AND o.closedAt < :toAt", { fromAt: utcMidnight(spec.window.from), toAt: utcMidnight(spec.window.to) });
  switch (spec.groupBy) {
    case SalesCycleGroupBy.REGION:
      return { query: query.leftJoin(Account, "a", "a.id = o.accountId AND a.tenantId = o.tenantId"), key: "a.region" };
    case SalesCycleGroupBy.PRODUCT:
      return {
        query: query.leftJoin(
          (pairs) => pairs.select("li.opportunityId", "opportunity_id").addSelect("li.productId", "product_id").distinct(true).from(OpportunityLineItem, "li").where("li.tenantId = :scopeTenantId"),
          "p",
          "p.opportunity_id = o.id",
        ),
        key: "p.product_id",
      };
    case SalesCycleGroupBy.SEGMENT:
      return { query, key: "o.segment" };
    case SalesCycleGroupBy.OWNER:
      return { query, key: "o.ownerId" };
  }
}

/** Per group: won and lost deals, the won deals in the currency and their average, the average cycle of won deals. */
function dealFigures(scope: TenantScope, spec: SalesCycleSpec & { pipeline: Pipeline }): Promise<Raw[]> {
  const { query, key } = cohort(scope, spec);
  const wonInCurrency = `o.status = ${WON} AND o.currency = :currency`;
  return query
    .select(key, "groupKey")
    .addSelect(`SUM(CASE WHEN o.status = ${WON} THEN 1 ELSE 0 END)`, "won")
    .addSelect(`SUM(CASE WHEN o.status = ${LOST} THEN 1 ELSE 0 END)`, "lost")
    .addSelect(`SUM(CASE WHEN ${wonInCurrency} AND o.amount IS NOT NULL THEN 1 ELSE 0 END)`, "wonInCurrency")
    .addSelect(`ROUND(AVG(CASE WHEN ${wonInCurrency} THEN o.amount END))`, "averageAmount")
    .addSelect(`AVG(CASE WHEN o.status = ${WON} THEN TIMESTAMPDIFF(SECOND, o.createdAt, o.closedAt) END)`, "averageCycleSeconds")
    .setParameter("currency", spec.currency)
    .groupBy(key)
    .getRawMany<Raw>();
}

/** Per group and stage entered: deals that entered it, advanced from it, and were won. */
function stageEntries(scope: TenantScope, spec: SalesCycleSpec & { pipeline: Pipeline }): Promise<Raw[]> {
  const { query, key } = cohort(scope, spec);
  return query
    .innerJoin(OpportunityStageChange, "c", "c.opportunityId = o.id AND c.tenantId = o.tenantId")
    .innerJoin(PipelineStage, "s", "s.id = c.toStageId AND s.tenantId = c.tenantId")
    .select(key, "groupKey")
    .addSelect("c.toStageId", "stageId")
    .addSelect("COUNT(DISTINCT o.id)", "entered")
    .addSelect(`COUNT(DISTINCT CASE WHEN ${ADVANCED_LATER} THEN o.id END)`, "advanced")
    .addSelect(`COUNT(DISTINCT CASE WHEN o.status = ${WON} THEN o.id END)`, "won")
    .groupBy(key)
    .addGroupBy("c.toStageId")
    .getRawMany<Raw>();
}

/** Per group and stage left: how many moves out, and the average time spent in it. */
function stageExits(scope: TenantScope, spec: SalesCycleSpec & { pipeline: Pipeline }): Promise<Raw[]> {
  const { query, key } = cohort(scope, spec);
  return query
    .innerJoin(OpportunityStageChange, "c", "c.opportunityId = o.id AND c.tenantId = o.tenantId")
    .andWhere("c.fromStageId IS NOT NULL")
    .select(key, "groupKey")
    .addSelect("c.fromStageId", "stageId")
    .addSelect("COUNT(*)", "exits")
    .addSelect("AVG(c.secondsInFromStage)", "averageSeconds")
    .groupBy(key)
    .addGroupBy("c.fromStageId")
    .getRawMany<Raw>();
}

const groupAndStage = (groupKey: string | null, stageId: string | null | undefined): string => JSON.stringify([groupKey, stageId]);
const byGroupAndStage = (rows: readonly Raw[]) => new Map(rows.map((row) => [groupAndStage(row.groupKey, row.stageId), row]));
const numberOrNull = (value: string | null | undefined): number | null => (value == null ? null : Number(value));

/** One stage's figures for a group, from its rows of the entries and exits statements (none: never entered, never left). */
function stageFigures(stage: PipelineStage, entry: Raw | undefined, exit: Raw | undefined): SalesCycleStage {
  const [entered, advanced, won] = [Number(entry?.entered ?? 0), Number(entry?.advanced ?? 0), Number(entry?.won ?? 0)];
  return Object.assign(new SalesCycleStage(), {
    stage,
    entered,
    advanced,
    won,
    conversionRate: ratio(advanced, entered),
    winRate: ratio(won, entered),
    exits: Number(exit?.exits ?? 0),
    averageSecondsInStage: numberOrNull(exit?.averageSeconds),
  });
}

/** The pipeline named, or the default one (else the oldest open one); null for a tenant without pipelines. */
async function pipelineOf(scope: TenantScope, pipelineGlobalId: string | null | undefined): Promise<Pipeline | null> {
  if (pipelineGlobalId != null) {
    return (await scope.findOneBy(Pipeline, { id: fromGlobalId(pipelineGlobalId, "Pipeline").rowId })) ?? badInput("input.pipelineId", "No such pipeline.");
  }
  const pipelines = await scope.find(Pipeline, { order: { isDefault: "DESC", id: "ASC" } });
  return pipelines.find((pipeline) => pipeline.isDefault) ?? pipelines.find((pipeline) => pipeline.archivedAt === null) ?? pipelines[0] ?? null;
}

/**
 * Sales-cycle analysis of the deals the caller may see that were won or lost in a window: win
 * rate, deal size, cycle length, time in each stage and stage-to-stage conversion, per group. Three
 * aggregate statements whatever the number of deals (plus the pipeline, its stages and the owners).
 */
export class SalesCycleService {
  async spec(scope: TenantScope, input: SalesCycleInput): Promise<SalesCycleSpec> {
    const window = windowOrThrow(input);
    const currency = currencyOrThrow(input.currency);
    return { window, currency, groupBy: input.groupBy, pipeline: await pipelineOf(scope, input.pipelineId) };
  }

  async analyse(scope: TenantScope, spec: SalesCycleSpec): Promise<SalesCycle> {
    const result = Object.assign(new SalesCycle(), {
      from: spec.window.from,
      to: spec.window.to,
      period: periodKeyOf(spec.window),
      currency: spec.currency,
      groupBy: spec.groupBy,
      pipeline: spec.pipeline,
      groups: [] as SalesCycleGroup[],
    });
    if (spec.pipeline === null) return result;
    const analysed = { ...spec, pipeline: spec.pipeline };
    const [deals, entries, exits, stages] = await Promise.all([
      dealFigures(scope, analysed),
      stageEntries(scope, analysed).then(byGroupAndStage),
      stageExits(scope, analysed).then(byGroupAndStage),
      stagesOf(scope, spec.pipeline.id),
    ]);
    const openStages = stages.filter((stage) => stage.outcome === StageOutcome.OPEN);
    const owners = spec.groupBy === SalesCycleGroupBy.OWNER ? await scope.byIds(User, deals.flatMap((row) => (row.groupKey === null ? [] : [row.groupKey]))) : [];
    const ownerOf = new Map(owners.flatMap((owner) => (owner ? [[owner.id, owner] as const] : [])));
    const groups = deals.map((row) => {
      const won = Number(row.won);
      const wonInCurrency = Number(row.wonInCurrency);
      const cycleSeconds = numberOrNull(row.averageCycleSeconds);
      const owner = row.groupKey === null ? null : (ownerOf.get(row.groupKey) ?? null);
      const group = Object.assign(new SalesCycleGroup(), {
        owner,
        productId: spec.groupBy === SalesCycleGroupBy.PRODUCT && row.groupKey !== null ? toGlobalId("Product", row.groupKey) : null,
        label: spec.groupBy === SalesCycleGroupBy.SEGMENT || spec.groupBy === SalesCycleGroupBy.REGION ? row.groupKey : null,
        won,
        lost: Number(row.lost),
        winRate: ratio(won, won + Number(row.lost)),
        averageDealSize: wonInCurrency === 0 ? null : money(Number(row.averageAmount), spec.currency),
        wonInCurrency,
        wonInOtherCurrencies: won - wonInCurrency,
        averageCycleDays: cycleSeconds === null ? null : cycleSeconds / 86_400,
        stages: openStages.map((stage) => stageFigures(stage, entries.get(groupAndStage(row.groupKey, stage.id)), exits.get(groupAndStage(row.groupKey, stage.id)))),
      });
      return { group, sortKey: spec.groupBy === SalesCycleGroupBy.OWNER ? (owner?.name ?? null) : row.groupKey };
    });
    groups.sort((a, b) => compareLabels(a.sortKey, b.sortKey, spec.groupBy === SalesCycleGroupBy.PRODUCT));
    result.groups = groups.map(({ group }) => group);
    return result;
  }
}

export const salesCycleService = new SalesCycleService();
