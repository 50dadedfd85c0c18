import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { Logger } from "../observability/logger";
import { User } from "./identity.entities";
import type { VerifiedAccess } from "./tokens";

const VERSION_TTL_S = 300;

/**
 * Whether an access token still stands: not logged out (a jti denylist) and issued at the user's
 * current token version (bumped by a password change, a role change or disabling the user).
 * Redis answers both in one round trip; while Redis is down the database answers for the
 * version and the denylist is skipped, so an outage costs one query per request, not the API.
 */
export class TokenRevocations {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
  ) {}

  private denyKey(jti: string): string {
    return `${this.prefix}:auth:deny:${jti}`;
  }

  private versionKey(userId: string): string {
    return `${this.prefix}:auth:ver:${userId}`;
  }

  async stands(token: VerifiedAccess): Promise<boolean> {
    let denied = false;
    let version: number | null = null;
    try {
      const [[, exists], [, cached]] = (await this.redis.pipeline().exists(this.denyKey(token.jti)).get(this.versionKey(token.sub)).exec()) as [
        [Error | null, number],
        [Error | null, string | null],
      ];
      denied = exists === 1;
      version = cached === null ? null : Number(cached);
    } catch (error) {
      this.logger.warn({ err: error }, "token check fell back to the database");
    }
    if (denied) return false;
    if (version === null) version = await this.loadVersion(token.sub);
    return version === token.ver;
  }

  /** Logout: the token dies now rather than at its expiry. */
  async deny(token: VerifiedAccess): Promise<void> {
    const ttl = token.exp - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.redis.set(this.denyKey(token.jti), "1", "EX", ttl).catch(() => undefined);
  }

  /** After the version changed in the database; the cache must not keep the old one. */
  async forgetVersion(userId: string): Promise<void> {
    await this.redis.del(this.versionKey(userId)).catch((error: unknown) => this.logger.warn({ err: error, userId }, "token version cache not cleared"));
  }

  private async loadVersion(userId: string): Promise<number> {
    const user = await this.dataSource.getRepository(User).findOne({ select: { id: true, tokenVersion: true }, where: { id: userId } });
    const version = user?.tokenVersion ?? -1;
    await this.redis.set(this.versionKey(userId), String(version), "EX", VERSION_TTL_S).catch(() => undefined);
    return version;
  }
}
