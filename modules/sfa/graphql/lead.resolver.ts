import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { Account } from "../../../core/accounts/account.entity";
import { accountLoader } from "../../../core/accounts/account.loader";
import { Contact } from "../../../core/contacts/contact.entity";
import { contactLoader } from "../../../core/contacts/contact.loader";
import { whereMatches } from "../../../core/contacts/full-text";
import { respond, withRowIds } from "../../../core/contacts/mutation";
import { userOf } from "../../../core/contacts/ownership.loader";
import { failed, type ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { requireTenant, workOf, type RequestContext } from "../../../core/graphql/context";
import type { UserError } from "../../../core/graphql/payload";
import { ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { User } from "../../../core/identity/identity.entities";
import { money } from "../../../core/money/money";
import { LeadAssignmentRule } from "../entities/lead-assignment-rule.entity";
import { Lead } from "../entities/lead.entity";
import { Opportunity } from "../entities/opportunity.entity";
import { assignmentRuleLoader, LEAD_ORDER } from "../loaders/leads.loader";
import { opportunityLoader } from "../loaders/opportunities.loader";
import type { SfaPermission } from "../permissions";
import { leadConversionService } from "../services/lead-conversion.service";
import { missingBant } from "../services/lead-rules";
import { leadsService, type LeadWork } from "../services/leads.service";
import {
  LeadAssignInput,
  LeadConnection,
  LeadConvertInput,
  LeadConvertPayload,
  LeadCreateInput,
  LeadDisqualifyInput,
  LeadFilter,
  LeadPayload,
  LeadQualification,
  LeadQualifyInput,
  LeadUpdateInput,
} from "./lead.types";

const READ: SfaPermission = "sfa.leads.read";
const WRITE: SfaPermission = "sfa.leads.write";

function applyFilter(query: SelectQueryBuilder<Lead>, filter: LeadFilter): void {
  if (filter.status?.length) query.andWhere("l.status IN (:...statuses)", { statuses: filter.status });
  if (filter.ownerId) query.andWhere("l.ownerId = :ownerId", { ownerId: fromGlobalId(filter.ownerId, "User").rowId });
  if (filter.unassigned != null) query.andWhere(filter.unassigned ? "l.ownerId IS NULL" : "l.ownerId IS NOT NULL");
  if (filter.source) query.andWhere("l.source = :source", { source: filter.source });
  if (filter.overdue) {
    query.andWhere("l.respondBy <= :now", { now: new Date() });
  }
  if (filter.search) whereMatches(query, ["l.firstName", "l.lastName", "l.email", "l.company"], filter.search);
}

/** Rolls the whole mutation back when the service refused, so no part of a multi-part write survives it. */
class Refused extends Error {
  constructor(readonly errors: UserError[]) {
    super("refused");
  }
}

/**
 * The lead mutation's work on the lead named by `globalId`, in one transaction. A refusal rolls
 * the transaction back entirely: a conversion's account and contact (and their events) are
 * undone with it even where a service wrote them before a later part said no.
 */
async function onLead<T, E extends object>(
  context: RequestContext,
  operation: string,
  globalId: string,
  work: (lead: LeadWork, id: string) => Promise<ServiceResult<T, E>>,
): Promise<ServiceResult<T, E>> {
  return withRowIds([[globalId, "Lead", ["input", "id"]]], async ([id]) => {
    try {
      return await context.services.transactions.run(workOf(context, operation), async (uow: UnitOfWork) => {
        const result = await work({ uow, services: context.services }, id!);
        if (failed(result)) throw new Refused(result.errors);
        return result;
      });
    } catch (error) {
      if (error instanceof Refused) return { errors: error.errors };
      throw error;
    }
  });
}

const filled = (payload: LeadPayload, { record }: { record: Lead }) => {
  payload.lead = record;
};

@Resolver(() => Lead)
export class LeadResolver {
  @Authorized(READ)
  @Query(() => LeadConnection, { description: "Leads you may see, newest first." })
  leads(
    @Arg("filter", () => LeadFilter, { nullable: true }) filter: LeadFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Lead>> {
    const query = requireTenant(context).query(Lead, "l");
    applyFilter(query, filter ?? {});
    return paginate(query, args, LEAD_ORDER);
  }

  @FieldResolver(() => User, { nullable: true, description: "The rep the lead is assigned to; null while unassigned." })
  owner(@Root() lead: Lead, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, lead.ownerId);
  }

  @FieldResolver(() => LeadAssignmentRule, { nullable: true, description: "The rule that assigned the current owner; null when assigned by hand." })
  assignmentRule(@Root() lead: Lead, @Ctx() context: RequestContext): Promise<LeadAssignmentRule | null> {
    return lead.assignmentRuleId ? assignmentRuleLoader(context).load(lead.assignmentRuleId) : Promise.resolve(null);
  }

  @FieldResolver(() => LeadQualification)
  qualification(@Root() lead: Lead): LeadQualification {
    return Object.assign(new LeadQualification(), {
      budget: lead.budget,
      budgetAmount: lead.budgetCurrency ? money(lead.budgetAmount, lead.budgetCurrency) : null,
      authority: lead.authority,
      need: lead.need,
      timeline: lead.timeline,
      missing: missingBant(lead),
    });
  }

  @FieldResolver(() => Account, { nullable: true, description: "The account the lead was converted into, if you may see it." })
  convertedAccount(@Root() lead: Lead, @Ctx() context: RequestContext): Promise<Account | null> {
    return lead.convertedAccountId ? accountLoader(context).load(lead.convertedAccountId) : Promise.resolve(null);
  }

  @FieldResolver(() => Contact, { nullable: true, description: "The contact the lead was converted into, if you may see it." })
  convertedContact(@Root() lead: Lead, @Ctx() context: RequestContext): Promise<Contact | null> {
    return lead.convertedContactId ? contactLoader(context).load(lead.convertedContactId) : Promise.resolve(null);
  }

  @FieldResolver(() => Opportunity, { nullable: true, description: "The opportunity opened with the conversion, if any and if you may see it." })
  convertedOpportunity(@Root() lead: Lead, @Ctx() context: RequestContext): Promise<Opportunity | null> {
    return lead.convertedOpportunityId ? opportunityLoader(context).load(lead.convertedOpportunityId) : Promise.resolve(null);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadPayload, {
    description: "Captures a lead. The first matching assignment rule assigns it unless `ownerId` is given; when no rule takes it, you own it.",
  })
  leadCreate(@Arg("input", () => LeadCreateInput) input: LeadCreateInput, @Ctx() context: RequestContext): Promise<LeadPayload> {
    const result = context.services.transactions.run(workOf(context, "leadCreate"), (uow) =>
      leadsService.capture({ uow, services: context.services }, input, { creatorOwnsUnrouted: true }),
    );
    return respond(new LeadPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadPayload, { description: "Changes the fields given; null clears. A change by the owner is their first action on the lead." })
  leadUpdate(@Arg("input", () => LeadUpdateInput) input: LeadUpdateInput, @Ctx() context: RequestContext): Promise<LeadPayload> {
    return respond(new LeadPayload(), onLead(context, "leadUpdate", input.id, (work, id) => leadsService.update(work, id, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadPayload, { description: "Records the qualification given, then marks the lead QUALIFIED if budget, authority, need and timeline are all known." })
  leadQualify(@Arg("input", () => LeadQualifyInput) input: LeadQualifyInput, @Ctx() context: RequestContext): Promise<LeadPayload> {
    return respond(new LeadPayload(), onLead(context, "leadQualify", input.id, (work, id) => leadsService.qualify(work, id, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadPayload, { description: "Marks the lead DISQUALIFIED, with the reason." })
  leadDisqualify(@Arg("input", () => LeadDisqualifyInput) input: LeadDisqualifyInput, @Ctx() context: RequestContext): Promise<LeadPayload> {
    return respond(new LeadPayload(), onLead(context, "leadDisqualify", input.id, (work, id) => leadsService.disqualify(work, id, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadPayload, { description: "Gives the lead to a user, or routes it again by the assignment rules when no owner is named." })
  leadAssign(@Arg("input", () => LeadAssignInput) input: LeadAssignInput, @Ctx() context: RequestContext): Promise<LeadPayload> {
    return respond(new LeadPayload(), onLead(context, "leadAssign", input.id, (work, id) => leadsService.assign(work, id, input.ownerId)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => LeadConvertPayload, {
    description: "Turns the lead into an account, a contact and optionally an opportunity, all in one transaction: if any part is refused, nothing is written.",
  })
  leadConvert(@Arg("input", () => LeadConvertInput) input: LeadConvertInput, @Ctx() context: RequestContext): Promise<LeadConvertPayload> {
    return respond(new LeadConvertPayload(), onLead(context, "leadConvert", input.id, (work, id) => leadConversionService.convert(work, id, input)), (payload, result) => {
      Object.assign(payload, { lead: result.record, account: result.account, contact: result.contact, opportunity: result.opportunity });
    });
  }
}
