import { createHash, randomBytes, randomUUID } from "node:crypto";
import { SignJWT, errors, jwtVerify } from "jose";
import type { Config } from "../config/config";

export type VisibilityClaim = "own" | "team" | "all";

/** What an access token carries, so a request needs no database lookup to know its principal. */
export interface AccessClaims {
  /** User id. */
  sub: string;
  /** Tenant id. */
  tid: string;
  /** The user's token version when issued; a bump revokes the token. */
  ver: number;
  perms: string[];
  adm: boolean;
  vis: VisibilityClaim;
  teams: string[];
}

export interface VerifiedAccess extends AccessClaims {
  jti: string;
  exp: number;
}

export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

const ISSUER = "crm-platform";

export class TokenService {
  private readonly key: Uint8Array;

  constructor(private readonly config: Config) {
    this.key = new TextEncoder().encode(config.JWT_SECRET);
  }

  async issueAccess(claims: AccessClaims): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.config.ACCESS_TOKEN_TTL_S * 1000);
    const token = await new SignJWT({ tid: claims.tid, ver: claims.ver, perms: claims.perms, adm: claims.adm, vis: claims.vis, teams: claims.teams })
      .setProtectedHeader({ alg: "HS256", typ: "JWT" })
      .setSubject(claims.sub)
      .setIssuer(ISSUER)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { token, expiresAt };
  }

  async verifyAccess(token: string): Promise<VerifiedAccess> {
    try {
      const { payload } = await jwtVerify(token, this.key, { issuer: ISSUER, algorithms: ["HS256"] });
      const { sub, tid, ver, perms, adm, vis, teams, jti, exp } = payload as Partial<VerifiedAccess>;
      if (!sub || !tid || typeof ver !== "number" || !Array.isArray(perms) || !jti || !exp || !Array.isArray(teams)) {
        throw new InvalidTokenError("The access token is malformed.");
      }
      return { sub, tid, ver, perms, adm: adm === true, vis: vis ?? "own", teams, jti, exp };
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidTokenError("The access token has expired; refresh it.");
      throw new InvalidTokenError("The access token is not valid.");
    }
  }

  /** An opaque refresh token; only its hash is stored. */
  newRefreshToken(): { token: string; hash: string; expiresAt: Date } {
    const token = randomBytes(32).toString("base64url");
    return { token, hash: sha256(token), expiresAt: new Date(Date.now() + this.config.REFRESH_TOKEN_TTL_S * 1000) };
  }
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}
