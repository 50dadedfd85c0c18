import { DEMO_TENANT, ensureDemoTenant } from "../../core/tenancy/demo-tenant";
import { sfaModule } from "../../modules/sfa";
import { AuthLoginDocument } from "../../schema/generated/graphql";
import { TestApp } from "../harness/test-app";

describe("demo data", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], authenticate: "identity" });
  });
  afterAll(() => app.stop());

  it("gives a new install a demo tenant to sign in to, with customers, history, a catalogue and deals, once", async () => {
    const tenant = await ensureDemoTenant(app.services);
    expect((await ensureDemoTenant(app.services)).id).toBe(tenant.id);

    const { authLogin } = await app.client.data(AuthLoginDocument, { input: { tenant: DEMO_TENANT.slug, email: DEMO_TENANT.admin.email, password: DEMO_TENANT.admin.password } });
    expect(authLogin.userErrors).toEqual([]);
    const admin = app.client.as(authLogin.session!.accessToken);
    const seen = await admin.data<{
      accounts: { totalCount: number };
      contacts: { nodes: { timeline: { totalCount: number } }[] };
      products: { totalCount: number };
      opportunities: { nodes: { name: string; status: string; stage: { name: string } }[] };
    }, Record<string, never>>(`{
      accounts { totalCount }
      contacts(first: 100) { nodes { timeline { totalCount } } }
      products { totalCount }
      opportunities(first: 10) { nodes { name status stage { name } } }
    }`);
    expect(seen.accounts.totalCount).toBe(4);
    expect(seen.contacts.nodes.map((contact) => contact.timeline.totalCount)).toEqual(Array(8).fill(1));
    expect(seen.products.totalCount).toBe(3);
    expect(seen.opportunities.nodes.map((o) => [o.name, o.status, o.stage.name]).sort()).toEqual([
      ["Acme: 200 seats", "OPEN", "Proposal"],
      ["Globex rollout", "OPEN", "Negotiation"],
      ["Initech pilot", "OPEN", "Qualification"],
      ["Initech support renewal", "LOST", "Closed lost"],
      ["Umbrella onboarding", "WON", "Closed won"],
    ]);
    const [{ n }] = await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM account");
    expect(Number(n)).toBe(4);
  });
});
