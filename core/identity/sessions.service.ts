import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";
import { IsNull, type DataSource, type EntityManager } from "typeorm";
import type { Config } from "../config/config";
import type { TransactionRunner, UnitOfWork } from "../db/unit-of-work";
import { userError, type UserError } from "../graphql/payload";
import { Tenant } from "../tenancy/tenant.entity";
import { grantsOf } from "./grants";
import { RefreshToken, User, UserStatus } from "./identity.entities";
import { burnPasswordCheck, hashPassword, verifyPassword } from "./password";
import type { TokenRevocations } from "./token-revocations";
import { sha256, type TokenService, type VerifiedAccess } from "./tokens";

export interface Session {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  user: User;
}

export type SessionResult = { session: Session; error?: never } | { session?: never; error: UserError };

export const AuthErrorCode = {
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  LOCKED: "LOCKED",
  RATE_LIMITED: "RATE_LIMITED",
  INVALID_TOKEN: "INVALID_TOKEN",
} as const;

const INVALID = userError(null, AuthErrorCode.INVALID_CREDENTIALS, "The tenant, email or password is wrong.");

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Password login, refresh-token rotation, logout and password change for staff users. */
export class SessionService {
  /** Attempts per client address, across accounts: slows down credential stuffing. */
  private readonly perAddress: RateLimiterRedis;

  constructor(
    private readonly config: Config,
    private readonly dataSource: DataSource,
    private readonly transactions: TransactionRunner,
    redis: Redis,
    private readonly tokens: TokenService,
    private readonly revocations: TokenRevocations,
  ) {
    this.perAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${config.REDIS_PREFIX}:auth:login-ip`,
      points: 30,
      duration: 60,
      // While Redis is down each process limits on its own rather than not at all.
      insuranceLimiter: new RateLimiterMemory({ points: 30, duration: 60 }),
    });
  }

  async login(tenantSlug: string, email: string, password: string, address: string, requestId: string): Promise<SessionResult> {
    try {
      await this.perAddress.consume(address);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.ceil(rejection.msBeforeNext / 1000);
      return { error: userError(null, AuthErrorCode.RATE_LIMITED, `Too many sign-in attempts; try again in ${seconds} s.`) };
    }
    const tenant = await this.dataSource.getRepository(Tenant).findOneBy({ slug: tenantSlug.trim().toLowerCase() });
    const found = tenant ? await this.dataSource.getRepository(User).findOneBy({ tenantId: tenant.id, email: normaliseEmail(email) }) : null;
    if (!found) {
      await burnPasswordCheck(password);
      return { error: INVALID };
    }
    const work = { tenantId: found.tenantId, actor: `staff:${found.id}`, requestId, operation: "authLogin" };
    return this.transactions.run(work, async ({ manager }) => {
      // Read again under a row lock: parallel wrong passwords must each count toward the lockout.
      const user = await manager.findOneOrFail(User, { where: { id: found.id }, lock: { mode: "pessimistic_write" } });
      const now = new Date();
      if (user.lockedUntil && user.lockedUntil > now) {
        return { error: this.lockedError(user.lockedUntil) };
      }
      if (!(await verifyPassword(user.passwordHash, password)) || user.status !== UserStatus.ACTIVE) {
        user.failedLogins += 1;
        if (user.failedLogins >= this.config.LOGIN_MAX_FAILURES) {
          user.failedLogins = 0;
          user.lockedUntil = new Date(now.getTime() + this.config.LOGIN_LOCKOUT_S * 1000);
          await manager.save(user);
          return { error: this.lockedError(user.lockedUntil) };
        }
        await manager.save(user);
        return { error: INVALID };
      }
      user.failedLogins = 0;
      user.lockedUntil = null;
      user.lastLoginAt = now;
      await manager.save(user);
      return { session: await this.open(manager, user, randomUUID()) };
    });
  }

  /** Rotates a refresh token. Presenting one that was already rotated revokes its whole family. */
  async refresh(refreshToken: string): Promise<SessionResult> {
    return this.dataSource.transaction(async (manager) => {
      const row = await manager.findOne(RefreshToken, { where: { tokenHash: sha256(refreshToken) }, lock: { mode: "pessimistic_write" } });
      const invalid = { error: userError(["input", "refreshToken"], AuthErrorCode.INVALID_TOKEN, "The refresh token is not valid; sign in again.") };
      if (!row || row.expiresAt <= new Date()) return invalid;
      if (row.revokedAt) {
        await manager.update(RefreshToken, { familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
        return invalid;
      }
      const user = await manager.findOneBy(User, { id: row.userId, tenantId: row.tenantId });
      if (!user || user.status !== UserStatus.ACTIVE) return invalid;
      row.revokedAt = new Date();
      await manager.save(row);
      return { session: await this.open(manager, user, row.familyId) };
    });
  }

  /** Ends this session: its refresh-token family and the access token in hand. */
  async logout(refreshToken: string, access: VerifiedAccess | null): Promise<void> {
    const row = await this.dataSource.getRepository(RefreshToken).findOneBy({ tokenHash: sha256(refreshToken) });
    if (row) await this.dataSource.getRepository(RefreshToken).update({ familyId: row.familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (access) await this.revocations.deny(access);
  }

  /** Every other session of the user ends; the caller gets a fresh one. */
  async changePassword(uow: UnitOfWork, user: User, current: string, next: string): Promise<SessionResult> {
    if (!(await verifyPassword(user.passwordHash, current))) {
      return { error: userError(["input", "currentPassword"], AuthErrorCode.INVALID_CREDENTIALS, "The current password is wrong.") };
    }
    user.passwordHash = await hashPassword(next);
    await this.revokeEverything(uow, user);
    await uow.scope.save(user);
    return { session: await this.open(uow.manager, user, randomUUID()) };
  }

  /**
   * The user's access tokens stop working once the caller saves the user; a refresh issues new
   * ones with current grants.
   */
  invalidateAccess(uow: UnitOfWork, user: User): void {
    user.tokenVersion += 1;
    // Cleared after the commit, or a request in between could cache the old version again.
    uow.afterCommit(() => this.revocations.forgetVersion(user.id));
  }

  /** Signs the user out everywhere (once the caller saves the user): access tokens by the version bump, refresh tokens now. */
  async revokeEverything(uow: UnitOfWork, user: User): Promise<void> {
    this.invalidateAccess(uow, user);
    await uow.manager.update(RefreshToken, { userId: user.id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async open(manager: EntityManager, user: User, familyId: string): Promise<Session> {
    const grants = await grantsOf(manager, user.tenantId, user.id);
    const access = await this.tokens.issueAccess({
      sub: user.id,
      tid: user.tenantId,
      ver: user.tokenVersion,
      perms: grants.permissions,
      adm: grants.admin,
      vis: grants.visibility,
      teams: grants.teamIds,
    });
    const refresh = this.tokens.newRefreshToken();
    await manager.insert(RefreshToken, { tenantId: user.tenantId, userId: user.id, tokenHash: refresh.hash, familyId, expiresAt: refresh.expiresAt, revokedAt: null });
    return { accessToken: access.token, accessTokenExpiresAt: access.expiresAt, refreshToken: refresh.token, refreshTokenExpiresAt: refresh.expiresAt, user };
  }

  private lockedError(until: Date): UserError {
    const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
    return userError(null, AuthErrorCode.LOCKED, `Too many failed sign-ins; the account is locked for ${minutes} more minute(s).`);
  }
}
