import type { Redis } from "ioredis";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config";
import type { TransactionRunner } from "../db/unit-of-work";
import type { Authenticate } from "../graphql/context";
import type { Logger } from "../observability/logger";
import { ApiKeyAuthenticator } from "./api-keys";
import { createAuthenticator } from "./authenticate";
import { SessionService } from "./sessions.service";
import { TokenRevocations } from "./token-revocations";
import { TokenService } from "./tokens";

/** Identity's collaborators, built once per process. */
export class IdentityServices {
  readonly tokens: TokenService;
  readonly revocations: TokenRevocations;
  readonly apiKeys: ApiKeyAuthenticator;
  readonly sessions: SessionService;
  readonly authenticate: Authenticate;

  constructor(config: Config, dataSource: DataSource, transactions: TransactionRunner, redis: Redis, logger: Logger) {
    this.tokens = new TokenService(config);
    this.revocations = new TokenRevocations(redis, config.REDIS_PREFIX, dataSource, logger);
    this.apiKeys = new ApiKeyAuthenticator(dataSource);
    this.sessions = new SessionService(config, dataSource, transactions, redis, this.tokens, this.revocations);
    this.authenticate = createAuthenticator(config, this.tokens, this.revocations, this.apiKeys);
  }
}
