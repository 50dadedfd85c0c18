import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { connectionOf, pageWindow, seekCondition, type ConnectionArgs, type ConnectionResult, type SortKey } from "./connection";

export interface Groups<T> {
  /** SQL expression naming the group of a row, e.g. `l.account_id` for an account's contacts. */
  column: string;
  /** The groups asked for, e.g. the ids of a page of accounts; the query must already be limited to them. */
  keys: readonly string[];
  /** SQL expression of the row's primary key, e.g. `c.id`. */
  id: string;
  /** Loads the rows of a page by primary key, in any order (each group keeps its own order). */
  load: (ids: string[]) => Promise<T[]>;
  /** Reads the primary key from a loaded row. */
  idOf: (row: T) => string;
}

/**
 * The same keyset page of a one-to-many (or many-to-many) list for many parents at once: the
 * connection field of a page of records costs two statements whatever the page size. Each group
 * is cut with ROW_NUMBER() over the sort keys (MySQL 8 and MariaDB 10.2+), never with OFFSET; the
 * rows are then loaded by id. Every parent shares `args`, as it does when a DataLoader is keyed
 * by them.
 */
export async function paginateGroups<T extends ObjectLiteral, R extends ObjectLiteral>(
  query: SelectQueryBuilder<R>,
  args: ConnectionArgs,
  keys: readonly SortKey<T>[],
  groups: Groups<T>,
): Promise<Map<string, ConnectionResult<T>>> {
  const window = pageWindow(args, keys.length);
  const counted = query.clone();
  const page = query.clone();
  if (window.cursor) page.andWhere(seekCondition(keys, window.cursor, window.backward));
  const order = keys.map((key) => `${key.column} ${window.backward === (key.direction === "ASC") ? "DESC" : "ASC"}`).join(", ");
  page
    .select(groups.column, "g")
    .addSelect(groups.id, "id")
    .addSelect(`ROW_NUMBER() OVER (PARTITION BY ${groups.column} ORDER BY ${order})`, "rn")
    .orderBy();
  const ranked = await page
    .createQueryBuilder()
    .select("t.g", "g")
    .addSelect("t.id", "id")
    .from(`(${page.getQuery()})`, "t")
    .where("t.rn <= :groupPageRows")
    .setParameters({ ...page.getParameters(), groupPageRows: window.size + 1 })
    .orderBy("t.g")
    .addOrderBy("t.rn")
    .getRawMany<{ g: string | number; id: string | number }>();
  const ids = [...new Set(ranked.map((row) => String(row.id)))];
  const byId = new Map((ids.length > 0 ? await groups.load(ids) : []).map((row) => [groups.idOf(row), row]));
  const fetched = new Map<string, T[]>(groups.keys.map((key) => [key, []]));
  for (const { g, id } of ranked) {
    const row = byId.get(String(id));
    if (row) fetched.get(String(g))?.push(row);
  }

  let counts: Promise<Map<string, number>> | undefined;
  // One grouped count serves every parent, and runs only when a client asks for a totalCount.
  const countOf = async (key: string): Promise<number> => {
    counts ??= counted
      .select(groups.column, "g")
      .addSelect("COUNT(*)", "n")
      .groupBy(groups.column)
      .orderBy()
      .getRawMany<{ g: string | number; n: string | number }>()
      .then((found) => new Map(found.map(({ g, n }) => [String(g), Number(n)])));
    return (await counts).get(key) ?? 0;
  };

  return new Map(groups.keys.map((key) => [key, connectionOf(fetched.get(key) ?? [], window, keys, () => countOf(key))]));
}
