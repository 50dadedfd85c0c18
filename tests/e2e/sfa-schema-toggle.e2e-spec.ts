import { getIntrospectionQuery, type IntrospectionQuery } from "graphql";
import { sfaModule } from "../../modules/sfa";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

/** Type names and `Type.field` names the sales module brings; core has nothing that matches. */
const SALES_TYPE = /^(Opportunit|Pipeline|Lead|Quote|Order|Activit|Forecast|Quota|CalendarFeed|Sales|StageOutcome)/;
const SALES_FIELD = /opportunit|pipeline|lead|quote|order[A-Z]|activit|forecast|quota|calendarFeed/i;

async function surface(enabled: string[] | undefined): Promise<{ types: string[]; fields: string[] }> {
  const app = await TestApp.start({ modules: [sfaModule], enabled });
  try {
    const response = await app.client.as(tokenFor({ tenantId: "1", admin: true })).data<IntrospectionQuery, Record<string, never>>(getIntrospectionQuery());
    const types = response.__schema.types.filter((type) => !type.name.startsWith("__"));
    const fields = types.flatMap((type) => ("fields" in type && type.fields ? type.fields.map((field) => `${type.name}.${field.name}`) : []));
    return { types: types.map((type) => type.name), fields };
  } finally {
    await app.stop();
  }
}

describe("sfa switched off for the deployment", () => {
  it("leaves none of its types or fields in the schema, and has them when on", async () => {
    const off = await surface([]);
    expect(off.types.filter((name) => SALES_TYPE.test(name))).toEqual([]);
    expect(off.fields.filter((name) => SALES_FIELD.test(name.split(".")[1]!))).toEqual([]);

    const on = await surface(["sfa"]);
    expect(on.types).toEqual(expect.arrayContaining(["Opportunity", "Pipeline", "PipelineStage"]));
    expect(on.fields).toEqual(expect.arrayContaining(["Account.opportunities", "Contact.opportunities", "Customer360.opportunities", "Query.opportunities"]));
  });
});
