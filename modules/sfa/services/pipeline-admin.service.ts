import { notFound, type ServiceResult } from "../../../core/contacts/service-result";
import { isDuplicateKey } from "../../../core/db/errors";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput } from "../../../core/graphql/payload";
import { Pipeline, PipelineStage, StageOutcome } from "../entities/pipeline.entity";
import type { PipelineCreateInput, PipelineStageUpdateInput, PipelineUpdateInput } from "../graphql/pipeline.types";
import { categoryOf, checkStages, writePipeline } from "./pipelines.service";

const nameTaken = (name: string) => ({ errors: [userError(["input", "name"], UserErrorCode.TAKEN, `There is already a pipeline named '${name}'.`)] });

/** Creating and changing pipelines: an administrator's work, so plain and strict. */
export class PipelineAdminService {
  async create(uow: UnitOfWork, input: PipelineCreateInput): Promise<ServiceResult<Pipeline>> {
    const errors = [...(await validateInput(input)), ...checkStages(input.stages, ["input", "stages"])];
    if (errors.length > 0) return { errors };
    if (await uow.scope.count(Pipeline, { name: input.name.trim() })) return nameTaken(input.name.trim());
    return { record: await writePipeline(uow, input.name, input.stages, input.isDefault) };
  }

  async update(uow: UnitOfWork, id: string, input: PipelineUpdateInput): Promise<ServiceResult<Pipeline>> {
    const errors = await validateInput(input);
    if (errors.length > 0) return { errors };
    const pipeline = await uow.scope.findOneBy(Pipeline, { id });
    if (!pipeline) return { errors: [notFound(["input", "id"], "pipeline")] };
    if (input.isDefault && input.archived) return { errors: [userError(["input", "archived"], UserErrorCode.INVALID, "The default pipeline cannot be archived.")] };
    if (input.isDefault) await uow.scope.update(Pipeline, { isDefault: true }, { isDefault: false });
    if (input.name) pipeline.name = input.name.trim();
    if (input.isDefault != null) pipeline.isDefault = input.isDefault;
    if (input.archived != null) pipeline.archivedAt = input.archived ? (pipeline.archivedAt ?? new Date()) : null;
    if (pipeline.isDefault && pipeline.archivedAt) return { errors: [userError(["input", "archived"], UserErrorCode.INVALID, "The default pipeline cannot be archived.")] };
    try {
      return { record: await uow.manager.transaction(() => uow.scope.save(pipeline)) };
    } catch (error) {
      if (isDuplicateKey(error)) return nameTaken(pipeline.name);
      throw error;
    }
  }

  /** Changes apply to opportunities entering the stage from now on; those already in it keep their values. */
  async updateStage(uow: UnitOfWork, id: string, input: PipelineStageUpdateInput): Promise<ServiceResult<PipelineStage>> {
    const errors = await validateInput(input);
    if (errors.length > 0) return { errors };
    const stage = await uow.scope.findOneBy(PipelineStage, { id });
    if (!stage) return { errors: [notFound(["input", "id"], "stage")] };
    if (stage.outcome !== StageOutcome.OPEN && (input.probability != null || input.forecastCategory != null)) {
      return { errors: [userError(["input"], UserErrorCode.INVALID, `A ${stage.outcome} stage's probability and forecast category are fixed.`)] };
    }
    if (input.name) {
      const siblings = await uow.scope.find(PipelineStage, { where: { pipelineId: stage.pipelineId } });
      if (siblings.some((sibling) => sibling.id !== stage.id && sibling.name.toLowerCase() === input.name!.trim().toLowerCase())) {
        return { errors: [userError(["input", "name"], UserErrorCode.TAKEN, "Another stage of the pipeline has that name.")] };
      }
      stage.name = input.name.trim();
    }
    if (input.probability != null) stage.probability = input.probability;
    if (input.forecastCategory != null) stage.forecastCategory = categoryOf({ outcome: stage.outcome, forecastCategory: input.forecastCategory });
    if (input.requirements != null) stage.requirements = [...new Set(input.requirements)];
    return { record: await uow.scope.save(stage) };
  }
}

export const pipelineAdmin = new PipelineAdminService();
