import { TenantScope } from "../../core/db/tenant-scope";
import { fromGlobalId } from "../../core/graphql/relay/global-id";
import type { User } from "../../core/identity/identity.entities";
import { sfaModule } from "../../modules/sfa";
import { startLeadImport } from "../../modules/sfa/jobs/lead-import.job";
import {
  GdprEraseDocument,
  GdprExportDocument,
  GdprRequestDocument,
  LeadConvertDocument,
  LeadCreateDocument,
  LeadDisqualifyDocument,
  LeadImportDocument,
  LeadNodeDocument,
  LeadQualifyDocument,
  LeadUpdateDocument,
  LeadsDocument,
  TenantModuleSwitchDocument,
  type LeadCreateInput,
  type LeadFieldsFragment,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import { csv, download } from "../harness/data-transfer";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

const SALES = ["sfa.leads.read", "sfa.leads.write", "sfa.opportunities.read", "accounts.read", "contacts.read"];

describe("sfa: leads — capture, qualification, conversion", () => {
  let app: TestApp;
  let customers: Customers;
  let rep: User;
  let client: GraphQLClient;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], workers: true, env: { IMPORT_MAX_BYTES: "20000" } });
    customers = new Customers(app, "1");
    rep = await customers.user({ name: "Rep" });
    client = app.client.as(tokenFor({ tenantId: "1", id: rep.id, permissions: SALES }));
  });
  afterAll(() => app.stop());

  async function create(input: LeadCreateInput, as = client) {
    return (await as.data(LeadCreateDocument, { input })).leadCreate;
  }

  async function created(input: LeadCreateInput): Promise<LeadFieldsFragment> {
    const result = await create(input);
    expect(result.userErrors).toEqual([]);
    return result.lead!;
  }

  async function count(table: string): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM \`${table}\``);
    return Number(n);
  }

  async function events(type: string): Promise<Record<string, unknown>[]> {
    const found = await app.query<{ payload: string | object }>("SELECT payload FROM outbox_event WHERE type = ? ORDER BY id", [type]);
    return found.map(({ payload }) => (typeof payload === "string" ? JSON.parse(payload) : payload));
  }

  const rowId = (globalId: string) => fromGlobalId(globalId).rowId;

  async function qualified(input: LeadCreateInput): Promise<LeadFieldsFragment> {
    const lead = await created(input);
    const result = (
      await client.data(LeadQualifyDocument, {
        input: {
          id: lead.id,
          qualification: { budget: "APPROVED", budgetAmount: { amount: 48_000_00, currency: "EUR" }, authority: "DECISION_MAKER", need: "Replace spreadsheets", timeline: "THIS_QUARTER" },
        },
      })
    ).leadQualify;
    expect(result.userErrors).toEqual([]);
    return result.lead!;
  }

  it("captures a lead through the API, normalised, owned by its creator when no rule takes it, and announces it", async () => {
    const lead = await created({ firstName: " Ada ", lastName: "Lovelace", email: " Ada@Example.COM ", phone: "01 40 00 00 00", country: "fr", company: "Analytical Engines", website: "engines.example", score: 40 });
    expect(lead).toMatchObject({
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.com",
      phone: "+33140000000",
      country: "FR",
      website: "https://engines.example",
      source: "API",
      status: "NEW",
      score: 40,
      owner: { id: gid.user(rep), name: "Rep" },
      assignmentRule: null,
      respondBy: null,
      qualification: { budget: "UNKNOWN", authority: "UNKNOWN", need: null, timeline: "UNKNOWN", missing: ["budget", "authority", "need", "timeline"] },
    });
    expect(await events("sfa.lead.created.v1")).toEqual([{ leadId: rowId(lead.id), source: "API", externalRef: null }]);
    expect(await events("sfa.lead.assigned.v1")).toEqual([{ leadId: rowId(lead.id), ownerId: rep.id, previousOwnerId: null, ruleId: null, reason: "MANUAL" }]);
  });

  it("refuses bad input with userErrors naming each field, and writes nothing", async () => {
    const before = await count("sales_lead");
    const other = await new Customers(app, "2").user();
    const result = await create({ lastName: "  ", email: "not-an-email", country: "XX", score: 150, ownerId: gid.user(other), website: "ftp:nope" });
    expect(result.lead).toBeNull();
    expect(result.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: ["input", "lastName"], code: "REQUIRED" }),
        expect.objectContaining({ field: ["input", "email"], code: "INVALID" }),
        expect.objectContaining({ field: ["input", "country"], code: "INVALID" }),
        expect.objectContaining({ field: ["input", "score"], code: "INVALID" }),
        expect.objectContaining({ field: ["input", "website"], code: "INVALID" }),
        expect.objectContaining({ field: ["input", "ownerId"], code: "NOT_FOUND" }),
      ]),
    );
    const unreachable = await create({ lastName: "Nobody" });
    expect(unreachable.userErrors).toEqual([{ field: ["input", "email"], code: "REQUIRED", message: "A lead needs an email address or a phone number." }]);
    await created({ lastName: "Ref", email: "ref@example.com", externalRef: "crm-42" });
    const again = await create({ lastName: "Ref again", email: "ref2@example.com", externalRef: "crm-42" });
    expect(again.userErrors).toEqual([expect.objectContaining({ field: ["input", "externalRef"], code: "TAKEN" })]);
    expect(await count("sales_lead")).toBe(before + 1);
  });

  it("lists leads newest first with filters and keyset pages", async () => {
    await created({ lastName: "Turing", email: "alan@bletchley.example", company: "Bletchley Park", source: "OTHER" });
    const page = await client.data(LeadsDocument, { first: 2 });
    expect(page.leads.nodes.map((lead) => lead.lastName)).toEqual(["Turing", "Ref"]);
    expect(page.leads.pageInfo.hasNextPage).toBe(true);
    const next = await client.data(LeadsDocument, { first: 2, after: page.leads.pageInfo.endCursor });
    expect(next.leads.nodes.map((lead) => lead.lastName)).toEqual(["Lovelace"]);
    const found = await client.data(LeadsDocument, { filter: { search: "bletch" } });
    expect(found.leads.nodes.map((lead) => lead.lastName)).toEqual(["Turing"]);
    expect((await client.data(LeadsDocument, { filter: { source: "OTHER" } })).leads.totalCount).toBe(1);
    expect((await client.data(LeadsDocument, { filter: { ownerId: gid.user(rep), status: ["NEW"] } })).leads.totalCount).toBe(3);
    expect((await client.data(LeadsDocument, { filter: { unassigned: true } })).leads.totalCount).toBe(0);
  });

  it("counts the owner's change as their first action, and keeps statuses to their mutations", async () => {
    const lead = await created({ lastName: "Hopper", email: "grace@navy.example" });
    const manager = app.client.as(tokenFor({ tenantId: "1", id: (await customers.user({ name: "Manager" })).id, admin: true }));
    const byManager = (await manager.data(LeadUpdateDocument, { input: { id: lead.id, title: "Rear Admiral" } })).leadUpdate;
    expect(byManager.lead).toMatchObject({ title: "Rear Admiral", firstActionAt: null });
    const byOwner = (await client.data(LeadUpdateDocument, { input: { id: lead.id, status: "WORKING", qualification: { need: "Compilers" } } })).leadUpdate;
    expect(byOwner.lead).toMatchObject({ status: "WORKING", firstActionAt: expect.any(String), qualification: { need: "Compilers" } });
    const skipped = (await client.data(LeadUpdateDocument, { input: { id: lead.id, status: "QUALIFIED" } })).leadUpdate;
    expect(skipped.userErrors).toEqual([expect.objectContaining({ field: ["input", "status"], code: "INVALID" })]);
    const cleared = (await client.data(LeadUpdateDocument, { input: { id: lead.id, email: null } })).leadUpdate;
    expect(cleared.userErrors).toEqual([expect.objectContaining({ field: ["input", "email"], code: "REQUIRED" })]);
  });

  it("qualifies only with budget, authority, need and timeline known, saying what is missing", async () => {
    const lead = await created({ lastName: "Curie", email: "marie@radium.example", company: "Radium Institute" });
    const incomplete = (await client.data(LeadQualifyDocument, { input: { id: lead.id, qualification: { budget: "NONE", need: "  " } } })).leadQualify;
    expect(incomplete.lead).toBeNull();
    expect(incomplete.userErrors).toEqual([
      { field: ["input", "qualification", "budget"], code: "QUALIFICATION_INCOMPLETE", message: "Budget: the prospect must have money planned or approved." },
      { field: ["input", "qualification", "authority"], code: "QUALIFICATION_INCOMPLETE", message: "Authority: say what part the lead plays in the decision." },
      { field: ["input", "qualification", "need"], code: "QUALIFICATION_INCOMPLETE", message: "Need: describe the problem the prospect wants solved." },
      { field: ["input", "qualification", "timeline"], code: "QUALIFICATION_INCOMPLETE", message: "Timeline: say when the prospect means to buy." },
    ]);
    const badMoney = (await client.data(LeadQualifyDocument, { input: { id: lead.id, qualification: { budgetAmount: { amount: 5, currency: "ZZZ" } } } })).leadQualify;
    expect(badMoney.userErrors).toEqual([expect.objectContaining({ field: ["input", "qualification", "budgetAmount", "currency"], code: "UNKNOWN_CURRENCY" })]);
    const done = (
      await client.data(LeadQualifyDocument, {
        input: { id: lead.id, score: 90, qualification: { budget: "PLANNED", budgetAmount: { amount: 10_000_00, currency: "eur" }, authority: "INFLUENCER", need: "Isotopes", timeline: "THIS_YEAR" } },
      })
    ).leadQualify;
    expect(done.userErrors).toEqual([]);
    expect(done.lead).toMatchObject({ status: "QUALIFIED", score: 90, qualifiedAt: expect.any(String), qualification: { budgetAmount: { amount: 10_000_00, currency: "EUR" }, missing: [] } });
  });

  it("disqualifies with a reason, and will not convert a disqualified lead until it is reopened", async () => {
    const lead = await created({ lastName: "Spam", email: "spam@spam.example", company: "Spam Ltd" });
    const noReason = (await client.data(LeadDisqualifyDocument, { input: { id: lead.id, reason: " " } })).leadDisqualify;
    expect(noReason.userErrors).toEqual([expect.objectContaining({ field: ["input", "reason"], code: "REQUIRED" })]);
    const out = (await client.data(LeadDisqualifyDocument, { input: { id: lead.id, reason: "Student project" } })).leadDisqualify;
    expect(out.lead).toMatchObject({ status: "DISQUALIFIED", disqualifiedReason: "Student project" });
    const refused = (await client.data(LeadConvertDocument, { input: { id: lead.id } })).leadConvert;
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "LEAD_DISQUALIFIED" })]);
    const reopened = (await client.data(LeadUpdateDocument, { input: { id: lead.id, status: "WORKING" } })).leadUpdate;
    expect(reopened.lead).toMatchObject({ status: "WORKING", disqualifiedReason: null });
  });

  it("converts a qualified lead into an account, a contact and an opportunity in one go, then freezes it", async () => {
    const lead = await qualified({ firstName: "Katherine", lastName: "Johnson", email: "kj@nasa.example", phone: "+1 757 864 1000", company: "NASA Langley", website: "https://www.langley.example/about", title: "Mathematician" });
    const result = (await client.data(LeadConvertDocument, { input: { id: lead.id, opportunity: { currency: "EUR", expectedCloseDate: "2027-06-30" } } })).leadConvert;
    expect(result.userErrors).toEqual([]);
    expect(result.account).toMatchObject({ name: "NASA Langley", domain: "langley.example" });
    expect(result.contact).toMatchObject({ firstName: "Katherine", lastName: "Johnson", primaryEmail: "kj@nasa.example", primaryPhone: "+17578641000" });
    expect(result.opportunity).toMatchObject({
      name: "NASA Langley",
      status: "OPEN",
      amount: { amount: 48_000_00, currency: "EUR" },
      owner: { id: gid.user(rep) },
      contacts: [{ role: "DECISION_MAKER", isPrimary: true, contact: { id: result.contact!.id } }],
    });
    expect(result.lead).toMatchObject({ status: "CONVERTED", convertedAt: expect.any(String), firstActionAt: expect.any(String) });
    const view = nodeOf((await client.data(LeadNodeDocument, { id: lead.id })).node, "Lead");
    expect(view).toMatchObject({ convertedAccount: { id: result.account!.id }, convertedContact: { id: result.contact!.id }, convertedOpportunity: { id: result.opportunity!.id } });
    const [opportunity] = await app.query<{ lead_id: string }>("SELECT lead_id FROM opportunity WHERE id = ?", [rowId(result.opportunity!.id)]);
    expect(opportunity!.lead_id).toBe(rowId(lead.id));
    expect(await events("sfa.lead.converted.v1")).toEqual([
      { leadId: rowId(lead.id), accountId: rowId(result.account!.id), contactId: rowId(result.contact!.id), opportunityId: rowId(result.opportunity!.id), ownerId: rep.id },
    ]);

    const twice = (await client.data(LeadConvertDocument, { input: { id: lead.id } })).leadConvert;
    expect(twice.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "LEAD_CONVERTED" })]);
    const edit = (await client.data(LeadUpdateDocument, { input: { id: lead.id, score: 1 } })).leadUpdate;
    expect(edit.userErrors).toEqual([expect.objectContaining({ code: "LEAD_CONVERTED" })]);
  });

  it("writes nothing when a part of the conversion is refused, and says which part", async () => {
    const lead = await qualified({ lastName: "Hamilton", email: "margaret@mit.example", company: "MIT Instrumentation Lab" });
    const tables = ["account", "contact", "contact_point", "account_contact", "opportunity", "pipeline", "audit_entry", "outbox_event"];
    const before = await Promise.all(tables.map(count));
    const refused = (await client.data(LeadConvertDocument, { input: { id: lead.id, opportunity: { currency: "XYZ", expectedCloseDate: "2027-06-30" } } })).leadConvert;
    expect(refused.lead).toBeNull();
    expect(refused.userErrors).toEqual([{ field: ["input", "opportunity", "currency"], code: "UNKNOWN_CURRENCY", message: "'XYZ' is not an ISO 4217 currency code." }]);
    expect(await Promise.all(tables.map(count))).toEqual(before);
    expect(nodeOf((await client.data(LeadNodeDocument, { id: lead.id })).node, "Lead")).toMatchObject({ status: "QUALIFIED", convertedAt: null, convertedAccount: null });

    const contactRefused = (await client.data(LeadConvertDocument, { input: { id: lead.id, contact: { id: gid.contact({ id: "999999" }) } } })).leadConvert;
    expect(contactRefused.userErrors).toEqual([expect.objectContaining({ field: ["input", "contact", "id"], code: "NOT_FOUND" })]);
    expect(await Promise.all(tables.map(count))).toEqual(before);

    const unqualified = await created({ lastName: "Early", email: "early@example.com" });
    const noDeal = (await client.data(LeadConvertDocument, { input: { id: unqualified.id, opportunity: { currency: "EUR", expectedCloseDate: "2027-01-01" } } })).leadConvert;
    expect(noDeal.userErrors).toEqual([expect.objectContaining({ field: ["input", "opportunity"], code: "NOT_QUALIFIED" })]);
    const noCompany = (await client.data(LeadConvertDocument, { input: { id: unqualified.id } })).leadConvert;
    expect(noCompany.userErrors).toEqual([expect.objectContaining({ field: ["input", "account", "name"], code: "REQUIRED" })]);
  });

  it("converts into an existing account and contact, linking the two", async () => {
    const [account, contact] = await Promise.all([customers.account({ name: "Existing Co" }), customers.contact({ firstName: "Known", lastName: "Person" })]);
    const lead = await created({ lastName: "Person", email: "known@existing.example" });
    const result = (await client.data(LeadConvertDocument, { input: { id: lead.id, account: { id: gid.account(account) }, contact: { id: gid.contact(contact) } } })).leadConvert;
    expect(result.userErrors).toEqual([]);
    expect(result).toMatchObject({ account: { id: gid.account(account) }, contact: { id: gid.contact(contact) }, opportunity: null });
    expect(await app.query("SELECT account_id, is_primary FROM account_contact WHERE contact_id = ?", [contact.id])).toEqual([{ account_id: account.id, is_primary: 1 }]);

    // Converted and open leads alike: one statement per nested field, whatever the page size.
    const statements = async (first: number): Promise<number> => {
      const response = await client.request(
        `{ leads(first: ${first}) { nodes { owner { name } assignmentRule { name } convertedAccount { name } convertedContact { lastName } convertedOpportunity { name } qualification { missing } } } }`,
      );
      expect(response.errors).toBeUndefined();
      return Number(response.headers.get("x-sql-statements"));
    };
    expect(await statements(12)).toBe(await statements(5));
  });

  it("captures a lead marketing qualified once, however often the event arrives", async () => {
    const payload = {
      leadId: "ma-7",
      firstName: "Hedy",
      lastName: "Lamarr",
      email: "hedy@spread.example",
      phone: null,
      company: "Spread Spectrum",
      title: null,
      website: null,
      region: null,
      country: "AT",
      score: 77,
    };
    for (let delivery = 0; delivery < 2; delivery++) {
      await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) => uow.emit("ma.lead.qualified.v1", payload));
    }
    await app.settle();
    const rows = await app.query<{ last_name: string; source: string; score: number; owner_id: string | null }>(
      "SELECT last_name, source, score, owner_id FROM sales_lead WHERE external_ref = 'ma-7'",
    );
    expect(rows).toEqual([{ last_name: "Lamarr", source: "MARKETING", score: 77, owner_id: null }]);
    await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) =>
      uow.emit("ma.lead.qualified.v1", { ...payload, leadId: "ma-8", email: "broken", phone: "+43 1 234567" }),
    );
    await app.settle();
    expect(await app.query("SELECT email, phone FROM sales_lead WHERE external_ref = 'ma-8'")).toEqual([{ email: null, phone: "+431234567" }]);

    const off = await app.client.as(tokenFor({ tenantId: "4", admin: true })).data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled: false } });
    expect(off.tenantModuleSwitch.userErrors).toEqual([]);
    await app.services.transactions.run({ tenantId: "4", actor: null, requestId: null }, (uow) => uow.emit("ma.lead.qualified.v1", { ...payload, leadId: "ma-9" }));
    await app.settle();
    expect(await app.query("SELECT id FROM sales_lead WHERE external_ref = 'ma-9'")).toEqual([]);
  });

  it("imports a CSV of leads: good rows land, bad rows are reported with their row and column", async () => {
    const file = csv(
      ["First Name", "Last Name", "Email", "Phone", "Company", "Country", "Score", "External Ref"],
      [
        ["Rosalind", "Franklin", "rf@kings.example", null, "King's College", "GB", 60, "imp-1"],
        ["No", "", "nolast@example.com", null, null, null, null, null],
        ["Bad", "Email", "bad@", null, null, null, "high", null],
        ["Lise", "Meitner", null, "030 1234567", "KWI", "DE", null, null],
      ],
    );
    const upload = await fetch(`${app.url}/sfa/leads/import`, { method: "POST", headers: { "content-type": "text/csv", authorization: `Bearer ${tokenFor({ tenantId: "1", id: rep.id, permissions: SALES })}` }, body: file });
    expect(upload.status).toBe(202);
    const { id } = (await upload.json()) as { id: string };
    const done = await waitFor("the lead import", async () => {
      const { leadImport } = await client.data(LeadImportDocument, { id });
      return leadImport?.status === "COMPLETED" || leadImport?.status === "FAILED" ? leadImport : undefined;
    });
    expect(done).toMatchObject({ status: "COMPLETED", totalRows: 4, processedRows: 4, createdRows: 2, failedRows: 2, error: null });
    expect(done!.rowErrors.nodes).toEqual([
      { rowNumber: 3, field: "last_name", code: "REQUIRED", message: "A lead needs a last name." },
      { rowNumber: 4, field: "score", code: "INVALID", message: "score must be a whole number from 0 to 100" },
      { rowNumber: 4, field: "email", code: "INVALID", message: "'bad@' is not an email address." },
    ]);
    expect(await app.query("SELECT last_name, source, phone, external_ref FROM sales_lead WHERE source = 'IMPORT' ORDER BY id")).toEqual([
      { last_name: "Franklin", source: "IMPORT", phone: null, external_ref: "imp-1" },
      { last_name: "Meitner", source: "IMPORT", phone: "+49301234567", external_ref: null },
    ]);

    const badHeader = await fetch(`${app.url}/sfa/leads/import`, { method: "POST", headers: { authorization: `Bearer ${tokenFor({ tenantId: "1", permissions: SALES })}` }, body: "name,mail\nx,y\n" });
    const badId = ((await badHeader.json()) as { id: string }).id;
    const failed = await waitFor("the bad import", async () => {
      const { leadImport } = await client.data(LeadImportDocument, { id: badId });
      return leadImport?.status === "FAILED" ? leadImport : undefined;
    });
    expect(failed!.error).toMatch(/unknown columns 'name', 'mail'.*missing required column 'last_name'/);
    const reader = await fetch(`${app.url}/sfa/leads/import`, { method: "POST", headers: { authorization: `Bearer ${tokenFor({ tenantId: "1", permissions: ["sfa.leads.read"] })}` }, body: file });
    expect(reader.status).toBe(403);
  });

  it("refuses a lead file it cannot read whole, writing nothing, and one over the size limit", async () => {
    const headers = { "content-type": "text/csv", authorization: `Bearer ${tokenFor({ tenantId: "1", permissions: SALES })}` };
    const leadsBefore = await app.query("SELECT id FROM sales_lead ORDER BY id");
    const importOf = async (body: Buffer | string) => {
      const upload = await fetch(`${app.url}/sfa/leads/import`, { method: "POST", headers, body });
      expect(upload.status).toBe(202);
      const { id } = (await upload.json()) as { id: string };
      return waitFor("the lead import to end", async () => {
        const { leadImport } = await client.data(LeadImportDocument, { id });
        return leadImport?.status === "COMPLETED" || leadImport?.status === "FAILED" ? leadImport : undefined;
      });
    };

    // Saved as Latin-1, as some spreadsheets save "CSV": the é of row 3 is the single byte 0xE9.
    const latin1 = Buffer.concat([Buffer.from("last_name,company\nBohr,NBI\nCurie,Institut Pierre-Marie Curie "), Buffer.from([0xe9]), Buffer.from("\n")]);
    expect(await importOf(latin1)).toMatchObject({ status: "FAILED", processedRows: 0, createdRows: 0, error: expect.stringMatching(/not UTF-8: line 3/) });
    expect(await importOf('last_name,company\nBohr,"NBI\nCurie,ESPCI\n')).toMatchObject({ status: "FAILED", processedRows: 0, error: expect.stringMatching(/never closed/) });
    expect(await importOf("last_name,company\n")).toMatchObject({ status: "FAILED", error: "The file has a header but no rows." });
    expect(await app.query("SELECT id FROM sales_lead ORDER BY id")).toEqual(leadsBefore);

    const tooLarge = await fetch(`${app.url}/sfa/leads/import`, { method: "POST", headers, body: `last_name\n${"Meitner\n".repeat(3_000)}` });
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as { errors: { message: string }[] }).errors[0]!.message).toBe("The file is larger than the limit of 20000 bytes.");
    expect(await app.query("SELECT id FROM sales_lead ORDER BY id")).toEqual(leadsBefore);
  });

  it("ends a lead import the tenant switched sales off under, instead of leaving it queued", async () => {
    const sales = (enabled: boolean) => app.client.as(tokenFor({ tenantId: "5", admin: true })).data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled } });
    // Uploaded a moment before the switch: the route refuses uploads once sales is off.
    const scope = new TenantScope(app.services.dataSource.manager, "5");
    const file = await app.services.files.write(scope, { name: "leads.csv", contentType: "text/csv", readPermission: "sfa.leads.write" }, "last_name\nHahn\n");
    expect((await sales(false)).tenantModuleSwitch.userErrors).toEqual([]);
    try {
      const job = await startLeadImport(app.services, { tenantId: "5", actor: null, requestId: null }, file);
      const ended = await waitFor("the import to end", async () => {
        const [row] = await app.query<{ status: string; error: string | null; created_rows: number }>("SELECT status, error, created_rows FROM lead_import WHERE id = ?", [job.id]);
        return row?.status === "QUEUED" || row?.status === "RUNNING" ? undefined : row;
      });
      expect(ended).toEqual({
        status: "FAILED",
        error: "The sales module was switched off for this tenant; the rows counted as processed were imported, the rest were not.",
        created_rows: 0,
      });
      expect(await app.query("SELECT id FROM sales_lead WHERE tenant_id = 5")).toEqual([]);
    } finally {
      await sales(true);
    }
  });

  it("keeps tenants apart and asks for the leads permissions", async () => {
    const { leads } = await client.data(LeadsDocument, { first: 1 });
    const id = leads.nodes[0]!.id;
    const stranger = app.client.as(tokenFor({ tenantId: "2", permissions: SALES }));
    expect((await stranger.data(LeadsDocument, {})).leads.totalCount).toBe(0);
    expect((await stranger.data(LeadNodeDocument, { id })).node).toBeNull();
    const update = (await stranger.data(LeadUpdateDocument, { input: { id, score: 5 } })).leadUpdate;
    expect(update.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "NOT_FOUND" })]);
    const convert = (await stranger.data(LeadConvertDocument, { input: { id } })).leadConvert;
    expect(convert.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "NOT_FOUND" })]);
    const reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["sfa.leads.read"] }));
    expect((await reader.request(LeadCreateDocument, { input: { lastName: "X", email: "x@example.com" } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.read"] })).request(LeadsDocument, {})).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("exports the person's leads, converted or only sharing an address, and anonymises them on erasure", async () => {
    const lead = await created({ firstName: "Emmy", lastName: "Noether", email: "emmy@goettingen.example", phone: "+49 551 390", company: "Göttingen" });
    const converted = (await client.data(LeadConvertDocument, { input: { id: lead.id } })).leadConvert;
    const contactId = converted.contact!.id;
    // Captured again later and never converted: by her email, by her phone written another way, and someone else.
    const byEmail = await created({ lastName: "Noether", email: "Emmy@Goettingen.example", company: "Erlangen" });
    const byPhone = await created({ lastName: "E. Noether", phone: "+49 (551) 390" });
    const stranger = await created({ firstName: "Fritz", lastName: "Noether", email: "fritz@goettingen.example" });
    const officer = app.client.as(tokenFor({ tenantId: "1", permissions: ["gdpr.manage", "contacts.read"] }));
    const finished = async (requestId: string) =>
      waitFor("the GDPR request", async () => {
        const { gdprRequest } = await officer.data(GdprRequestDocument, { id: requestId });
        return gdprRequest?.status === "COMPLETED" ? gdprRequest : undefined;
      });
    const exported = await finished((await officer.data(GdprExportDocument, { input: { contactId } })).gdprExport.gdprRequest!.id);
    const document = JSON.parse((await download(app, tokenFor({ tenantId: "1", permissions: ["gdpr.manage"] }), exported!.file!.downloadUrl)).body.toString("utf8"));
    expect(document.modules.sfa.leads).toEqual([
      expect.objectContaining({ lead: lead.id, lastName: "Noether", email: "emmy@goettingen.example", status: "CONVERTED" }),
      expect.objectContaining({ lead: byEmail.id, email: "emmy@goettingen.example", company: "Erlangen" }),
      expect.objectContaining({ lead: byPhone.id, lastName: "E. Noether", phone: "+49551390" }),
    ]);
    await finished((await officer.data(GdprEraseDocument, { input: { contactId } })).gdprErase.gdprRequest!.id);
    const ids = [lead, byEmail, byPhone, stranger].map((one) => rowId(one.id));
    expect(await app.query("SELECT first_name, last_name, email, phone, company, status FROM sales_lead WHERE id IN (?) ORDER BY id", [ids])).toEqual([
      { first_name: null, last_name: "Erased", email: null, phone: null, company: "Göttingen", status: "CONVERTED" },
      { first_name: null, last_name: "Erased", email: null, phone: null, company: "Erlangen", status: "NEW" },
      { first_name: null, last_name: "Erased", email: null, phone: null, company: null, status: "NEW" },
      { first_name: "Fritz", last_name: "Noether", email: "fritz@goettingen.example", phone: null, company: null, status: "NEW" },
    ]);
    const audit = await app.query<{ changes: string | object }>("SELECT changes FROM audit_entry WHERE entity_type = 'Lead' AND entity_id = ?", [rowId(lead.id)]);
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain("emmy@goettingen.example");
  });
});
