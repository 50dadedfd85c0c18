import { rowIdOf } from "../graphql/relay/global-id";
import type { SelectQueryBuilder } from "typeorm";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { findAccountDuplicates } from "../contacts/duplicates.service";
import { normalizeCompanyName, normalizeUrl, type Normalized } from "../contacts/normalize";
import { assignDefined, checkShared, cleanText, saveRecord, type SavedRecord, type SharedColumns } from "../contacts/record-writer";
import { asInput, failed, notFound, staffUserOf, type ServiceResult } from "../contacts/service-result";
import { Account } from "./account.entity";
import { AccountCreateInput, AccountUpdateInput, type AccountChanges } from "./account.types";

export type AccountResult = SavedRecord<Account>;

/** Deeper hierarchies than this are refused: the ancestor walk that rules out cycles stays bounded. */
const MAX_DEPTH = 50;

/** Accounts the scope may see that were not merged away: what every list and lookup starts from. */
export function liveAccounts(scope: TenantScope, alias = "a"): SelectQueryBuilder<Account> {
  return scope.query(Account, alias).andWhere(`${alias}.mergedIntoId IS NULL`);
}

/** A visible, live account by row id, locked for the rest of the transaction when `lock` is set. */
export function findAccount(scope: TenantScope, id: string, lock = false): Promise<Account | null> {
  const query = liveAccounts(scope).andWhere("a.id = :id", { id });
  return (lock ? query.setLock("pessimistic_write") : query).getOne();
}

/** The bare host name of a web address: "https://www.Acme.com/about" is "acme.com". */
export function normalizeDomain(raw: string): Normalized {
  const url = normalizeUrl(raw);
  return url.ok ? { ok: true, value: new URL(url.value).hostname.replace(/^www\./, "") } : url;
}

/**
 * `accountId` and its ancestors up to the root, whoever may see them, read with locks so that two
 * concurrent moves cannot close a loop. Stops after MAX_DEPTH levels.
 */
export async function ancestorsOf(scope: TenantScope, accountId: string): Promise<string[]> {
  const whole = scope.unrestricted();
  const chain: string[] = [];
  for (let current: string | null = accountId; current !== null && !chain.includes(current) && chain.length < MAX_DEPTH; ) {
    chain.push(current);
    const row: Account | null = await whole.query(Account, "a").andWhere("a.id = :ancestor", { ancestor: current }).setLock("pessimistic_write").getOne();
    current = row?.parentId ?? null;
  }
  return chain;
}

/** The row of `account` a client should see: the survivor when it was merged away. */
async function followMerge(scope: TenantScope, account: Account | null): Promise<Account | null> {
  return account?.mergedIntoId ? findAccount(scope, account.mergedIntoId) : account;
}

type Resolved = SharedColumns & Partial<Pick<Account, "domain" | "parentId">>;

/**
 * Accounts: create, change, archive. Resolvers and the importer call the same methods, so both
 * validate alike; on errors nothing was written.
 */
export class AccountsService {
  async createAccount(uow: UnitOfWork, input: AccountCreateInput): Promise<AccountResult> {
    const checked = await this.check(uow, null, asInput(AccountCreateInput, input));
    if (failed(checked)) return checked;
    const account = uow.scope.create(Account, { ownerId: staffUserOf(uow.work), teamId: null, archivedAt: null, mergedIntoId: null });
    const result = await this.write(uow, account, input, checked.record);
    if (!failed(result)) await uow.emit("core.account.created.v1", { accountId: result.record.id });
    return result;
  }

  /** `id` is the account's row id; fields left out of `input` stay as they are. */
  async updateAccount(uow: UnitOfWork, id: string, input: AccountChanges): Promise<AccountResult> {
    const account = await findAccount(uow.scope, id, true);
    if (!account) return { errors: [notFound(["input", "id"], "account")] };
    const checked = await this.check(uow, account, asInput(AccountUpdateInput, { ...input, id: account.globalId }));
    if (failed(checked)) return checked;
    const result = await this.write(uow, account, input, checked.record);
    if (!failed(result)) await uow.emit("core.account.updated.v1", { accountId: result.record.id });
    return result;
  }

