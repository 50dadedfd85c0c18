const tseslint = require("typescript-eslint");
const boundaries = require("eslint-plugin-boundaries");

const element = (type) => ({ element: { type } });
const allow = (from, to) => ({ from: element(from), allow: to.map((type) => ({ to: element(type) })) });

/**
 * Lint is mostly here for the architecture: core never imports a module, a module never imports
 * another module. Type errors are the compiler's job (npm run typecheck).
 */
module.exports = tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "schema/generated/**", "coverage/**", "*.config.js"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts"],
    plugins: { boundaries },
    settings: {
      "boundaries/include": ["core/**/*", "modules/**/*", "bin/**/*", "migrations/**/*", "tests/**/*", "bench/**/*"],
      // Relative imports of .ts files must resolve, or the plugin cannot tell whose they are.
      "import/resolver": { node: { extensions: [".ts", ".js"] } },
      "boundaries/elements": [
        { type: "core", pattern: "core" },
        { type: "module", pattern: "modules/*", capture: ["name"] },
        { type: "migrations", pattern: "migrations" },
        { type: "bin", pattern: "bin" },
        { type: "tests", pattern: "tests" },
        { type: "bench", pattern: "bench" },
      ],
    },
    rules: {
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          policies: [
            allow("core", ["core"]),
            allow("module", ["core"]),
            { from: element("module"), allow: { to: { element: { type: "module", captured: { name: "{{from.captured.name}}" } } } } },
            allow("migrations", ["migrations"]),
            allow("bin", ["core", "module", "migrations", "bin"]),
            allow("tests", ["core", "module", "migrations", "bin", "tests"]),
            allow("bench", ["core", "module", "migrations", "bin", "bench"]),
          ],
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-require-imports": "off",
      "no-console": "error",
    },
  },
);
