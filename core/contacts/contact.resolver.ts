import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import { accountLoader } from "../accounts/account.loader";
import { Account } from "../accounts/account.entity";
import { requireTenant, type RequestContext } from "../graphql/context";
import { ErrorCode, clientError } from "../graphql/errors";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { fromGlobalId } from "../graphql/relay/global-id";
import { Team, User } from "../identity/identity.entities";
import type { CorePermission } from "../identity/permissions";
import { tagsOf, whereTagged } from "../tagging/tags.service";
import { ContactPoint, ContactPointKind } from "./contact-point.entity";
import { Contact } from "./contact.entity";
import { CONTACT_ORDER, accountLinksOf, contactPointsOf } from "./contact.loader";
import {
  ContactAccountLink,
  ContactConnection,
  ContactCreateInput,
  ContactFilter,
  ContactLinkAccountInput,
  ContactMergeInput,
  ContactMergePayload,
  ContactPayload,
  ContactPointAddInput,
  ContactPointPayload,
  ContactPointRemoveInput,
  ContactPointRemovePayload,
  ContactPointUpdateInput,
  ContactUnlinkAccountInput,
  ContactUpdateInput,
} from "./contact.types";
import { liveContacts } from "./contact.queries";
import { contactsService, whereHasPoint } from "./contacts.service";
import { whereMatches } from "./full-text";
import { MergeService } from "./merge.service";
import { mergeIds, respond, run, withRowIds } from "./mutation";
import { normalizeEmail, normalizePhone, type Normalized } from "./normalize";
import { teamOf, userOf } from "./ownership.loader";
import { prefixPattern } from "./service-result";

const READ: CorePermission = "contacts.read";
const WRITE: CorePermission = "contacts.write";

/** A filter value that does not normalise can match nothing, and is most likely a mistake: say so. */
function normalizedFilter(argument: string, normalized: Normalized): string {
  if (!normalized.ok) throw clientError(ErrorCode.BAD_USER_INPUT, normalized.message, { argument: `filter.${argument}` });
  return normalized.value;
}

function applyFilter(query: SelectQueryBuilder<Contact>, filter: ContactFilter): void {
  if (filter.name) {
    query.andWhere("(c.lastName LIKE :namePrefix OR c.firstName LIKE :namePrefix OR CONCAT(c.firstName, ' ', c.lastName) LIKE :namePrefix)", {
      namePrefix: prefixPattern(filter.name),
    });
  }
  if (filter.email) whereHasPoint(query, "EMAIL", normalizedFilter("email", normalizeEmail(filter.email)));
  if (filter.phone) whereHasPoint(query, "PHONE", normalizedFilter("phone", normalizePhone(filter.phone)));
  if (filter.tag) whereTagged(query, "c", "Contact", filter.tag);
  if (filter.ownerId) query.andWhere("c.ownerId = :ownerId", { ownerId: fromGlobalId(filter.ownerId, "User").rowId });
  if (filter.accountId) {
    query.andWhere("c.id IN (SELECT fl.contact_id FROM account_contact fl WHERE fl.tenant_id = c.tenant_id AND fl.account_id = :accountId)", {
      accountId: fromGlobalId(filter.accountId, "Account").rowId,
    });
  }
  if (filter.search) whereMatches(query, ["c.firstName", "c.lastName", "c.primaryEmail"], filter.search);
}

function filled(payload: ContactPayload, result: { record: Contact; duplicates: ContactPayload["duplicates"] }): void {
  payload.contact = result.record;
  payload.duplicates = result.duplicates;
}

@Resolver(() => Contact)
export class ContactResolver {
  @Authorized(READ)
  @Query(() => ContactConnection, { description: "Your contacts by last name, first name." })
  contacts(
    @Arg("filter", () => ContactFilter, { nullable: true }) filter: ContactFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Contact>> {
    const query = liveContacts(requireTenant(context));
    applyFilter(query, filter ?? {});
    return paginate(query, args, CONTACT_ORDER);
  }

  @FieldResolver(() => User, { nullable: true })
  owner(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, contact.ownerId);
  }

