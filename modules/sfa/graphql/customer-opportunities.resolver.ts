import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Account } from "../../../core/accounts/account.entity";
import { Contact } from "../../../core/contacts/contact.entity";
import { Customer360 } from "../../../core/customer360/customer-360.types";
import type { RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, type ConnectionResult } from "../../../core/graphql/relay/connection";
import type { Opportunity } from "../entities/opportunity.entity";
import { opportunitiesOfAccount, opportunitiesOfContact } from "../loaders/opportunities.loader";
import type { SfaPermission } from "../permissions";
import { OpportunityConnection } from "./opportunity.types";

const READ: SfaPermission = "sfa.opportunities.read";

/** `Account.opportunities`: in the schema only while the sales module is. */
@Resolver(() => Account)
export class AccountOpportunitiesResolver {
  @Authorized(READ)
  @FieldResolver(() => OpportunityConnection, { nullable: true, description: "The account's opportunities you may see, soonest expected close first." })
  opportunities(@Root() account: Account, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Opportunity>> {
    return opportunitiesOfAccount(context, account.id, args);
  }
}

@Resolver(() => Contact)
export class ContactOpportunitiesResolver {
  @Authorized(READ)
  @FieldResolver(() => OpportunityConnection, { nullable: true, description: "Deals the person plays a part in that you may see, soonest expected close first." })
  opportunities(@Root() contact: Contact, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Opportunity>> {
    return opportunitiesOfContact(context, contact.id, args);
  }
}

/** The sales section of the customer-360 screen. */
@Resolver(() => Customer360)
export class Customer360OpportunitiesResolver {
  @Authorized(READ)
  @FieldResolver(() => OpportunityConnection, { nullable: true, description: "The person's deals, soonest expected close first." })
  opportunities(@Root() customer: Customer360, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Opportunity>> {
    return opportunitiesOfContact(context, customer.contact.id, args);
  }
}
