import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { Brackets, type ObjectLiteral, type SelectQueryBuilder } from "typeorm";
import { ErrorCode, clientError } from "../errors";

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Items after \`after\`, 1..${MAX_PAGE_SIZE}.` })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Items before \`before\`, 1..${MAX_PAGE_SIZE}.` })
  last?: number | null;

  @Field(() => String, { nullable: true })
  before?: string | null;
}

// Connections, edges and page infos are plain data: graphql's default resolver reads them
// without a type-graphql wrapper per field (`totalCount`, a method, keeps its own resolver).
@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage: boolean;

  @Field(() => Boolean)
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true })
  startCursor: string | null;

  @Field(() => String, { nullable: true })
  endCursor: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** What a resolver returns for a connection field; the generated GraphQL types read it as is. */
export interface ConnectionResult<T> {
  edges: Edge<T>[];
  nodes: T[];
  pageInfo: PageInfo;
  /** Counted only when the client asks for `totalCount`. */
  totalCount: () => Promise<number>;
}

/**
 * Builds `<Name>Connection` and `<Name>Edge` for a node type. Call once per node type, at module
 * load, and use the returned class as the field's type.
 */
export function Connection<T extends object>(nodeType: ClassType<T>, name: string): ClassType<ConnectionResult<T>> {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class EdgeType {
    @Field(() => String)
    cursor: string;

    @Field(() => nodeType)
    node: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true })
  class ConnectionType {
    @Field(() => [EdgeType])
    edges: EdgeType[];

    @Field(() => [nodeType], { description: "The nodes of `edges`, for clients that need no cursors." })
    nodes: T[];

    @Field(() => PageInfo)
    pageInfo: PageInfo;

    totalCount: () => Promise<number>;

    @Field(() => Int, { name: "totalCount", description: "All items matching the filters, ignoring pagination." })
    countAll(): Promise<number> {
      return this.totalCount();
    }
  }
  return ConnectionType as unknown as ClassType<ConnectionResult<T>>;
}

/** One column of a keyset ordering. The last key must be unique (normally the primary key). */
export interface SortKey<T> {
  /** SQL expression, qualified with the query's alias, e.g. `c.created_at`. */
  column: string;
  /** Reads the key's value from a loaded row. */
  value: (row: T) => string | number | Date;
  direction: "ASC" | "DESC";
}

type CursorValue = string | number | { d: number };

export interface PageWindow {
  size: number;
  backward: boolean;
  cursor: CursorValue[] | null;
}

export function pageWindow(args: ConnectionArgs, keys: number): PageWindow {
  const { first, last, after, before } = args;
  if (first != null && last != null) {
    throw clientError(ErrorCode.INVALID_PAGINATION, "Pass `first` or `last`, not both.");
  }
  const size = first ?? last ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw clientError(ErrorCode.INVALID_PAGINATION, `\`${last != null ? "last" : "first"}\` must be between 1 and ${MAX_PAGE_SIZE}; got ${size}.`, {
      argument: last != null ? "last" : "first",
    });
  }
  const backward = last != null;
  const token = backward ? before : after;
  if (!backward && before != null) throw clientError(ErrorCode.INVALID_PAGINATION, "Use `before` with `last`.");
  if (backward && after != null) throw clientError(ErrorCode.INVALID_PAGINATION, "Use `after` with `first`.");
  return { size, backward, cursor: token == null ? null : decodeCursor(token, keys) };
}

function encodeCursor(values: (string | number | Date)[]): string {
  const encoded: CursorValue[] = values.map((value) => (value instanceof Date ? { d: value.getTime() } : value));
  return Buffer.from(JSON.stringify(encoded)).toString("base64url");
}

function decodeCursor(token: string, keys: number): CursorValue[] {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    const valid =
      Array.isArray(decoded) &&
      decoded.length === keys &&
      decoded.every(
        (v) => typeof v === "string" || (typeof v === "number" && Number.isFinite(v)) || (typeof v === "object" && v !== null && typeof v.d === "number"),
      );
    if (valid) return decoded as CursorValue[];
  } catch {
    // fall through to the client error below
  }
  throw clientError(ErrorCode.INVALID_CURSOR, `'${token}' is not a cursor of this list.`, { cursor: token });
}

/**
 * Keyset (seek) pagination over a query builder: never OFFSET, so page 1,000 costs what page 1
 * costs. Fetches one extra row to tell whether another page follows.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: ConnectionArgs,
  keys: readonly SortKey<T>[],
): Promise<ConnectionResult<T>> {
  const window = pageWindow(args, keys.length);
  const { size, backward, cursor } = window;
  const counted = query.clone();
  const page = query.clone();
  if (cursor) page.andWhere(seekCondition(keys, cursor, backward));
  keys.forEach((key, index) => {
    const direction = backward ? (key.direction === "ASC" ? "DESC" : "ASC") : key.direction;
    if (index === 0) page.orderBy(key.column, direction);
    else page.addOrderBy(key.column, direction);
  });
  const rows = await page.take(undefined).limit(size + 1).getMany();
  return connectionOf(rows, window, keys, () => counted.getCount());
}

/** An edge whose cursor is encoded only if a client reads it. */
class LazyEdge<T> implements Edge<T> {
  constructor(
    readonly node: T,
    private readonly cursorOf: (node: T) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.node);
  }
}

/**
 * A connection from the rows fetched for `window`: one row more than the page means another page
 * follows. Cursors (JSON + base64 of the sort keys) are computed only when read: a client
 * selecting `nodes` of nested lists (a page of accounts × contacts × timelines) would otherwise
 * pay for one per row and never see them.
 */
export function connectionOf<T>(
  fetched: T[],
  { size, backward, cursor }: PageWindow,
  keys: readonly SortKey<T>[],
  totalCount: () => Promise<number>,
): ConnectionResult<T> {
  const more = fetched.length > size;
  const items = more ? fetched.slice(0, size) : fetched;
  if (backward) items.reverse();
  const cursorOf = (node: T) => encodeCursor(keys.map((key) => key.value(node)));
  let edges: Edge<T>[] | undefined;
  const first = items[0];
  const last = items.at(-1);
  return {
    get edges() {
      return (edges ??= items.map((node) => new LazyEdge(node, cursorOf)));
    },
    nodes: items,
    pageInfo: {
      hasNextPage: backward ? cursor !== null : more,
      hasPreviousPage: backward ? more : cursor !== null,
      get startCursor() {
        return first === undefined ? null : cursorOf(first);
      },
      get endCursor() {
        return last === undefined ? null : cursorOf(last);
      },
    },
    totalCount,
  };
}

/** `(k1 > v1) OR (k1 = v1 AND k2 > v2) OR ...`, with each comparison following its key's direction. */
export function seekCondition<T>(keys: readonly SortKey<T>[], cursor: CursorValue[], backward: boolean): Brackets {
  const values = cursor.map((value) => (typeof value === "object" ? new Date(value.d) : value));
  return new Brackets((outer) => {
    keys.forEach((key, index) => {
      outer.orWhere(
        new Brackets((inner) => {
          for (let i = 0; i < index; i++) inner.andWhere(`${keys[i]!.column} = :seek${i}`, { [`seek${i}`]: values[i] });
          const ascending = (key.direction === "ASC") !== backward;
          inner.andWhere(`${key.column} ${ascending ? ">" : "<"} :seek${index}`, { [`seek${index}`]: values[index] });
        }),
      );
    });
  });
}
