import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { respond, run, withRowIds } from "../../../core/contacts/mutation";
import { userOf } from "../../../core/contacts/ownership.loader";
import type { ServiceResult } from "../../../core/contacts/service-result";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { storedFile } from "../../../core/files/stored-files.loader";
import { StoredFile } from "../../../core/files/stored-file.entity";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { User } from "../../../core/identity/identity.entities";
import { Opportunity } from "../entities/opportunity.entity";
import { Order } from "../entities/order.entity";
import { Quote, QuoteLine, QuoteStatus } from "../entities/quote.entity";
import { QUOTES_READ, QUOTE_ORDER, orderOfQuote, quoteLinesOf, quotesOfOpportunity } from "../loaders/quotes.loader";
import type { SfaPermission } from "../permissions";
import { quoteSendService } from "../services/quote-send.service";
import { quotesService } from "../services/quotes.service";
import { PricedLineFields } from "./line-item.resolver";
import { SalesDocumentFields } from "./quote-order-fields.resolver";
import {
  QuoteAcceptPayload,
  QuoteConnection,
  QuoteCreateInput,
  QuoteFilter,
  QuoteIdInput,
  QuotePayload,
  QuoteRejectInput,
  QuoteReviseInput,
  QuoteSendInput,
} from "./quote.types";

const WRITE: SfaPermission = "sfa.quotes.write";
const APPROVE: SfaPermission = "sfa.quotes.approve";

const filled = (payload: QuotePayload, { record }: { record: Quote }) => {
  payload.quote = record;
};

/** The quote id of an input, decoded, then the service's work in one transaction. */
function onQuote<E extends object>(context: RequestContext, operation: string, globalId: string, work: (uow: UnitOfWork, id: string) => Promise<ServiceResult<Quote, E>>) {
  return withRowIds([[globalId, "Quote", ["input", "id"]]], ([id]) => run(context, operation, (uow) => work(uow, id!)));
}

@Resolver(() => Quote)
export class QuoteResolver extends SalesDocumentFields(Quote) {
  @Authorized(QUOTES_READ)
  @Query(() => QuoteConnection, { description: "Quotes you may see (those of deals you may see), newest first." })
  quotes(
    @Arg("filter", () => QuoteFilter, { nullable: true }) filter: QuoteFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Quote>> {
    const query = requireTenant(context).query(Quote, "q");
    const { opportunityId, accountId, statuses, number } = filter ?? {};
    if (opportunityId) query.andWhere("q.opportunityId = :opportunityId", { opportunityId: fromGlobalId(opportunityId, "Opportunity").rowId });
    if (accountId) query.andWhere("q.accountId = :accountId", { accountId: fromGlobalId(accountId, "Account").rowId });
    if (number) query.andWhere("q.number = :number", { number: number.trim().toUpperCase() });
    if (statuses) query.andWhere(statuses.length > 0 ? "q.status IN (:...statuses)" : "1 = 0", { statuses });
    else if (!number) query.andWhere("q.status <> :superseded", { superseded: QuoteStatus.SUPERSEDED });
    return paginate(query, args, QUOTE_ORDER);
  }

  @FieldResolver(() => [QuoteLine])
  lines(@Root() quote: Quote, @Ctx() context: RequestContext): Promise<QuoteLine[]> {
    return quoteLinesOf(context, quote.id);
  }

  @FieldResolver(() => StoredFile, { nullable: true, description: "The version's PDF (download it at `downloadUrl`); null until rendered, which follows creation or approval." })
  async pdf(@Root() quote: Quote, @Ctx() context: RequestContext): Promise<StoredFile | null> {
    const file = await storedFile(context, quote.pdfFileId);
    return file && context.principal && context.services.files.canRead(context.principal, file) ? file : null;
  }

  @FieldResolver(() => User, { nullable: true })
  approvedBy(@Root() quote: Quote, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, quote.approvedById);
  }

