import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { Pipeline, PipelineStage } from "../entities/pipeline.entity";
import { stagesOfPipeline } from "../loaders/opportunities.loader";
import type { SfaPermission } from "../permissions";
import { pipelineAdmin } from "../services/pipeline-admin.service";
import { PipelineCreateInput, PipelinePayload, PipelineStagePayload, PipelineStageUpdateInput, PipelineUpdateInput } from "./pipeline.types";

const READ: SfaPermission = "sfa.opportunities.read";
const MANAGE: SfaPermission = "sfa.pipelines.manage";

@Resolver(() => Pipeline)
export class PipelineResolver {
  @Authorized(READ)
  @Query(() => [Pipeline], { description: "The tenant's pipelines, default first; archived ones only when asked." })
  pipelines(@Arg("includeArchived", () => Boolean, { defaultValue: false }) includeArchived: boolean, @Ctx() context: RequestContext): Promise<Pipeline[]> {
    const query = requireTenant(context).query(Pipeline, "p").orderBy("p.isDefault", "DESC").addOrderBy("p.name").addOrderBy("p.id");
    if (!includeArchived) query.andWhere("p.archivedAt IS NULL");
    return query.getMany();
  }

  @FieldResolver(() => [PipelineStage], { description: "In order." })
  stages(@Root() pipeline: Pipeline, @Ctx() context: RequestContext): Promise<PipelineStage[]> {
    return stagesOfPipeline(context, pipeline.id);
  }

  @Authorized(MANAGE)
  @Mutation(() => PipelinePayload, { description: "Creates a pipeline with its stages; it needs at least one OPEN, one WON and one LOST stage." })
  pipelineCreate(@Arg("input", () => PipelineCreateInput) input: PipelineCreateInput, @Ctx() context: RequestContext): Promise<PipelinePayload> {
    return respond(new PipelinePayload(), run(context, "pipelineCreate", (uow) => pipelineAdmin.create(uow, input)), (payload, { record }) => (payload.pipeline = record));
  }

  @Authorized(MANAGE)
  @Mutation(() => PipelinePayload, { description: "Renames, makes default, archives or restores a pipeline." })
  pipelineUpdate(@Arg("input", () => PipelineUpdateInput) input: PipelineUpdateInput, @Ctx() context: RequestContext): Promise<PipelinePayload> {
    const result = withRowIds([[input.id, "Pipeline", ["input", "id"]]], ([id]) => run(context, "pipelineUpdate", (uow) => pipelineAdmin.update(uow, id!, input)));
    return respond(new PipelinePayload(), result, (payload, { record }) => (payload.pipeline = record));
  }

  @Authorized(MANAGE)
  @Mutation(() => PipelineStagePayload, { description: "Changes a stage's name, default probability, forecast category or requirements." })
  pipelineStageUpdate(@Arg("input", () => PipelineStageUpdateInput) input: PipelineStageUpdateInput, @Ctx() context: RequestContext): Promise<PipelineStagePayload> {
    const result = withRowIds([[input.id, "PipelineStage", ["input", "id"]]], ([id]) => run(context, "pipelineStageUpdate", (uow) => pipelineAdmin.updateStage(uow, id!, input)));
    return respond(new PipelineStagePayload(), result, (payload, { record }) => (payload.stage = record));
  }
}
