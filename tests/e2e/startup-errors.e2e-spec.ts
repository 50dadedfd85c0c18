import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT, platformEnv, runToExit } from "../harness/child-process";
import { dropDatabase } from "../harness/test-app";
import { testConfig } from "../harness/test-config";
import { freePort } from "../harness/wait";

const API = join(REPO_ROOT, "dist", "bin", "api.js");

/** The built API, started as a deployment would start it, with one thing wrong each time. */
describe("startup failures name what to fix and exit 1", () => {
  const config = testConfig();
  let closedPort: number;

  beforeAll(async () => {
    // `npm test` builds first; a bare `jest` run may not have.
    if (!existsSync(API)) await promisify(execFile)("npm", ["run", "build"], { cwd: REPO_ROOT, timeout: 120_000 });
    closedPort = await freePort();
  }, 150_000);
  // The Redis case gets as far as creating the database.
  afterAll(() => dropDatabase(config));

  it.each<[string, () => Record<string, string>, RegExp[]]>([
    ["the database is unreachable", () => ({ DB_PORT: String(closedPort) }), [/MySQL\/MariaDB/, /\bDB_HOST\b/]],
    ["Redis is unreachable", () => ({ REDIS_URL: `redis://127.0.0.1:${closedPort}` }), [/\bRedis\b/, /\bREDIS_URL\b/]],
    ["PORT is not a number", () => ({ PORT: "notanumber" }), [/(^|\s)PORT\b/]],
    ["CRM_MODULES names an unknown module", () => ({ CRM_MODULES: "nope" }), [/\bCRM_MODULES\b/, /'nope'/]],
    ["a module's own variable is invalid", () => ({ SFA_LEAD_SWEEP_MS: "soon" }), [/Module 'sfa' configuration is invalid/, /\bSFA_LEAD_SWEEP_MS\b/]],
  ])("when %s", async (_case, env, expected) => {
    const result = await runToExit(process.execPath, [API], platformEnv(config, env()), 20_000);
    expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
    for (const pattern of expected) expect(result.stderr).toMatch(pattern);
    // A message for an operator, not a stack trace.
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
