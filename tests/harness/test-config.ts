import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig, type Config } from "../../core/config/config";

/** A database and a Redis key prefix of its own for every test app, so runs never collide. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const id = `${process.pid}_${randomBytes(3).toString("hex")}`;
  return loadConfig({
    ...process.env,
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DB_NAME: `crm_test_${id}`,
    REDIS_PREFIX: `crm-test-${id}`,
    PORT: "0",
    HOST: "127.0.0.1",
    SHUTDOWN_TIMEOUT_MS: "5000",
    OUTBOX_SWEEP_MS: "500",
    FILE_STORAGE_DIR: join(tmpdir(), `crm-test-files-${id}`),
    ...overrides,
  });
}
