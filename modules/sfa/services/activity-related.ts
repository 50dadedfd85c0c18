import { GraphQLError } from "graphql";
import type { RequestContext } from "../../../core/graphql/context";
import { ErrorCode } from "../../../core/graphql/errors";
import { UserErrorCode, userError, type UserError } from "../../../core/graphql/payload";
import { fromGlobalId, toGlobalId } from "../../../core/graphql/relay/global-id";
import { loadNode } from "../../../core/graphql/relay/node.resolver";

/** A record an activity is about, as stored: its node type and row id. */
export interface RelatedRecord {
  typeName: string;
  rowId: string;
}

/** Finds a node the caller may see by global id; null when it does not resolve for them. */
export type NodeLookup = (globalId: string) => Promise<object | null>;

/**
 * `node(id)` as the caller would get it, except that a record of a module the tenant switched off
 * is simply not there (null) rather than an error: an activity stays readable when the module of
 * the record it is about goes off.
 */
export function nodeLookup(context: RequestContext): NodeLookup {
  return async (globalId) => {
    try {
      return await loadNode(context, globalId);
    } catch (error) {
      if (error instanceof GraphQLError && error.extensions.code === ErrorCode.MODULE_DISABLED) return null;
      throw error;
    }
  };
}

export function relatedGlobalId(related: { relatedType: string | null; relatedId: string | null }): string | null {
  return related.relatedType && related.relatedId ? toGlobalId(related.relatedType, related.relatedId) : null;
}

/** Any record the caller can fetch with `node(id)`; a malformed id is INVALID, an unknown or invisible one NOT_FOUND. */
export async function checkRelated(lookup: NodeLookup, globalId: string, field: string[]): Promise<{ record: RelatedRecord } | { errors: UserError[] }> {
  let decoded: RelatedRecord;
  try {
    const { typeName, rowId } = fromGlobalId(globalId);
    decoded = { typeName, rowId };
  } catch {
    return { errors: [userError(field, UserErrorCode.INVALID, `'${globalId}' is not a valid id.`)] };
  }
  if (!(await lookup(globalId))) return { errors: [userError(field, UserErrorCode.NOT_FOUND, "No such record.")] };
  return { record: decoded };
}
