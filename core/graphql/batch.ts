import DataLoader from "dataloader";
import type { TenantScope } from "../db/tenant-scope";
import { requireTenant, type RequestContext } from "./context";
import { MAX_PAGE_SIZE, type ConnectionArgs } from "./relay/connection";

/** Rows grouped under the keys a DataLoader asked for, in the keys' order; a key without rows gets []. */
export function groupBy<T>(keys: readonly string[], rows: readonly T[], keyOf: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((key) => [key, []]));
  for (const row of rows) groups.get(keyOf(row))?.push(row);
  return keys.map((key) => groups.get(key)!);
}

/** Rows in the order of `ids`, null where a row is missing: the shape DataLoader wants. */
export function inOrder<T extends { id: string }>(ids: readonly string[], rows: readonly T[]): (T | null)[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/**
 * The request's DataLoader named `key`, made on first use, loading through the caller's tenant
 * scope (so with its visibility). A nested page of lists batches up to ten pages' worth of keys.
 */
export function scopedLoader<V>(context: RequestContext, key: string, load: (scope: TenantScope, keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
  return context.loaders.getOrCreate(key, () => {
    const scope = requireTenant(context);
    return new DataLoader<string, V>((keys) => load(scope, keys), { maxBatchSize: MAX_PAGE_SIZE * 10 });
  });
}

/** The name of a per-parent page loader: parents share a batch only when they ask for the same page. */
export function pageLoaderKey(name: string, { first, after, last, before }: ConnectionArgs): string {
  return `${name}:${JSON.stringify([first, after, last, before])}`;
}
