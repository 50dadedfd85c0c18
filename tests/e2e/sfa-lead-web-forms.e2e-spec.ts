import { sfaModule } from "../../modules/sfa";
import { TenantModuleSwitchDocument, WebFormCreateDocument, WebFormUpdateDocument, WebFormsDocument, type WebFormCreateInput, type WebFormFieldsFragment } from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { sleep } from "../harness/wait";

const SITE = "https://www.example.test";
const PUBLIC_URL = "https://crm.example.test";

interface FormAnswer {
  status: number;
  headers: Headers;
  body: { status?: string; token?: string; userErrors?: { field: string[] | null; code: string; message: string }[]; errors?: { extensions: { code: string } }[] };
}

describe("sfa: leads from public web forms", () => {
  let app: TestApp;
  let admin: GraphQLClient;
  let form: WebFormFieldsFragment;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], workers: true, env: { PUBLIC_URL } });
    admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
    form = await createForm({ name: "Contact us", allowedOrigins: [`${SITE}/`], fieldMapping: [{ formField: "your-email", leadField: "email" }], minFillSeconds: 1 });
  });
  afterAll(() => app.stop());

  async function createForm(input: WebFormCreateInput, as = admin): Promise<WebFormFieldsFragment> {
    const result = (await as.data(WebFormCreateDocument, { input })).webFormCreate;
    expect(result.userErrors).toEqual([]);
    return result.webForm!;
  }

  /** The test's own server at the path of a URL (or path) the API handed out for PUBLIC_URL. */
  function local(url: string): string {
    return `${app.url}${new URL(url, PUBLIC_URL).pathname}`;
  }

  async function call(method: string, path: string, init: { origin?: string | null; json?: object; form?: Record<string, string> } = {}): Promise<FormAnswer> {
    const headers: Record<string, string> = {};
    if (init.origin !== null) headers.origin = init.origin ?? SITE;
    let body: string | undefined;
    if (init.json) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(init.json);
    } else if (init.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(init.form).toString();
    }
    const response = await fetch(local(path), { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {} };
  }

  /** A token as the form's page gets it, aged past the form's minimum fill time. */
  async function agedToken(target: WebFormFieldsFragment): Promise<string> {
    const answer = await call("GET", target.tokenUrl);
    expect(answer.status).toBe(200);
    await sleep(target.minFillSeconds * 1000 + 100);
    return answer.body.token!;
  }

  async function leadsNamed(lastName: string) {
    return app.query<{ email: string | null; source: string; company: string | null; tenant_id: string }>(
      "SELECT email, source, company, tenant_id FROM sales_lead WHERE last_name = ?",
      [lastName],
    );
  }

  it("creates forms with a random key, their endpoint, and checks their settings", async () => {
    expect(form).toMatchObject({
      name: "Contact us",
      active: true,
      allowedOrigins: [SITE],
      honeypotField: "fax",
      minFillSeconds: 1,
      rateLimitPerHour: 20,
      endpointUrl: `${PUBLIC_URL}/sfa/forms/${form.formKey}`,
      tokenUrl: `${PUBLIC_URL}/sfa/forms/${form.formKey}/token`,
    });
    expect(form.formKey).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const bad = (await admin.data(WebFormCreateDocument, { input: { name: "Bad", allowedOrigins: ["https://x.test/path", "ftp://x.test"], honeypotField: "email", fieldMapping: [{ formField: "_token", leadField: "email" }] } })).webFormCreate;
    expect(bad.userErrors).toEqual([
      expect.objectContaining({ field: ["input", "allowedOrigins", "0"], code: "INVALID" }),
      expect.objectContaining({ field: ["input", "allowedOrigins", "1"], code: "INVALID" }),
      expect.objectContaining({ field: ["input", "fieldMapping", "0", "formField"], code: "INVALID" }),
      expect.objectContaining({ field: ["input", "honeypotField"], code: "INVALID" }),
    ]);
    const rep = app.client.as(tokenFor({ tenantId: "1", permissions: ["sfa.leads.read", "sfa.leads.write"] }));
    expect((await rep.request(WebFormsDocument)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await admin.data(WebFormsDocument)).webForms.map((f) => f.name)).toEqual(["Contact us"]);
  });

  it("hands the page a token with CORS for its origin, and answers preflights", async () => {
    const token = await call("GET", form.tokenUrl);
    expect(token.status).toBe(200);
    expect(token.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(token.body).toMatchObject({ token: expect.stringMatching(/^v1\.\d+\.[\w-]+\.[\w-]+$/), honeypotField: "fax", minFillSeconds: 1, fields: expect.arrayContaining(["email", "your-email", "lastName"]) });
    const preflight = await fetch(local(form.endpointUrl), { method: "OPTIONS", headers: { origin: SITE, "access-control-request-method": "POST", "access-control-request-headers": "content-type" } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
  });

  it("captures a lead from a JSON post and from a urlencoded one, over real HTTP", async () => {
    const json = await call("POST", form.endpointUrl, { json: { lastName: "Shannon", firstName: "Claude", "your-email": "Claude@Bell.example", company: "Bell Labs", message: "Call me", _token: await agedToken(form) } });
    expect(json).toMatchObject({ status: 202, body: { status: "RECEIVED" } });
    expect(json.headers.get("access-control-allow-origin")).toBe(SITE);
    expect(await leadsNamed("Shannon")).toEqual([{ email: "claude@bell.example", source: "WEB_FORM", company: "Bell Labs", tenant_id: "1" }]);
    const urlencoded = await call("POST", form.endpointUrl, { origin: null, form: { lastName: "Wiener", email: "norbert@mit.example", _token: await agedToken(form) } });
    expect(urlencoded.status).toBe(202);
    expect(await leadsNamed("Wiener")).toEqual([{ email: "norbert@mit.example", source: "WEB_FORM", company: null, tenant_id: "1" }]);
    await app.settle();
    const [{ n }] = await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'sfa.lead.created.v1'");
    expect(Number(n)).toBe(2);
  });

  it("drops a submission that fills the honeypot, answering as if it were received", async () => {
    const answer = await call("POST", form.endpointUrl, { json: { lastName: "Robot", email: "bot@spam.example", fax: "555", _token: await agedToken(form) } });
    expect(answer).toMatchObject({ status: 202, body: { status: "RECEIVED" } });
    expect(await leadsNamed("Robot")).toEqual([]);
  });

  it("refuses a form sent too fast, without a token or with another form's token", async () => {
    const fresh = (await call("GET", form.tokenUrl)).body.token!;
    const fast = await call("POST", form.endpointUrl, { json: { lastName: "Hasty", email: "hasty@example.com", _token: fresh } });
    expect(fast.status).toBe(422);
    expect(fast.body.userErrors).toEqual([expect.objectContaining({ field: ["_token"], code: "TOO_FAST" })]);
    const none = await call("POST", form.endpointUrl, { json: { lastName: "Hasty", email: "hasty@example.com" } });
    expect(none.body.userErrors).toEqual([expect.objectContaining({ field: ["_token"], code: "REQUIRED" })]);
    const other = await createForm({ name: "Other", allowedOrigins: [SITE], minFillSeconds: 0 });
    const foreign = await call("POST", other.endpointUrl, { json: { lastName: "Hasty", email: "hasty@example.com", _token: await agedToken(form) } });
    expect(foreign.body.userErrors).toEqual([expect.objectContaining({ field: ["_token"], code: "INVALID" })]);
    const forged = fresh.replace(/^v1\.\d+/, "v1.1000");
    expect((await call("POST", form.endpointUrl, { json: { lastName: "Hasty", email: "hasty@example.com", _token: forged } })).body.userErrors).toEqual([
      expect.objectContaining({ field: ["_token"], code: "INVALID" }),
    ]);
    expect(await leadsNamed("Hasty")).toEqual([]);
  });

  it("answers 422 with errors under the page's own field names", async () => {
    const answer = await call("POST", form.endpointUrl, { json: { "your-email": "not-mail", country: "Atlantis", _token: await agedToken(form) } });
    expect(answer.status).toBe(422);
    expect(answer.body.errors?.[0]?.extensions.code).toBe("BAD_USER_INPUT");
    expect(answer.body.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: ["your-email"], code: "INVALID" }),
        expect.objectContaining({ field: ["country"], code: "INVALID" }),
        expect.objectContaining({ field: ["lastName"], code: "REQUIRED" }),
      ]),
    );
  });

  it("refuses browsers on other origins, before anything is written", async () => {
    const answer = await call("POST", form.endpointUrl, { origin: "https://evil.test", json: { lastName: "Mallory", email: "m@evil.test", _token: await agedToken(form) } });
    expect(answer.status).toBe(403);
    expect(answer.headers.get("access-control-allow-origin")).toBeNull();
    expect(await leadsNamed("Mallory")).toEqual([]);
  });

  it("limits submissions per address and form in Redis", async () => {
    const limited = await createForm({ name: "Limited", allowedOrigins: [SITE], minFillSeconds: 0, rateLimitPerHour: 2 });
    const token = await agedToken(limited);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await call("POST", limited.endpointUrl, { json: { lastName: `Burst${i}`, email: `burst${i}@example.com`, _token: token } })).status);
    expect(statuses).toEqual([202, 202, 429]);
    const refused = await call("POST", limited.endpointUrl, { json: { lastName: "Burst9", email: "burst9@example.com", _token: token } });
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await leadsNamed("Burst2")).toEqual([]);
    const keys = await app.services.redis.keys(`${app.config.REDIS_PREFIX}:sfa:web-form:*`);
    expect(keys.length).toBeGreaterThan(0);
    // Other forms keep their own allowance.
    expect((await call("POST", form.endpointUrl, { json: { lastName: "Calm", email: "calm@example.com", _token: await agedToken(form) } })).status).toBe(202);
  });

  it("answers 404 for an unknown key, an inactive form, and a tenant that switched the module off", async () => {
    expect((await call("POST", "/sfa/forms/no-such-key", { json: { lastName: "X" } })).status).toBe(404);
    expect((await call("GET", "/sfa/forms/no-such-key/token")).status).toBe(404);
    const paused = await createForm({ name: "Paused", allowedOrigins: [SITE], minFillSeconds: 0 });
    const token = await agedToken(paused);
    const off = (await admin.data(WebFormUpdateDocument, { input: { id: paused.id, active: false } })).webFormUpdate;
    expect(off.webForm!.active).toBe(false);
    expect((await call("POST", paused.endpointUrl, { json: { lastName: "Paused", email: "p@example.com", _token: token } })).status).toBe(404);

    const other = app.client.as(tokenFor({ tenantId: "3", admin: true }));
    const elsewhere = await createForm({ name: "Tenant 3", allowedOrigins: [SITE], minFillSeconds: 0 }, other);
    const theirToken = await agedToken(elsewhere);
    expect((await other.data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled: false } })).tenantModuleSwitch.userErrors).toEqual([]);
    expect((await call("POST", elsewhere.endpointUrl, { json: { lastName: "Switched", email: "s@example.com", _token: theirToken } })).status).toBe(404);
    expect((await call("GET", elsewhere.tokenUrl)).status).toBe(404);
    expect(await leadsNamed("Switched")).toEqual([]);
    // Tenant 1 still captures.
    expect((await call("POST", form.endpointUrl, { json: { lastName: "Still", email: "still@example.com", _token: await agedToken(form) } })).status).toBe(202);
  });

  it("gives a form a new key that stops the old page working", async () => {
    const old = form.endpointUrl;
    const token = await agedToken(form);
    const renewed = (await admin.data(WebFormUpdateDocument, { input: { id: form.id, regenerateKey: true } })).webFormUpdate.webForm!;
    expect(renewed.formKey).not.toBe(form.formKey);
    expect((await call("POST", old, { json: { lastName: "Old", email: "old@example.com", _token: token } })).status).toBe(404);
    const stale = await call("POST", renewed.endpointUrl, { json: { lastName: "Old", email: "old@example.com", _token: token } });
    expect(stale.body.userErrors).toEqual([expect.objectContaining({ code: "INVALID" })]);
  });
});
