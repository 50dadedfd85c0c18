import { Redis, type RedisOptions } from "ioredis";
import type { Config } from "../config/config";

/**
 * The one connection policy. Workers block on Redis and must never give up on a command
 * (BullMQ requires `maxRetriesPerRequest: null`); producers fail fast while Redis is down so that
 * a request or the outbox relay is not held hostage, and the outbox keeps what could not be sent.
 */
export type RedisRole = "worker" | "producer";

export function createRedis(config: Config, role: RedisRole, overrides: RedisOptions = {}): Redis {
  const options: RedisOptions =
    role === "worker"
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000 };
  return new Redis(config.REDIS_URL, {
    lazyConnect: false,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
    ...options,
    ...overrides,
  });
}
