import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ZodObject, type ZodType } from "zod";
import { CONFIG_VARIABLES } from "../../core/config/config";
import { MODULES } from "../../bin/composition";

const root = join(__dirname, "..", "..");
const envExample = readFileSync(join(root, ".env.example"), "utf8");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** A module's variables: the keys of its config schema (zod keeps a refined object an object); NODE_ENV is core's. */
function moduleVariables(schema: ZodType | undefined): string[] {
  return schema instanceof ZodObject ? Object.keys(schema.shape).filter((key) => key !== "NODE_ENV") : [];
}

describe("configuration documentation", () => {
  const variables = [...CONFIG_VARIABLES, ...MODULES.flatMap((module) => moduleVariables(module.config))];

  it.each(variables)("%s is in .env.example and in the README's table", (name) => {
    expect(envExample).toMatch(new RegExp(`^#? ?${name}=`, "m"));
    // A row may name several variables: | `HOST`, `PORT` | …
    expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${name}\`[^|]*\\|`, "m"));
  });
});
