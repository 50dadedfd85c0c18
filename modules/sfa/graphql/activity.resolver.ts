import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { teamOf, userOf } from "../../../core/contacts/ownership.loader";
import { scopedLoader } from "../../../core/graphql/batch";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { ErrorCode, clientError } from "../../../core/graphql/errors";
import { ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { Node } from "../../../core/graphql/relay/node";
import { Team, User } from "../../../core/identity/identity.entities";
import { ActivitySeries } from "../entities/activity-series.entity";
import { Activity } from "../entities/activity.entity";
import { ACTIVITY_ORDER } from "../loaders/activities-by-participant.loader";
import type { SfaPermission } from "../permissions";
import { nodeLookup, relatedGlobalId } from "../services/activity-related";
import { ActivityService } from "../services/activity.service";
import {
  ActivityCancelInput,
  ActivityCompleteInput,
  ActivityConnection,
  ActivityCreateInput,
  ActivityFilter,
  ActivityParticipants,
  ActivityPayload,
  ActivitySeriesCancelInput,
  ActivitySeriesCancelPayload,
  ActivityUpdateInput,
} from "./activity.types";

export const ACTIVITIES_READ: SfaPermission = "sfa.activities.read";
const WRITE: SfaPermission = "sfa.activities.write";

function applyFilter(query: SelectQueryBuilder<Activity>, filter: ActivityFilter): void {
  const { ownerId, from, to, status, kinds, relatedToId, seriesId } = filter;
  if (from != null && to != null && from.getTime() >= to.getTime()) {
    throw clientError(ErrorCode.BAD_USER_INPUT, "`from` must be before `to`.", { argument: "filter" });
  }
  if (ownerId) query.andWhere("a.ownerId = :ownerId", { ownerId: fromGlobalId(ownerId, "User").rowId });
  if (from != null) query.andWhere("a.dueAt >= :from", { from });
  if (to != null) query.andWhere("a.dueAt < :to", { to });
  if (status) query.andWhere("a.status = :status", { status });
  if (kinds != null) query.andWhere(kinds.length > 0 ? "a.kind IN (:...kinds)" : "1 = 0", { kinds });
  if (relatedToId) {
    const { typeName, rowId } = fromGlobalId(relatedToId);
    query.andWhere("a.relatedType = :relatedType AND a.relatedId = :relatedId", { relatedType: typeName, relatedId: rowId });
  }
  if (seriesId) query.andWhere("a.seriesId = :seriesId", { seriesId: fromGlobalId(seriesId, "ActivitySeries").rowId });
}

const service = (context: RequestContext) => new ActivityService(context.services, nodeLookup(context));

function filled(payload: ActivityPayload, { record }: { record: Activity }): void {
  payload.activity = record;
}

@Resolver(() => Activity)
export class ActivityResolver {
  @Authorized(ACTIVITIES_READ)
  @Query(() => ActivityConnection, { description: "Tasks, calls and meetings you may see, in due order." })
  activities(
    @Arg("filter", () => ActivityFilter, { nullable: true }) filter: ActivityFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Activity>> {
    const query = requireTenant(context).query(Activity, "a");
    applyFilter(query, filter ?? {});
    return paginate(query, args, ACTIVITY_ORDER);
  }

  @FieldResolver(() => User, { nullable: true, description: "The rep." })
  owner(@Root() activity: Activity, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, activity.ownerId);
  }

  @FieldResolver(() => Team, { nullable: true })
  team(@Root() activity: Activity, @Ctx() context: RequestContext): Promise<Team | null> {
    return teamOf(context, activity.teamId);
  }

  @FieldResolver(() => Node, { nullable: true, description: "The record the activity is about, if you may see it." })
  relatedTo(@Root() activity: Activity, @Ctx() context: RequestContext): Promise<object | null> {
    const globalId = relatedGlobalId(activity);
    return globalId ? nodeLookup(context)(globalId) : Promise.resolve(null);
  }

  @FieldResolver(() => ActivityParticipants)
  participants(@Root() activity: Activity): ActivityParticipants {
    return new ActivityParticipants(activity.id);
  }

  @FieldResolver(() => ActivitySeries, { nullable: true, description: "The recurring series this is an occurrence of." })
  series(@Root() activity: Activity, @Ctx() context: RequestContext): Promise<ActivitySeries | null> {
    if (!activity.seriesId) return Promise.resolve(null);
    return scopedLoader(context, "sfa.activitySeriesById", (scope, ids) => scope.byIds(ActivitySeries, ids)).load(activity.seriesId);
  }

  @Authorized(WRITE)
  @Mutation(() => ActivityPayload, { description: "Plans a task, call or meeting, owned by you unless you name an owner; with `recurrence`, a series." })
  activityCreate(@Arg("input", () => ActivityCreateInput) input: ActivityCreateInput, @Ctx() context: RequestContext): Promise<ActivityPayload> {
    return respond(new ActivityPayload(), run(context, "activityCreate", (uow) => service(context).create(uow, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ActivityPayload, { description: "Changes an open activity; null clears a field." })
  activityUpdate(@Arg("input", () => ActivityUpdateInput) input: ActivityUpdateInput, @Ctx() context: RequestContext): Promise<ActivityPayload> {
    const result = withRowIds([[input.id, "Activity", ["input", "id"]]], ([id]) => run(context, "activityUpdate", (uow) => service(context).update(uow, id!, input)));
    return respond(new ActivityPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ActivityPayload, { description: "Completes an open activity; a call or meeting is recorded on its contacts' and accounts' timelines." })
  activityComplete(@Arg("input", () => ActivityCompleteInput) input: ActivityCompleteInput, @Ctx() context: RequestContext): Promise<ActivityPayload> {
    const result = withRowIds([[input.id, "Activity", ["input", "id"]]], ([id]) => run(context, "activityComplete", (uow) => service(context).complete(uow, id!, input)));
    return respond(new ActivityPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ActivityPayload, { description: "Cancels an open activity; its reminder will not go out." })
  activityCancel(@Arg("input", () => ActivityCancelInput) input: ActivityCancelInput, @Ctx() context: RequestContext): Promise<ActivityPayload> {
    const result = withRowIds([[input.id, "Activity", ["input", "id"]]], ([id]) => run(context, "activityCancel", (uow) => service(context).cancel(uow, id!)));
    return respond(new ActivityPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ActivitySeriesCancelPayload, { description: "Cancels a series' open occurrences (all, or from a time on) and stops it." })
  activitySeriesCancel(@Arg("input", () => ActivitySeriesCancelInput) input: ActivitySeriesCancelInput, @Ctx() context: RequestContext): Promise<ActivitySeriesCancelPayload> {
    const result = withRowIds([[input.id, "ActivitySeries", ["input", "id"]]], ([id]) =>
      run(context, "activitySeriesCancel", (uow) => service(context).cancelSeries(uow, id!, input.from ?? null)),
    );
    return respond(new ActivitySeriesCancelPayload(), result, (payload, { record, cancelledCount }) => Object.assign(payload, { series: record, cancelledCount }));
  }
}
