import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import type { ServiceResult } from "../../../core/contacts/service-result";
import { ForecastCategory, OpportunityRequirement, Pipeline, PipelineStage, StageOutcome } from "../entities/pipeline.entity";

export interface StageSpec {
  name: string;
  probability: number;
  outcome: StageOutcome;
  forecastCategory?: ForecastCategory | null;
  requirements?: OpportunityRequirement[] | null;
}

/** What a tenant starts with: a common B2B process, editable afterwards. */
export const STANDARD_PIPELINE: { name: string; stages: StageSpec[] } = {
  name: "Sales",
  stages: [
    { name: "Prospecting", probability: 10, outcome: StageOutcome.OPEN },
    { name: "Qualification", probability: 20, outcome: StageOutcome.OPEN, requirements: [OpportunityRequirement.CONTACT] },
    { name: "Needs analysis", probability: 40, outcome: StageOutcome.OPEN, requirements: [OpportunityRequirement.CONTACT] },
    { name: "Proposal", probability: 60, outcome: StageOutcome.OPEN, forecastCategory: ForecastCategory.BEST_CASE, requirements: [OpportunityRequirement.AMOUNT, OpportunityRequirement.PRIMARY_CONTACT] },
    { name: "Negotiation", probability: 80, outcome: StageOutcome.OPEN, forecastCategory: ForecastCategory.COMMIT, requirements: [OpportunityRequirement.AMOUNT, OpportunityRequirement.PRIMARY_CONTACT] },
    { name: "Closed won", probability: 100, outcome: StageOutcome.WON },
    { name: "Closed lost", probability: 0, outcome: StageOutcome.LOST },
  ],
};

/** The category a stage gives unless it names one: closed stages close the forecast. */
export function categoryOf(spec: Pick<StageSpec, "outcome" | "forecastCategory">): ForecastCategory {
  if (spec.outcome === StageOutcome.WON) return ForecastCategory.CLOSED;
  if (spec.outcome === StageOutcome.LOST) return ForecastCategory.OMITTED;
  return spec.forecastCategory ?? ForecastCategory.PIPELINE;
}

/** Checks a pipeline's stages as a whole: names unique, and at least one open, one won and one lost stage. */
export function checkStages(stages: readonly StageSpec[], field: string[]): UserError[] {
  const errors: UserError[] = [];
  const names = stages.map((stage) => stage.name.trim().toLowerCase());
  if (new Set(names).size !== names.length) errors.push(userError(field, UserErrorCode.INVALID, "Stage names must be unique within a pipeline."));
  for (const outcome of Object.values(StageOutcome)) {
    if (!stages.some((stage) => stage.outcome === outcome)) {
      errors.push(userError(field, UserErrorCode.INVALID, `A pipeline needs at least one ${outcome} stage.`));
    }
  }
  stages.forEach((stage, index) => {
    if (stage.outcome !== StageOutcome.OPEN && stage.forecastCategory && stage.forecastCategory !== categoryOf(stage)) {
      errors.push(userError([...field, String(index), "forecastCategory"], UserErrorCode.INVALID, `A ${stage.outcome} stage is always ${categoryOf(stage)} in the forecast.`));
    }
  });
  return errors;
}

/** A stage as stored: closed stages have fixed probabilities and categories. */
export function stageValues(spec: StageSpec): Pick<PipelineStage, "name" | "probability" | "outcome" | "forecastCategory" | "requirements"> {
  return {
    name: spec.name.trim(),
    probability: spec.outcome === StageOutcome.WON ? 100 : spec.outcome === StageOutcome.LOST ? 0 : spec.probability,
    outcome: spec.outcome,
    forecastCategory: categoryOf(spec),
    requirements: [...new Set(spec.requirements ?? [])],
  };
}

export function stageRow(scope: TenantScope, pipelineId: string, spec: StageSpec, position: number): PipelineStage {
  return scope.create(PipelineStage, { pipelineId, position, ...stageValues(spec) });
}

/** A pipeline's stages in order. */
export function stagesOf(scope: TenantScope, pipelineId: string): Promise<PipelineStage[]> {
  return scope.find(PipelineStage, { where: { pipelineId }, order: { position: "ASC", id: "ASC" } });
}

export async function writePipeline(uow: UnitOfWork, name: string, stages: readonly StageSpec[], isDefault: boolean): Promise<Pipeline> {
  if (isDefault) await uow.scope.update(Pipeline, { isDefault: true }, { isDefault: false });
  const pipeline = await uow.scope.save(uow.scope.create(Pipeline, { name: name.trim(), isDefault, archivedAt: null }));
  await uow.scope.saveAll(stages.map((spec, position) => stageRow(uow.scope, pipeline.id, spec, position)));
  return pipeline;
}

/**
 * The pipeline a new opportunity joins when none is named: the default one, else the oldest
 * open one. A tenant without any gets the standard pipeline, created in the caller's transaction.
 */
export async function defaultPipeline(uow: UnitOfWork): Promise<ServiceResult<Pipeline>> {
  const pipelines = await uow.scope.find(Pipeline, { order: { isDefault: "DESC", id: "ASC" } });
  if (pipelines.length === 0) return { record: await writePipeline(uow, STANDARD_PIPELINE.name, STANDARD_PIPELINE.stages, true) };
  const open = pipelines.find((pipeline) => pipeline.archivedAt === null);
  return open ? { record: open } : { errors: [userError(["input", "pipelineId"], UserErrorCode.REQUIRED, "Every pipeline is archived: name an open one.")] };
}
