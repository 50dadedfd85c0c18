import { timingSafeEqual } from "node:crypto";
import type { Config } from "../config/config";
import type { Authenticate, Authentication, Credentials } from "../graphql/context";
import { ErrorCode, clientError } from "../graphql/errors";
import { ApiKeyAuthenticator, looksLikeApiKey } from "./api-keys";
import { visibilityOf } from "./grants";
import type { TokenRevocations } from "./token-revocations";
import { InvalidTokenError, type TokenService } from "./tokens";

const ANONYMOUS: Authentication = { principal: null, operator: false };

/** The token a request presents: `Authorization: Bearer …`, `X-Api-Key`, or the console's cookie. */
export function presentedToken(credentials: Credentials): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(credentials.authorization ?? "")?.[1];
  if (bearer) return bearer;
  if (credentials["x-api-key"]) return credentials["x-api-key"];
  return /(?:^|;\s*)crm_access=([^;]+)/.exec(credentials.cookie ?? "")?.[1] ?? null;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Staff access tokens (JWT), API keys and the operator token. A token that is present but bad is
 * an error (UNAUTHENTICATED), so a client knows to refresh rather than see an empty world.
 */
export function createAuthenticator(config: Config, tokens: TokenService, revocations: TokenRevocations, apiKeys: ApiKeyAuthenticator): Authenticate {
  return async (credentials) => {
    const token = presentedToken(credentials);
    if (!token) return ANONYMOUS;
    if (config.PLATFORM_ADMIN_TOKEN && sameSecret(token, config.PLATFORM_ADMIN_TOKEN)) return { principal: null, operator: true };
    if (looksLikeApiKey(token)) {
      const principal = await apiKeys.authenticate(token);
      if (!principal) throw clientError(ErrorCode.UNAUTHENTICATED, "The API key is unknown, revoked or expired.");
      return { principal, operator: false };
    }
    try {
      const claims = await tokens.verifyAccess(token);
      if (!(await revocations.stands(claims))) throw new InvalidTokenError("The access token was revoked; sign in again.");
      return {
        operator: false,
        principal: {
          kind: "staff",
          id: claims.sub,
          tenantId: claims.tid,
          permissions: new Set(claims.perms),
          admin: claims.adm,
          visibility: visibilityOf(claims.vis, claims.sub, claims.teams),
        },
      };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw clientError(ErrorCode.UNAUTHENTICATED, error.message);
      throw error;
    }
  };
}