  @FieldResolver(() => Order, { nullable: true, description: "The order made when the customer accepted it." })
  order(@Root() quote: Quote, @Ctx() context: RequestContext): Promise<Order | null> {
    return orderOfQuote(context, quote.id);
  }

  @Authorized(WRITE)
  @Mutation(() => QuotePayload, {
    description:
      "Makes a quote from an opportunity's line items (or the lines given), each priced now in the opportunity's currency and segment. It is PENDING_APPROVAL when a discount is above the tenant's threshold, else DRAFT.",
  })
  quoteCreate(@Arg("input", () => QuoteCreateInput) input: QuoteCreateInput, @Ctx() context: RequestContext): Promise<QuotePayload> {
    return respond(new QuotePayload(), run(context, "quoteCreate", (uow) => quotesService.create(uow, context.services.pricing, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => QuotePayload, { description: "Makes the next version of a quote (same number), priced now; the version revised becomes SUPERSEDED." })
  quoteRevise(@Arg("input", () => QuoteReviseInput) input: QuoteReviseInput, @Ctx() context: RequestContext): Promise<QuotePayload> {
    return respond(new QuotePayload(), onQuote(context, "quoteRevise", input.id, (uow, id) => quotesService.revise(uow, context.services.pricing, id, input)), filled);
  }

  @Authorized(APPROVE)
  @Mutation(() => QuotePayload, { description: "Approves a quote's discount, if your approval limit covers its largest one (administrators: any). Not your own quotes." })
  quoteApprove(@Arg("input", () => QuoteIdInput) input: QuoteIdInput, @Ctx() context: RequestContext): Promise<QuotePayload> {
    const principal = context.principal!;
    const approver = { userId: principal.kind === "staff" ? principal.id : null, admin: principal.admin };
    return respond(new QuotePayload(), onQuote(context, "quoteApprove", input.id, (uow, id) => quotesService.approve(uow, id, approver)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => QuotePayload, {
    description:
      "Emails the quote with its PDF to its recipient, once the contact policy allows it (now, or later: see sendScheduledAt). Only DRAFT and APPROVED quotes go; follow sendStatus.",
  })
  quoteSend(@Arg("input", () => QuoteSendInput) input: QuoteSendInput, @Ctx() context: RequestContext): Promise<QuotePayload> {
    return respond(new QuotePayload(), onQuote(context, "quoteSend", input.id, (uow, id) => quoteSendService.request(uow, context.services.contactPolicy, id, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => QuoteAcceptPayload, { description: "Records the customer's acceptance of the latest, still valid version, and makes its order." })
  quoteAccept(@Arg("input", () => QuoteIdInput) input: QuoteIdInput, @Ctx() context: RequestContext): Promise<QuoteAcceptPayload> {
    return respond(new QuoteAcceptPayload(), onQuote(context, "quoteAccept", input.id, (uow, id) => quotesService.accept(uow, id)), (payload, { record, order }) => {
      Object.assign(payload, { quote: record, order });
    });
  }

  @Authorized(WRITE)
  @Mutation(() => QuotePayload, { description: "Records that the customer turned the quote down, and why." })
  quoteReject(@Arg("input", () => QuoteRejectInput) input: QuoteRejectInput, @Ctx() context: RequestContext): Promise<QuotePayload> {
    return respond(new QuotePayload(), onQuote(context, "quoteReject", input.id, (uow, id) => quotesService.reject(uow, id, input)), filled);
  }
}

@Resolver(() => QuoteLine)
export class QuoteLineResolver extends PricedLineFields(QuoteLine) {}

/** `Opportunity.quotes`. */
@Resolver(() => Opportunity)
export class OpportunityQuotesResolver {
  @Authorized(QUOTES_READ)
  @FieldResolver(() => QuoteConnection, { nullable: true, description: "The deal's quotes (latest versions), newest first." })
  quotes(@Root() opportunity: Opportunity, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Quote>> {
    return quotesOfOpportunity(context, opportunity.id, args);
  }
}
