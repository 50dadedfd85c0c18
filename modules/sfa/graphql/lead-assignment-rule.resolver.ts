import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { userOf } from "../../../core/contacts/ownership.loader";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { User } from "../../../core/identity/identity.entities";
import { LeadAssignmentCriteria, LeadAssignmentRule } from "../entities/lead-assignment-rule.entity";
import type { SfaPermission } from "../permissions";
import { leadAssignmentRules } from "../services/lead-assignment-rules.service";
import {
  LeadAssignmentRuleCreateInput,
  LeadAssignmentRuleDeleteInput,
  LeadAssignmentRuleDeletePayload,
  LeadAssignmentRulePayload,
  LeadAssignmentRuleUpdateInput,
} from "./lead-assignment-rule.types";

const MANAGE: SfaPermission = "sfa.leads.manage";

const filled = (payload: LeadAssignmentRulePayload, { record }: { record: LeadAssignmentRule }) => {
  payload.rule = record;
};

@Resolver(() => LeadAssignmentRule)
export class LeadAssignmentRuleResolver {
  @Authorized(MANAGE)
  @Query(() => [LeadAssignmentRule], { description: "The tenant's lead assignment rules, in the order they are tried." })
  leadAssignmentRules(@Ctx() context: RequestContext): Promise<LeadAssignmentRule[]> {
    return requireTenant(context).query(LeadAssignmentRule, "r").orderBy("r.position").addOrderBy("r.id").getMany();
  }

  @FieldResolver(() => LeadAssignmentCriteria)
  criteria(@Root() rule: LeadAssignmentRule): LeadAssignmentCriteria {
    return rule.criteria;
  }

  @FieldResolver(() => [User], { description: "In turn order; users no longer in the tenant are left out." })
  async members(@Root() rule: LeadAssignmentRule, @Ctx() context: RequestContext): Promise<User[]> {
    const users = await Promise.all(rule.memberIds.map((id) => userOf(context, id)));
    return users.filter((user): user is User => user !== null);
  }

  @Authorized(MANAGE)
  @Mutation(() => LeadAssignmentRulePayload, { description: "Adds a rule, after the others unless given a position." })
  leadAssignmentRuleCreate(@Arg("input", () => LeadAssignmentRuleCreateInput) input: LeadAssignmentRuleCreateInput, @Ctx() context: RequestContext): Promise<LeadAssignmentRulePayload> {
    return respond(new LeadAssignmentRulePayload(), run(context, "leadAssignmentRuleCreate", (uow) => leadAssignmentRules.create(uow, input)), filled);
  }

  @Authorized(MANAGE)
  @Mutation(() => LeadAssignmentRulePayload, { description: "Changes the fields given." })
  leadAssignmentRuleUpdate(@Arg("input", () => LeadAssignmentRuleUpdateInput) input: LeadAssignmentRuleUpdateInput, @Ctx() context: RequestContext): Promise<LeadAssignmentRulePayload> {
    const result = withRowIds([[input.id, "LeadAssignmentRule", ["input", "id"]]], ([id]) => run(context, "leadAssignmentRuleUpdate", (uow) => leadAssignmentRules.update(uow, id!, input)));
    return respond(new LeadAssignmentRulePayload(), result, filled);
  }

  @Authorized(MANAGE)
  @Mutation(() => LeadAssignmentRuleDeletePayload)
  leadAssignmentRuleDelete(@Arg("input", () => LeadAssignmentRuleDeleteInput) input: LeadAssignmentRuleDeleteInput, @Ctx() context: RequestContext): Promise<LeadAssignmentRuleDeletePayload> {
    const result = withRowIds([[input.id, "LeadAssignmentRule", ["input", "id"]]], ([id]) => run(context, "leadAssignmentRuleDelete", (uow) => leadAssignmentRules.delete(uow, id!)));
    return respond(new LeadAssignmentRuleDeletePayload(), result, (payload, { record }) => (payload.deletedId = record));
  }
}
