import type { Request, Response } from "express";
import { GraphQLError } from "graphql";
import { holds, type Principal, type RequestContext } from "../graphql/context";
import { ErrorCode } from "../graphql/errors";

/** Builds a request's context (principal, tenant scope) as the GraphQL endpoint does. */
export type ContextOf = (request: Request, response: Response) => Promise<RequestContext>;

/** Errors of plain HTTP routes, in the same shape and vocabulary as GraphQL's. */
export function sendError(response: Response, status: number, code: ErrorCode, message: string): void {
  response.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * The signed-in principal and its context, or null after answering 401 (nobody signed in, or a
 * bad, expired or revoked token) or 403 (signed in without `permission`).
 */
export async function authenticated(
  contextOf: ContextOf,
  request: Request,
  response: Response,
  permission?: string,
): Promise<{ context: RequestContext; principal: Principal } | null> {
  let context: RequestContext;
  try {
    context = await contextOf(request, response);
  } catch (error) {
    // The authenticator refuses a bad token with a client error; anything else is a fault.
    if (!(error instanceof GraphQLError) || error.extensions.code !== ErrorCode.UNAUTHENTICATED) throw error;
    sendError(response, 401, ErrorCode.UNAUTHENTICATED, error.message);
    return null;
  }
  const principal = context.principal;
  if (!principal || !context.tenant) {
    sendError(response, 401, ErrorCode.UNAUTHENTICATED, "Authentication required.");
    return null;
  }
  if (permission && !holds(principal, permission)) {
    sendError(response, 403, ErrorCode.FORBIDDEN, `This needs the permission ${permission}.`);
    return null;
  }
  return { context, principal };
}
