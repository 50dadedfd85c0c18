const { readFileSync } = require("node:fs");

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, "utf8"));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.spec.ts", "**/*.e2e-spec.ts"],
  transform: {
    "^.+\\.ts$": ["@swc/jest", { ...swc, sourceMaps: "inline" }],
    // jose ships only ES modules; Node 20 requires them natively, Jest's CommonJS runtime cannot.
    "/node_modules/jose/.+\\.js$": ["@swc/jest", { module: { type: "commonjs" } }],
  },
  transformIgnorePatterns: ["/node_modules/(?!jose/)"],
  setupFiles: ["reflect-metadata"],
  // Each e2e file boots the API against its own database; two cores, so two at a time.
  maxWorkers: 2,
  testTimeout: 60_000,
};
