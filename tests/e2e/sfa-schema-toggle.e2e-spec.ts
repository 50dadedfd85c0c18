import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from "graphql";
import type { ModuleManifest } from "../../core/kernel/module";
import { sfaModule } from "../../modules/sfa";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

/** The schema a deployment serves, as SDL, read over HTTP by introspection as a client would. */
async function servedSchema(modules: readonly ModuleManifest[], enabled?: string[]): Promise<string> {
  const app = await TestApp.start({ modules, enabled });
  try {
    const response = await app.client.as(tokenFor({ tenantId: "1", admin: true })).data<IntrospectionQuery, Record<string, never>>(getIntrospectionQuery());
    return printSchema(buildClientSchema(response));
  } finally {
    await app.stop();
  }
}

describe("sfa switched off for the deployment", () => {
  it("serves exactly core's schema: none of the module's types or the fields it adds to core types", async () => {
    // One after the other, the module last: type-graphql keeps in its process-wide metadata what a
    // schema build attached to core types, so a build after one with the module would inherit it.
    // A deployment builds its schema once per process.
    const coreOnly = await servedSchema([]);
    const switchedOff = await servedSchema([sfaModule], []);
    const switchedOn = await servedSchema([sfaModule], ["sfa"]);
    expect(switchedOff).toBe(coreOnly);
    for (const added of ["type Opportunity implements Node", "type Lead implements Node", "type Quote implements Node", "type Activity implements Node", "type Forecast"]) {
      expect(switchedOn).toContain(added);
      expect(switchedOff).not.toContain(added);
    }
    expect(switchedOn).toMatch(/type Account implements Node \{[^}]*\n  opportunities\(/);
    expect(switchedOff).not.toMatch(/\n  (opportunities|activities|orders)\(/);
  });
});
