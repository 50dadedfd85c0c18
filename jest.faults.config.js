const base = require("./jest.config");

/**
 * Fault tests: each file starts its own MariaDB and Redis and breaks them (or kills processes),
 * so they run apart from the normal suite, one file at a time on a small machine.
 */
/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testMatch: ["<rootDir>/tests/faults/**/*.fault-spec.ts"],
  maxWorkers: 1,
  testTimeout: 180_000,
};
