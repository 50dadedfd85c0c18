import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import { hydratorOf } from "../../db/hydrate";
import { connectionOf, pageWindow, seekCondition, type ConnectionArgs, type ConnectionResult, type SortKey } from "./connection";

export interface Groups<T extends ObjectLiteral> {
  /** SQL expression naming the group of a row, e.g. `l.account_id` for an account's contacts. */
  column: string;
  /** The groups asked for, e.g. the ids of a page of accounts; the query must already be limited to them. */
  keys: readonly string[];
  /** SQL expression of the row's primary key, e.g. `c.id`. */
  id: string;
  /**
   * The rows' own table, under an alias of its own and with its scope, e.g.
   * `scope.query(Contact, "row")`: the ranked ids are joined to it, so the rows come back in the
   * same statement. Its primary key must be `id`.
   */
  rows: SelectQueryBuilder<T>;
  /** Reads the primary key from a loaded row. */
  idOf: (row: T) => string;
}

interface GroupRow {
  group_key: string | number;
  group_row: string | number;
}

/**
 * The same keyset page of a one-to-many (or many-to-many) list for many parents at once: the
 * connection field of a page of records costs one statement whatever the page size (and one more
 * only if a client asks for `totalCount`). Each group is cut with ROW_NUMBER() over the sort keys
 * (MySQL 8 and MariaDB 10.2+), never with OFFSET, in a derived table that the rows' own table is
 * joined to by primary key. Every parent shares `args`, as it does when a DataLoader is keyed by
 * them.
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
  // One statement: the ranked (group, id) pairs of every page, joined to the rows themselves. A
  // row may sit in several groups (an interaction with two contacts of the page), so each raw
  // row says where it goes and is hydrated once per id.
  const alias = groups.rows.alias;
  const joined = groups.rows
    .clone()
    .innerJoin(`(${page.getQuery()})`, "t", `t.id = ${alias}.id AND t.rn <= :groupPageRows`)
    .addSelect("t.g", "group_key")
    .addSelect("t.id", "group_row")
    .setParameters({ ...page.getParameters(), groupPageRows: window.size + 1 })
    .orderBy("t.g")
    .addOrderBy("t.rn");
  const fetched = new Map<string, T[]>(groups.keys.map((key) => [key, []]));
  const hydrate = hydratorOf(joined);
  if (hydrate) {
    const byId = new Map<string, T>();
    for (const raw of await joined.getRawMany<GroupRow & Record<string, unknown>>()) {
      const id = String(raw.group_row);
      let row = byId.get(id);
      if (!row) byId.set(id, (row = hydrate(raw)));
      fetched.get(String(raw.group_key))?.push(row);
    }
  } else {
    const { raw, entities } = await joined.getRawAndEntities<GroupRow>();
    const byId = new Map(entities.map((row) => [groups.idOf(row), row]));
    for (const { group_key: g, group_row: id } of raw) {
      const row = byId.get(String(id));
      if (row) fetched.get(String(g))?.push(row);
    }
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
