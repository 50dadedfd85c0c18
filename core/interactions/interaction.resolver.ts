import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from "type-graphql";
import { Account } from "../accounts/account.entity";
import { accountLoader } from "../accounts/account.loader";
import { Contact } from "../contacts/contact.entity";
import { contactLoader } from "../contacts/contact.loader";
import { userOf } from "../contacts/ownership.loader";
import { scopedLoader } from "../graphql/batch";
import { requireTenant, workOf, type RequestContext } from "../graphql/context";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { ConnectionArgs, type ConnectionResult } from "../graphql/relay/connection";
import { fromGlobalId, rowIdOf, rowIdsOf } from "../graphql/relay/global-id";
import { User } from "../identity/identity.entities";
import type { CorePermission } from "../identity/permissions";
import { Interaction } from "./interaction.entity";
import { InteractionConnection, InteractionParticipantView, InteractionRecordInput, InteractionRecordPayload, TimelineFilterInput } from "./interaction.types";
import { participantsOf } from "./participants.loader";
import { TimelineInputError, participantKey, type ParticipantKey, type TimelineEntry, type TimelineOf } from "./timeline.service";

export const INTERACTIONS_READ: CorePermission = "interactions.read";
export const INTERACTIONS_WRITE: CorePermission = "interactions.write";

/** The participant key of a contact's or an account's global id; null for any other id. */
function participantKeyOf(globalId: string): ParticipantKey | null {
  try {
    const { typeName, rowId } = fromGlobalId(globalId);
    if (typeName === "Contact") return participantKey.contact(rowId);
    return typeName === "Account" ? participantKey.account(rowId) : null;
  } catch {
    return null;
  }
}

/** The roles with participant keys; an id of neither a contact nor an account is INVALID. */
function roleKeys(input: InteractionRecordInput): { roles: { participant: ParticipantKey; role: string }[]; errors: UserError[] } {
  const roles: { participant: ParticipantKey; role: string }[] = [];
  const errors: UserError[] = [];
  input.participants.roles.forEach(({ participant, role }, index) => {
    const key = participantKeyOf(participant);
    if (key) roles.push({ participant: key, role });
    else errors.push(userError(["input", "participants", "roles", String(index), "participant"], UserErrorCode.INVALID, `'${participant}' is not the id of a contact or an account.`));
  });
  return { roles, errors };
}

@Resolver(() => Interaction)
export class InteractionResolver {
  @Authorized(INTERACTIONS_WRITE)
  @Mutation(() => InteractionRecordPayload, { description: "Adds an interaction to the timelines of its contacts and accounts." })
  async interactionRecord(@Arg("input", () => InteractionRecordInput) input: InteractionRecordInput, @Ctx() context: RequestContext): Promise<InteractionRecordPayload> {
    requireTenant(context);
    const payload = new InteractionRecordPayload();
    const contacts = rowIdsOf(input.participants.contactIds, "Contact", ["input", "participants", "contactIds"]);
    const accounts = rowIdsOf(input.participants.accountIds, "Account", ["input", "participants", "accountIds"]);
    const user = input.userId == null ? { rowId: null, errors: [] } : rowIdOf(input.userId, "User", ["input", "userId"]);
    const roles = roleKeys(input);
    payload.userErrors = [
      ...(await validateInput(input)),
      ...contacts.errors,
      ...accounts.errors,
      ...user.errors,
      ...roles.errors,
    ];
    if (payload.userErrors.length > 0) return payload;
    const principal = context.principal;
    const entry: TimelineEntry = {
      channel: input.channel,
      direction: input.direction,
      occurredAt: input.occurredAt ?? new Date(),
      subject: input.subject,
      body: input.body,
      outcome: input.outcome,
      userId: user.rowId ?? (principal?.kind === "staff" ? principal.id : null),
      participants: { contactIds: contacts.rowIds, accountIds: accounts.rowIds, roles: roles.roles },
    };
    try {
      payload.interaction = await context.services.transactions.run(workOf(context, "interactionRecord"), (uow) => context.services.timeline.record(uow, entry));
    } catch (error) {
      if (!(error instanceof TimelineInputError)) throw error;
      payload.userErrors = error.userErrors.map((failure) => userError(["input", ...(failure.field ?? [])], failure.code, failure.message));
    }
    return payload;
  }

  @FieldResolver(() => [InteractionParticipantView], { description: "The contacts, then the accounts, that took part and that you can see." })
  async participants(@Root() interaction: Interaction, @Ctx() context: RequestContext): Promise<InteractionParticipantView[]> {
    const rows = await participantsOf(context, interaction.id);
    const contacts = contactLoader(context);
    const accounts = accountLoader(context);
    const views = await Promise.all(
      rows.map(async (row) =>
        Object.assign(new InteractionParticipantView(), {
          role: row.role,
          contact: row.contactId ? await contacts.load(row.contactId) : null,
          account: row.accountId ? await accounts.load(row.accountId) : null,
        }),
      ),
    );
    return views.filter((view) => view.contact || view.account);
  }

  @FieldResolver(() => User, { nullable: true, description: "The staff user who handled it." })
  user(@Root() interaction: Interaction, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, interaction.userId);
  }
}

const TIMELINE_DESCRIPTION = "Interactions with this customer on every channel, newest first.";

/**
 * A page of a contact's or account's timeline, batched per request and arguments: every contact
 * of a list asking for the same page shares one statement.
 */
export function timelineOf(context: RequestContext, of: TimelineOf, id: string, filter: TimelineFilterInput | null | undefined, args: ConnectionArgs): Promise<ConnectionResult<Interaction>> {
  const { first, after, last, before } = args;
  const key = `core.timeline:${of}:${JSON.stringify([filter?.channels, filter?.from, filter?.to, first, after, last, before])}`;
  return scopedLoader(context, key, async (scope, ids) => {
    const pages = await context.services.timeline.pages(scope, of, ids, filter, args);
    return ids.map((subjectId) => pages.get(subjectId)!);
  }).load(id);
}

@Resolver(() => Contact)
export class ContactTimelineResolver {
  @Authorized(INTERACTIONS_READ)
  @FieldResolver(() => InteractionConnection, { nullable: true, description: TIMELINE_DESCRIPTION })
  timeline(
    @Root() contact: Contact,
    @Arg("filter", () => TimelineFilterInput, { nullable: true }) filter: TimelineFilterInput | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Interaction>> {
    return timelineOf(context, "contact", contact.id, filter, args);
  }
}

@Resolver(() => Account)
export class AccountTimelineResolver {
  @Authorized(INTERACTIONS_READ)
  @FieldResolver(() => InteractionConnection, { nullable: true, description: `${TIMELINE_DESCRIPTION} Only interactions the account itself took part in.` })
  timeline(
    @Root() account: Account,
    @Arg("filter", () => TimelineFilterInput, { nullable: true }) filter: TimelineFilterInput | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Interaction>> {
    return timelineOf(context, "account", account.id, filter, args);
  }
}
