import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { teamOf, userOf } from "../../../core/contacts/ownership.loader";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult, type SortKey } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { Team, User } from "../../../core/identity/identity.entities";
import { Money, money } from "../../../core/money/money";
import { Quota, QuotaAssignee } from "../entities/quota.entity";
import type { SfaPermission } from "../permissions";
import { badInput, periodKeyOf } from "../services/forecast-input";
import { quotasService } from "../services/quotas.service";
import { QuotaConnection, QuotaFilter, QuotaPayload, QuotaRemoveInput, QuotaRemovePayload, QuotaSetInput } from "./quota.types";

const READ: SfaPermission = "sfa.forecasts.read";
const MANAGE: SfaPermission = "sfa.quotas.manage";

const QUOTA_ORDER: readonly SortKey<Quota>[] = [
  { column: "q.periodStart", value: (q) => q.periodStart, direction: "ASC" },
  { column: "q.id", value: (q) => q.id, direction: "ASC" },
];

@Resolver(() => Quota)
export class QuotaResolver {
  @Authorized(READ)
  @Query(() => QuotaConnection, { description: "Quotas of your tenant's users and teams, earliest period first." })
  quotas(
    @Arg("filter", () => QuotaFilter, { nullable: true }) filter: QuotaFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Quota>> {
    const { userId, teamId, from, to } = filter ?? {};
    if (from != null && to != null && to <= from) badInput("filter.to", "`to` must come after `from`.");
    const query = requireTenant(context).query(Quota, "q");
    if (userId) query.andWhere("q.assigneeType = :user AND q.assigneeId = :userId", { user: QuotaAssignee.USER, userId: fromGlobalId(userId, "User").rowId });
    if (teamId) query.andWhere("q.assigneeType = :team AND q.assigneeId = :teamId", { team: QuotaAssignee.TEAM, teamId: fromGlobalId(teamId, "Team").rowId });
    if (from) query.andWhere("q.periodEnd > :from", { from });
    if (to) query.andWhere("q.periodStart < :to", { to });
    return paginate(query, args, QUOTA_ORDER);
  }

  @FieldResolver(() => User, { nullable: true, description: "The rep, for a user's quota." })
  user(@Root() quota: Quota, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, quota.assigneeType === QuotaAssignee.USER ? quota.assigneeId : null);
  }

  @FieldResolver(() => Team, { nullable: true, description: "The team, for a team's quota." })
  team(@Root() quota: Quota, @Ctx() context: RequestContext): Promise<Team | null> {
    return teamOf(context, quota.assigneeType === QuotaAssignee.TEAM ? quota.assigneeId : null);
  }

  @FieldResolver(() => String, { nullable: true, description: "The calendar period the quota covers exactly (2027, 2027-Q1, 2027-03), if it is one." })
  period(@Root() quota: Quota): string | null {
    return periodKeyOf({ from: quota.periodStart, to: quota.periodEnd });
  }

  @FieldResolver(() => Money)
  amount(@Root() quota: Quota): Money {
    return money(quota.amount, quota.currency);
  }

  @Authorized(MANAGE)
  @Mutation(() => QuotaPayload, { description: "Sets the quota of a user or a team for a period; setting it again for the same period replaces it." })
  quotaSet(@Arg("input", () => QuotaSetInput) input: QuotaSetInput, @Ctx() context: RequestContext): Promise<QuotaPayload> {
    return respond(new QuotaPayload(), run(context, "quotaSet", (uow) => quotasService.set(uow, input)), (payload, { record }) => (payload.quota = record));
  }

  @Authorized(MANAGE)
  @Mutation(() => QuotaRemovePayload)
  quotaRemove(@Arg("input", () => QuotaRemoveInput) input: QuotaRemoveInput, @Ctx() context: RequestContext): Promise<QuotaRemovePayload> {
    const result = withRowIds([[input.id, "Quota", ["input", "id"]]], ([id]) => run(context, "quotaRemove", (uow) => quotasService.remove(uow, id!)));
    return respond(new QuotaRemovePayload(), result, (payload, { removedId }) => (payload.removedId = removedId));
  }
}
