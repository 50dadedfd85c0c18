import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { userOf } from "../../../core/contacts/ownership.loader";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { User } from "../../../core/identity/identity.entities";
import { DiscountApprovalLimit } from "../entities/discount-approval-limit.entity";
import type { SfaPermission } from "../permissions";
import { salesSettingsOf, salesSettingsService } from "../services/sales-settings.service";
import {
  DiscountApprovalLimitPayload,
  DiscountApprovalLimitRemoveInput,
  DiscountApprovalLimitRemovePayload,
  DiscountApprovalLimitSetInput,
  SalesSettingsPayload,
  SalesSettingsUpdateInput,
  SalesSettingsView,
} from "./sales-settings.types";

const QUOTES_READ: SfaPermission = "sfa.quotes.read";
const MANAGE: SfaPermission = "sfa.quotas.manage";

@Resolver(() => DiscountApprovalLimit)
export class SalesSettingsResolver {
  @Authorized(QUOTES_READ)
  @Query(() => SalesSettingsView, { description: "The tenant's discount rules for quotes." })
  salesSettings(@Ctx() context: RequestContext): Promise<SalesSettingsView> {
    return salesSettingsOf(requireTenant(context));
  }

  @Authorized(MANAGE)
  @Query(() => [DiscountApprovalLimit], { description: "Every user's discount approval limit, highest first." })
  discountApprovalLimits(@Ctx() context: RequestContext): Promise<DiscountApprovalLimit[]> {
    return requireTenant(context).find(DiscountApprovalLimit, { order: { maxDiscountBps: "DESC", id: "ASC" } });
  }

  @FieldResolver(() => User, { nullable: true })
  user(@Root() limit: DiscountApprovalLimit, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, limit.userId);
  }

  @Authorized(MANAGE)
  @Mutation(() => SalesSettingsPayload, { description: "Changes the approval threshold and the maximum discount of quotes." })
  salesSettingsUpdate(@Arg("input", () => SalesSettingsUpdateInput) input: SalesSettingsUpdateInput, @Ctx() context: RequestContext): Promise<SalesSettingsPayload> {
    return respond(new SalesSettingsPayload(), run(context, "salesSettingsUpdate", (uow) => salesSettingsService.update(uow, input)), (payload, { record }) => {
      payload.salesSettings = record;
    });
  }

  @Authorized(MANAGE)
  @Mutation(() => DiscountApprovalLimitPayload, { description: "Sets the largest discount a user may approve." })
  discountApprovalLimitSet(@Arg("input", () => DiscountApprovalLimitSetInput) input: DiscountApprovalLimitSetInput, @Ctx() context: RequestContext): Promise<DiscountApprovalLimitPayload> {
    const result = withRowIds([[input.userId, "User", ["input", "userId"]]], ([userId]) =>
      run(context, "discountApprovalLimitSet", (uow) => salesSettingsService.setApprovalLimit(uow, userId!, input)),
    );
    return respond(new DiscountApprovalLimitPayload(), result, (payload, { record }) => {
      payload.discountApprovalLimit = record;
    });
  }

  @Authorized(MANAGE)
  @Mutation(() => DiscountApprovalLimitRemovePayload, { description: "Takes a user's approval limit away: they approve no discount any more." })
  discountApprovalLimitRemove(@Arg("input", () => DiscountApprovalLimitRemoveInput) input: DiscountApprovalLimitRemoveInput, @Ctx() context: RequestContext): Promise<DiscountApprovalLimitRemovePayload> {
    const result = withRowIds([[input.userId, "User", ["input", "userId"]]], ([userId]) =>
      run(context, "discountApprovalLimitRemove", (uow) => salesSettingsService.removeApprovalLimit(uow, userId!)),
    );
    return respond(new DiscountApprovalLimitRemovePayload(), result, (payload) => {
      payload.removedUserId = input.userId;
    });
  }
}