  async archiveAccount(uow: UnitOfWork, id: string, archived: boolean): Promise<ServiceResult<Account>> {
    const account = await findAccount(uow.scope, id, true);
    if (!account) return { errors: [notFound(["input", "id"], "account")] };
    if (archived !== (account.archivedAt !== null)) {
      account.archivedAt = archived ? new Date() : null;
      await uow.scope.save(account);
      await uow.emit("core.account.updated.v1", { accountId: account.id });
    }
    return { record: account };
  }

  /** For importers: the account with this external id, else one with this domain; a merged one answers with its survivor. */
  async findByExternalIdOrDomain(scope: TenantScope, { externalId, domain }: { externalId?: string | null; domain?: string | null }): Promise<Account | null> {
    if (externalId) {
      const byExternalId = await followMerge(scope, await scope.findOneBy(Account, { externalId }));
      if (byExternalId) return byExternalId;
    }
    const normalized = domain ? normalizeDomain(domain) : null;
    if (!normalized?.ok) return null;
    return liveAccounts(scope).andWhere("a.domain = :domain", { domain: normalized.value }).orderBy("a.id").getOne();
  }

  /** Every check that needs no write, so that a refused input writes nothing. */
  private async check(uow: UnitOfWork, account: Account | null, input: AccountChanges): Promise<ServiceResult<Resolved>> {
    const shared = await checkShared(uow, Account, account, input);
    const errors: UserError[] = [...(await validateInput(input)), ...shared.errors];
    const resolved: Resolved = shared.columns;
    if (input.name !== undefined && !cleanText(input.name)) errors.push(userError(["input", "name"], UserErrorCode.REQUIRED, "An account needs a name."));
    if (input.domain != null) {
      const domain = normalizeDomain(input.domain);
      if (domain.ok) resolved.domain = domain.value;
      else errors.push(userError(["input", "domain"], domain.code, domain.message));
    }
    if (input.parentId != null) {
      const parent = await this.checkParent(uow, account, input.parentId);
      if ("errors" in parent) errors.push(...parent.errors);
      else resolved.parentId = parent.rowId;
    } else if (input.parentId === null) {
      resolved.parentId = null;
    }
    return errors.length > 0 ? { errors } : { record: resolved };
  }

  /** The parent must be a live account the caller sees, and not the account itself or one of its descendants. */
  private async checkParent(uow: UnitOfWork, account: Account | null, parentGlobalId: string): Promise<{ rowId: string } | { errors: UserError[] }> {
    const field = ["input", "parentId"];
    const decoded = rowIdOf(parentGlobalId, "Account", field);
    if (decoded.rowId === null) return { errors: decoded.errors };
    if (!(await findAccount(uow.scope, decoded.rowId))) return { errors: [notFound(field, "account")] };
    const parent = { rowId: decoded.rowId };
    if (!account) return parent;
    const chain = await ancestorsOf(uow.scope, decoded.rowId);
    if (chain.includes(account.id)) return { errors: [userError(field, UserErrorCode.INVALID, "An account cannot be its own parent or ancestor.")] };
    if (chain.length >= MAX_DEPTH) return { errors: [userError(field, UserErrorCode.INVALID, `Account hierarchies are at most ${MAX_DEPTH} levels deep.`)] };
    return parent;
  }

  private write(uow: UnitOfWork, account: Account, input: AccountChanges, { domain, parentId, ...shared }: Resolved): Promise<AccountResult> {
    const name = cleanText(input.name);
    assignDefined(account, {
      name: name ?? undefined,
      normalizedName: name ? normalizeCompanyName(name) : undefined,
      domain: input.domain === null ? null : domain,
      parentId,
      industry: cleanText(input.industry),
      region: cleanText(input.region),
      country: input.country === undefined ? undefined : (input.country?.toUpperCase() ?? null),
      employeeCount: input.employeeCount,
    });
    return saveRecord(uow, account, "Account", shared, input, findAccountDuplicates);
  }
}

export const accountsService = new AccountsService();
