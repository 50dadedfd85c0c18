import type DataLoader from "dataloader";
import type { TenantScope } from "../db/tenant-scope";
import { inOrder, pageLoaderKey, scopedLoader } from "../graphql/batch";
import { requireTenant, type RequestContext } from "../graphql/context";
import type { ConnectionArgs, ConnectionResult, SortKey } from "../graphql/relay/connection";
import { paginateGroups } from "../graphql/relay/grouped-connection";
import { permittedNode } from "../graphql/relay/node-registry";
import { Account } from "./account.entity";
import { liveAccounts } from "./accounts.service";

/** Accounts by name, then id: the order of every account list (an index serves it). */
export const ACCOUNT_ORDER: readonly SortKey<Account>[] = [
  { column: "a.name", value: (a) => a.name, direction: "ASC" },
  { column: "a.id", value: (a) => a.id, direction: "ASC" },
];

/** Live accounts the scope may see, by row id, in the order asked; null where missing, hidden or merged away. */
export async function accountsByIds(scope: TenantScope, ids: readonly string[]): Promise<(Account | null)[]> {
  return inOrder(ids, await liveAccounts(scope).andWhere("a.id IN (:...ids)", { ids }).getMany());
}

export function accountLoader(context: RequestContext): DataLoader<string, Account | null> {
  return scopedLoader(context, "core.accountById", accountsByIds);
}

/** An account's direct children, a keyset page per account, batched per request and arguments. */
export function childrenOf(context: RequestContext, accountId: string, args: ConnectionArgs): Promise<ConnectionResult<Account>> {
  return scopedLoader(context, pageLoaderKey("core.accountChildren", args), async (scope, parentIds) => {
    const pages = await paginateGroups(liveAccounts(scope).andWhere("a.parentId IN (:...parentIds)", { parentIds }), args, ACCOUNT_ORDER, {
      column: "a.parentId",
      keys: parentIds,
      id: "a.id",
      rows: scope.query(Account, "row"),
      idOf: (account) => account.id,
    });
    return parentIds.map((id) => pages.get(id)!);
  }).load(accountId);
}

/** `node(id)` for accounts: live, visible ones only, and only with `accounts.read`. */
export const accountNode = permittedNode<Account>({ typeName: "Account", load: (context, ids) => accountsByIds(requireTenant(context), ids) }, "accounts.read");
