import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import type { SelectQueryBuilder } from "typeorm";
import type { Contact } from "../contacts/contact.entity";
import { ContactConnection } from "../contacts/contact.types";
import { contactsOfAccount } from "../contacts/contact.loader";
import { whereMatches } from "../contacts/full-text";
import { MergeService } from "../contacts/merge.service";
import { mergeIds, respond, run, withRowIds } from "../contacts/mutation";
import { teamOf, userOf } from "../contacts/ownership.loader";
import { prefixPattern } from "../contacts/service-result";
import { requireTenant, type RequestContext } from "../graphql/context";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { fromGlobalId } from "../graphql/relay/global-id";
import { Team, User } from "../identity/identity.entities";
import type { CorePermission } from "../identity/permissions";
import { tagsOf, whereTagged } from "../tagging/tags.service";
import { Account } from "./account.entity";
import { ACCOUNT_ORDER, accountLoader, childrenOf } from "./account.loader";
import {
  AccountArchiveInput,
  AccountConnection,
  AccountCreateInput,
  AccountFilter,
  AccountMergeInput,
  AccountMergePayload,
  AccountPayload,
  AccountUpdateInput,
} from "./account.types";
import { accountsService, liveAccounts } from "./accounts.service";

const READ: CorePermission = "accounts.read";
const WRITE: CorePermission = "accounts.write";

function applyFilter(query: SelectQueryBuilder<Account>, filter: AccountFilter): void {
  if (!filter.includeArchived) query.andWhere("a.archivedAt IS NULL");
  if (filter.name) query.andWhere("a.name LIKE :namePrefix", { namePrefix: prefixPattern(filter.name) });
  if (filter.tag) whereTagged(query, "a", "Account", filter.tag);
  if (filter.ownerId) query.andWhere("a.ownerId = :ownerId", { ownerId: fromGlobalId(filter.ownerId, "User").rowId });
  if (filter.region) query.andWhere("a.region = :region", { region: filter.region.trim() });
  if (filter.parentId) query.andWhere("a.parentId = :parentId", { parentId: fromGlobalId(filter.parentId, "Account").rowId });
  if (filter.search) whereMatches(query, ["a.name", "a.domain"], filter.search);
}

function filled(payload: AccountPayload, result: { record: Account; duplicates?: AccountPayload["duplicates"] }): void {
  payload.account = result.record;
  payload.duplicates = result.duplicates ?? [];
}

@Resolver(() => Account)
export class AccountResolver {
  @Authorized(READ)
  @Query(() => AccountConnection, { description: "Your accounts by name; archived ones only when asked." })
  accounts(
    @Arg("filter", () => AccountFilter, { nullable: true }) filter: AccountFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<Account>> {
    const query = liveAccounts(requireTenant(context));
    applyFilter(query, filter ?? {});
    return paginate(query, args, ACCOUNT_ORDER);
  }

  @FieldResolver(() => User, { nullable: true })
  owner(@Root() account: Account, @Ctx() context: RequestContext): Promise<User | null> {
    return userOf(context, account.ownerId);
  }

  @FieldResolver(() => Team, { nullable: true })
  team(@Root() account: Account, @Ctx() context: RequestContext): Promise<Team | null> {
    return teamOf(context, account.teamId);
  }

  @FieldResolver(() => [String])
  tags(@Root() account: Account, @Ctx() context: RequestContext): Promise<string[]> {
    return tagsOf(context, "Account", account.id);
  }

  @FieldResolver(() => Account, { nullable: true, description: "The parent company, if you may see it." })
  parent(@Root() account: Account, @Ctx() context: RequestContext): Promise<Account | null> {
    return account.parentId ? accountLoader(context).load(account.parentId) : Promise.resolve(null);
  }

  @FieldResolver(() => AccountConnection, { description: "Direct subsidiaries you may see, by name." })
  children(@Root() account: Account, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Account>> {
    return childrenOf(context, account.id, args);
  }

  @Authorized("contacts.read")
  @FieldResolver(() => ContactConnection, { nullable: true, description: "People linked to the account that you may see, by last name." })
  contacts(@Root() account: Account, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<Contact>> {
    return contactsOfAccount(context, account.id, args);
  }

  @Authorized(WRITE)
  @Mutation(() => AccountPayload, { description: "Creates an account, owned by you unless you name an owner; reports probable duplicates." })
  accountCreate(@Arg("input", () => AccountCreateInput) input: AccountCreateInput, @Ctx() context: RequestContext): Promise<AccountPayload> {
    return respond(new AccountPayload(), run(context, "accountCreate", (uow) => accountsService.createAccount(uow, input)), filled);
  }

  @Authorized(WRITE)
  @Mutation(() => AccountPayload, { description: "Changes the fields given; null clears a field. Reports probable duplicates." })
  accountUpdate(@Arg("input", () => AccountUpdateInput) input: AccountUpdateInput, @Ctx() context: RequestContext): Promise<AccountPayload> {
    const result = withRowIds([[input.id, "Account", ["input", "id"]]], ([id]) => run(context, "accountUpdate", (uow) => accountsService.updateAccount(uow, id!, input)));
    return respond(new AccountPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => AccountPayload, { description: "Archives an account (hidden from `accounts` unless asked for), or brings it back." })
  accountArchive(@Arg("input", () => AccountArchiveInput) input: AccountArchiveInput, @Ctx() context: RequestContext): Promise<AccountPayload> {
    const result = withRowIds([[input.id, "Account", ["input", "id"]]], ([id]) =>
      run(context, "accountArchive", (uow) => accountsService.archiveAccount(uow, id!, input.archived)),
    );
    return respond(new AccountPayload(), result, filled);
  }

  @Authorized(WRITE)
  @Mutation(() => AccountMergePayload, {
    description: "Moves everything of the merged account (contacts, subsidiaries, tags, interactions, module records) to the survivor, in one transaction.",
  })
  accountMerge(@Arg("input", () => AccountMergeInput) input: AccountMergeInput, @Ctx() context: RequestContext): Promise<AccountMergePayload> {
    const result = withRowIds(mergeIds(input, "Account"), ([survivorId, mergedId]) =>
      run(context, "accountMerge", (uow) => new MergeService(context.services.modules.active).mergeAccounts(uow, { survivorId: survivorId!, mergedId: mergedId! })),
    );
    return respond(new AccountMergePayload(), result, (payload, { record }) => Object.assign(payload, { account: record, mergedId: input.mergedId }));
  }
}