  @FieldResolver(() => Team, { nullable: true })
  team(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<Team | null> {
    return teamOf(context, contact.teamId);
  }

  @FieldResolver(() => [String])
  tags(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<string[]> {
    return tagsOf(context, "Contact", contact.id);
  }

  @FieldResolver(() => [ContactPoint], { description: "Oldest first; exactly one of each kind is primary." })
  async contactPoints(
    @Root() contact: Contact,
    @Arg("kind", () => ContactPointKind, { nullable: true }) kind: ContactPointKind | null | undefined,
    @Ctx() context: RequestContext,
  ): Promise<ContactPoint[]> {
    const points = await contactPointsOf(context, contact.id);
    return kind ? points.filter((point) => point.kind === kind) : points;
  }

  @Authorized("accounts.read")
  @FieldResolver(() => [ContactAccountLink], { nullable: true, description: "The accounts you may see that the person is linked to, primary first." })
  async accounts(@Root() contact: Contact, @Ctx() context: RequestContext): Promise<ContactAccountLink[]> {
    const links = await accountLinksOf(context, contact.id);
    const accounts = await accountLoader(context).loadMany(links.map((link) => link.accountId));
    return links.flatMap((link, index) => {
      const account = accounts[index];
      return account instanceof Account ? [Object.assign(new ContactAccountLink(), { account, role: link.role, isPrimary: link.isPrimary })] : [];
    });
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPayload, { description: "Creates a contact with its contact points and account links, owned by you unless you name an owner." })
  contactCreate(@Arg("input", () => ContactCreateInput) input: ContactCreateInput, @Ctx() context: RequestContext): Promise<ContactPayload> {
    return respond(new ContactPayload(), run(context, "contactCreate", (uow) => contactsService.createContact(uow, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPayload, { description: "Changes the fields given; null clears a field." })
  contactUpdate(@Arg("input", () => ContactUpdateInput) input: ContactUpdateInput, @Ctx() context: RequestContext): Promise<ContactPayload> {
    const result = withRowIds([[input.id, "Contact", ["input", "id"]]], ([id]) => run(context, "contactUpdate", (uow) => contactsService.updateContact(uow, id!, input)));
    return respond(new ContactPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPointPayload, { description: "Adds a way to reach the contact; the first of a kind becomes primary." })
  contactPointAdd(@Arg("input", () => ContactPointAddInput) input: ContactPointAddInput, @Ctx() context: RequestContext): Promise<ContactPointPayload> {
    const result = withRowIds([[input.contactId, "Contact", ["input", "contactId"]]], ([contactId]) =>
      run(context, "contactPointAdd", (uow) => contactsService.addContactPoint(uow, contactId!, input)),
    );
    return respond(new ContactPointPayload(), result, (payload, { record, contact, duplicates }) => Object.assign(payload, { contactPoint: record, contact, duplicates }));
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPointPayload, {
    description: "Changes a contact point. isPrimary: true makes it the primary of its kind; false hands that to the next oldest, if there is one.",
  })
  contactPointUpdate(@Arg("input", () => ContactPointUpdateInput) input: ContactPointUpdateInput, @Ctx() context: RequestContext): Promise<ContactPointPayload> {
    const result = withRowIds([[input.id, "ContactPoint", ["input", "id"]]], ([id]) =>
      run(context, "contactPointUpdate", (uow) => contactsService.updateContactPoint(uow, id!, input)),
    );
    return respond(new ContactPointPayload(), result, (payload, { record, contact, duplicates }) => Object.assign(payload, { contactPoint: record, contact, duplicates }));
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPointRemovePayload, { description: "Removes a contact point; if it was primary, the next oldest of its kind becomes primary." })
  contactPointRemove(@Arg("input", () => ContactPointRemoveInput) input: ContactPointRemoveInput, @Ctx() context: RequestContext): Promise<ContactPointRemovePayload> {
    const result = withRowIds([[input.id, "ContactPoint", ["input", "id"]]], ([id]) => run(context, "contactPointRemove", (uow) => contactsService.removeContactPoint(uow, id!)));
    return respond(new ContactPointRemovePayload(), result, (payload, { record, removedId }) => Object.assign(payload, { contact: record, removedId }));
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPayload, { description: "Links the contact to an account, or changes the role or primacy of the link." })
  contactLinkAccount(@Arg("input", () => ContactLinkAccountInput) input: ContactLinkAccountInput, @Ctx() context: RequestContext): Promise<ContactPayload> {
    const result = withRowIds([[input.contactId, "Contact", ["input", "contactId"]]], ([contactId]) =>
      run(context, "contactLinkAccount", (uow) => contactsService.linkAccount(uow, contactId!, input)),
    );
    return respond(new ContactPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ContactPayload, { description: "Removes the contact's link to an account; another link becomes primary if that one was." })
  contactUnlinkAccount(@Arg("input", () => ContactUnlinkAccountInput) input: ContactUnlinkAccountInput, @Ctx() context: RequestContext): Promise<ContactPayload> {
    const result = withRowIds([[input.contactId, "Contact", ["input", "contactId"]]], ([contactId]) =>
      run(context, "contactUnlinkAccount", (uow) => contactsService.unlinkAccount(uow, contactId!, input.accountId)),
    );
    return respond(new ContactPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => ContactMergePayload, {
    description: "Moves everything of the merged contact (points, accounts, tags, interactions, consent, module records) to the survivor, in one transaction.",
  })
  contactMerge(@Arg("input", () => ContactMergeInput) input: ContactMergeInput, @Ctx() context: RequestContext): Promise<ContactMergePayload> {
    const result = withRowIds(mergeIds(input, "Contact"), ([survivorId, mergedId]) =>
      run(context, "contactMerge", (uow) => new MergeService(context.services.modules.active).mergeContacts(uow, { survivorId: survivorId!, mergedId: mergedId! })),
    );
    return respond(new ContactMergePayload(), result, (payload, { record }) => Object.assign(payload, { contact: record, mergedId: input.mergedId }));
  }
}
