import { GraphQLError, type GraphQLFormattedError } from "graphql";

/**
 * Stable codes in `errors[].extensions.code`. Clients branch on these, never on messages.
 * Expected failures of a mutation are `userErrors` in its payload instead.
 */
export const ErrorCode = {
  GRAPHQL_PARSE_FAILED: "GRAPHQL_PARSE_FAILED",
  GRAPHQL_VALIDATION_FAILED: "GRAPHQL_VALIDATION_FAILED",
  BAD_USER_INPUT: "BAD_USER_INPUT",
  BAD_REQUEST: "BAD_REQUEST",
  OPERATION_RESOLUTION_FAILURE: "OPERATION_RESOLUTION_FAILURE",
  PERSISTED_QUERY_NOT_FOUND: "PERSISTED_QUERY_NOT_FOUND",
  INVALID_ID: "INVALID_ID",
  INVALID_CURSOR: "INVALID_CURSOR",
  INVALID_PAGINATION: "INVALID_PAGINATION",
  NOT_FOUND: "NOT_FOUND",
  UNAUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  MODULE_DISABLED: "MODULE_DISABLED",
  INTERNAL_SERVER_ERROR: "INTERNAL_SERVER_ERROR",
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** type-graphql's own authorization error says UNAUTHORIZED; clients see one vocabulary. */
const RENAMED: Record<string, ErrorCode> = { UNAUTHORIZED: ErrorCode.FORBIDDEN };

const CLIENT_SAFE = new Set<string>(Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR));

export function clientError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export function isClientSafe(code: unknown): boolean {
  return typeof code === "string" && (CLIENT_SAFE.has(code) || code in RENAMED);
}

/**
 * Apollo's `formatError`: errors we raised on purpose pass with their code; anything else is a
 * fault whose internals stay in the log (see the error plugin), and the client gets a generic
 * message with the request id to quote.
 */
export function maskError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (isClientSafe(code)) {
    const { stacktrace: _stacktrace, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions: { ...extensions, code: RENAMED[code as string] ?? code } };
  }
  return {
    message: "Internal server error",
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
