import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { Account } from "../../../core/accounts/account.entity";
import { accountLoader } from "../../../core/accounts/account.loader";
import { Contact } from "../../../core/contacts/contact.entity";
import { contactLoader } from "../../../core/contacts/contact.loader";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import type { ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { teamOf, userOf } from "../../../core/contacts/ownership.loader";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { Team, User } from "../../../core/identity/identity.entities";
import { Money, money } from "../../../core/money/money";
import { Opportunity, OpportunityContact, OpportunityStageChange } from "../entities/opportunity.entity";
import { Pipeline, PipelineStage } from "../entities/pipeline.entity";
import {
  OPPORTUNITY_ORDER,
  contactRolesOfOpportunity,
  pipelineLoader,
  stageHistoryOf,
  stageLoader,
} from "../loaders/opportunities.loader";
import type { SfaPermission } from "../permissions";
import { opportunitiesService } from "../services/opportunities.service";
import {
  OpportunityConnection,
  OpportunityContactRemoveInput,
  OpportunityContactSetInput,
  OpportunityCreateInput,
  OpportunityFilter,
  OpportunityMarkLostInput,
  OpportunityMarkWonInput,
  OpportunityMoveInput,
  OpportunityPayload,
  OpportunityUpdateInput,
} from "./opportunity.types";

const READ: SfaPermission = "sfa.opportunities.read";
const WRITE: SfaPermission = "sfa.opportunities.write";

function applyFilter(query: SelectQueryBuilder<Opportunity>, filter: OpportunityFilter): void {
  const rowId = (globalId: string, type: string) => fromGlobalId(globalId, type).rowId;
  if (filter.ownerId) query.andWhere("o.ownerId = :ownerId", { ownerId: rowId(filter.ownerId, "User") });
  if (filter.accountId) query.andWhere("o.accountId = :accountId", { accountId: rowId(filter.accountId, "Account") });
  if (filter.pipelineId) query.andWhere("o.pipelineId = :pipelineId", { pipelineId: rowId(filter.pipelineId, "Pipeline") });
  if (filter.stageId) query.andWhere("o.stageId = :stageId", { stageId: rowId(filter.stageId, "PipelineStage") });
  if (filter.status) query.andWhere("o.status = :status", { status: filter.status });
  if (filter.closingFrom) query.andWhere("o.expectedCloseDate >= :closingFrom", { closingFrom: filter.closingFrom });
  if (filter.closingTo) query.andWhere("o.expectedCloseDate <= :closingTo", { closingTo: filter.closingTo });
}

const filled = (payload: OpportunityPayload, { record }: { record: Opportunity }) => {
  payload.opportunity = record;
};

/** The opportunity id of an input, decoded, then the service's work in one transaction. */
function onOpportunity(
  context: RequestContext,
  operation: string,
  globalId: string,
  field: string,
  work: (uow: UnitOfWork, id: string) => Promise<ServiceResult<Opportunity>>,
): Promise<OpportunityPayload> {
  const result = withRowIds([[globalId, "Opportunity", ["input", field]]], ([id]) => run(context, operation, (uow) => work(uow, id!)));
  return respond(new OpportunityPayload(), result, filled);
}

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Authorized(READ)
  @Query(() => OpportunityConnection, { description: "Opportunities you may see, soonest expected close first." })
  opportunities(
    @Arg("filter", () => OpportunityFilter, { nullable: true }) filter: OpportunityFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Opportunity>> {
    const query = requireTenant(context).query(Opportunity, "o");
    applyFilter(query, filter ?? {});
    return paginate(query, args, OPPORTUNITY_ORDER);
  }

  @FieldResolver(() => Account, { nullable: true, description: "Null if you may not see the account." })
  account(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<Account | null> {
    return accountLoader(context).load(opportunity.accountId);
  }

  @FieldResolver(() => User, { nullable: true })
  owner(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, opportunity.ownerId);
  }

  @FieldResolver(() => Team, { nullable: true })
  team(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<Team | null> {
    return teamOf(context, opportunity.teamId);
  }

  @FieldResolver(() => Pipeline)
  async pipeline(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<Pipeline> {
    return (await pipelineLoader(context).load(opportunity.pipelineId))!;
  }

  @FieldResolver(() => PipelineStage)
  async stage(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<PipelineStage> {
    return (await stageLoader(context).load(opportunity.stageId))!;
  }

  @FieldResolver(() => Money, { nullable: true, description: "Null until the deal is sized." })
  amount(@Root() opportunity: Opportunity): Money | null {
    return money(opportunity.amount, opportunity.currency);
  }

  @FieldResolver(() => Money, { nullable: true, description: "Amount × probability, rounded to the minor unit: what the deal adds to a weighted forecast." })
  weightedAmount(@Root() opportunity: Opportunity): Money | null {
    return money(opportunity.amount === null ? null : Math.round((opportunity.amount * opportunity.probability) / 100), opportunity.currency);
  }

  @FieldResolver(() => [OpportunityContact], { description: "The people in the deal and their roles, primary first." })
  contacts(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<OpportunityContact[]> {
    return contactRolesOfOpportunity(context, opportunity.id);
  }

  @FieldResolver(() => [OpportunityStageChange], { description: "Every stage the deal entered, oldest first, with the time spent in the one before." })
  stageHistory(@Root() opportunity: Opportunity, @Ctx() context: RequestContext): Promise<OpportunityStageChange[]> {
    return stageHistoryOf(context, opportunity.id);
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Opens a deal with an account, in the default pipeline's first stage unless told otherwise." })
  opportunityCreate(@Arg("input", () => OpportunityCreateInput) input: OpportunityCreateInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return respond(new OpportunityPayload(), run(context, "opportunityCreate", (uow) => opportunitiesService.create(uow, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Changes the fields given; null clears a field. The stage moves only with opportunityMove." })
  opportunityUpdate(@Arg("input", () => OpportunityUpdateInput) input: OpportunityUpdateInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return onOpportunity(context, "opportunityUpdate", input.id, "id", (uow, id) => opportunitiesService.update(uow, id, input));
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Moves the deal to a stage of its pipeline, if it has what the stage requires; WON and LOST stages close it." })
  opportunityMove(@Arg("input", () => OpportunityMoveInput) input: OpportunityMoveInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return onOpportunity(context, "opportunityMove", input.id, "id", (uow, id) => opportunitiesService.move(uow, id, input.stageId, input.lostReason));
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Moves the deal to its pipeline's WON stage; it needs an amount." })
  opportunityMarkWon(@Arg("input", () => OpportunityMarkWonInput) input: OpportunityMarkWonInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return onOpportunity(context, "opportunityMarkWon", input.id, "id", (uow, id) => opportunitiesService.markWon(uow, id, input.amount));
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Moves the deal to its pipeline's LOST stage, with the reason." })
  opportunityMarkLost(@Arg("input", () => OpportunityMarkLostInput) input: OpportunityMarkLostInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return onOpportunity(context, "opportunityMarkLost", input.id, "id", (uow, id) => opportunitiesService.markLost(uow, id, input.lostReason));
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Puts a contact on the deal with a role, or changes their role." })
  opportunityContactSet(@Arg("input", () => OpportunityContactSetInput) input: OpportunityContactSetInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    return onOpportunity(context, "opportunityContactSet", input.opportunityId, "opportunityId", (uow, id) => opportunitiesService.setContact(uow, id, input));
  }

  @Authorized(WRITE)
  @Mutation(() => OpportunityPayload, { description: "Takes a contact off the deal, unless its stage requires them." })
  opportunityContactRemove(@Arg("input", () => OpportunityContactRemoveInput) input: OpportunityContactRemoveInput, @Ctx() context: RequestContext): Promise<OpportunityPayload> {
    const ids = withRowIds(
      [
        [input.opportunityId, "Opportunity", ["input", "opportunityId"]],
        [input.contactId, "Contact", ["input", "contactId"]],
      ],
      ([opportunityId, contactId]) => run(context, "opportunityContactRemove", (uow) => opportunitiesService.removeContact(uow, opportunityId!, contactId!)),
    );
    return respond(new OpportunityPayload(), ids, filled);
  }
}

@Resolver(() => OpportunityContact)
export class OpportunityContactResolver {
  @FieldResolver(() => Contact, { nullable: true, description: "Null if you may not see the contact." })
  contact(@Root() link: OpportunityContact, @Ctx() context: RequestContext): Promise<Contact | null> {
    return contactLoader(context).load(link.contactId);
  }
}

@Resolver(() => OpportunityStageChange)
export class OpportunityStageChangeResolver {
  @FieldResolver(() => PipelineStage, { nullable: true, description: "Null for the stage the deal was created in." })
  fromStage(@Root() change: OpportunityStageChange, @Ctx() context: RequestContext): Promise<PipelineStage | null> {
    return change.fromStageId ? stageLoader(context).load(change.fromStageId) : Promise.resolve(null);
  }

  @FieldResolver(() => PipelineStage)
  async toStage(@Root() change: OpportunityStageChange, @Ctx() context: RequestContext): Promise<PipelineStage> {
    return (await stageLoader(context).load(change.toStageId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who moved it; null for system work." })
  changedBy(@Root() change: OpportunityStageChange, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, change.changedById);
  }
}
