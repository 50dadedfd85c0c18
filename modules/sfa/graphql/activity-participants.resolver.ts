import { Args, Authorized, Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import { Account } from "../../../core/accounts/account.entity";
import { Customer360 } from "../../../core/customer360/customer-360.types";
import { accountLoader } from "../../../core/accounts/account.loader";
import { Contact } from "../../../core/contacts/contact.entity";
import { contactLoader } from "../../../core/contacts/contact.loader";
import type { RequestContext } from "../../../core/graphql/context";
import { ConnectionArgs, type ConnectionResult } from "../../../core/graphql/relay/connection";
import type { Activity } from "../entities/activity.entity";
import { activitiesOfParticipant } from "../loaders/activities-by-participant.loader";
import { activityParticipantsOf } from "../loaders/activity-participants.loader";
import { ACTIVITIES_READ } from "./activity.resolver";
import { ActivityConnection, ActivityParticipants } from "./activity.types";

/** Participants as far as the reader may see contacts and accounts at all, and each of them. */
@Resolver(() => ActivityParticipants)
export class ActivityParticipantsResolver {
  @Authorized("contacts.read")
  @FieldResolver(() => [Contact], { nullable: true })
  async contacts(@Root() participants: ActivityParticipants, @Ctx() context: RequestContext): Promise<Contact[]> {
    const { contactIds } = await activityParticipantsOf(context, participants.activityId);
    return (await contactLoader(context).loadMany(contactIds)).filter((contact) => contact instanceof Contact);
  }

  @Authorized("accounts.read")
  @FieldResolver(() => [Account], { nullable: true })
  async accounts(@Root() participants: ActivityParticipants, @Ctx() context: RequestContext): Promise<Account[]> {
    const { accountIds } = await activityParticipantsOf(context, participants.activityId);
    return (await accountLoader(context).loadMany(accountIds)).filter((account) => account instanceof Account);
  }
}

@Resolver(() => Contact)
export class ContactActivitiesResolver {
  @Authorized(ACTIVITIES_READ)
  @FieldResolver(() => ActivityConnection, { nullable: true, description: "Tasks, calls and meetings the contact takes part in, in due order." })
  activities(@Root() contact: Contact, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Activity>> {
    return activitiesOfParticipant(context, "contact", contact.id, args);
  }
}

/** The calendar section of the customer-360 screen. */
@Resolver(() => Customer360)
export class Customer360ActivitiesResolver {
  @Authorized(ACTIVITIES_READ)
  @FieldResolver(() => ActivityConnection, { nullable: true, description: "The person's tasks, calls and meetings, in due order." })
  activities(@Root() customer: Customer360, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Activity>> {
    return activitiesOfParticipant(context, "contact", customer.contact.id, args);
  }
}

@Resolver(() => Account)
export class AccountActivitiesResolver {
  @Authorized(ACTIVITIES_READ)
  @FieldResolver(() => ActivityConnection, { nullable: true, description: "Tasks, calls and meetings the account takes part in, in due order." })
  activities(@Root() account: Account, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Activity>> {
    return activitiesOfParticipant(context, "account", account.id, args);
  }
}
