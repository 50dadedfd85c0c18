import { fromGlobalId } from "../../core/graphql/relay/global-id";
import type { Account } from "../../core/accounts/account.entity";
import type { Contact } from "../../core/contacts/contact.entity";
import type { User } from "../../core/identity/identity.entities";
import { sfaModule } from "../../modules/sfa";
import {
  AccountMergeDocument,
  AccountOpportunitiesDocument,
  ContactMergeDocument,
  ContactOpportunitiesDocument,
  Customer360SalesDocument,
  GdprEraseDocument,
  GdprExportDocument,
  GdprRequestDocument,
  OpportunitiesDocument,
  OpportunityContactRemoveDocument,
  OpportunityContactSetDocument,
  OpportunityCreateDocument,
  OpportunityHistoryDocument,
  OpportunityMarkLostDocument,
  OpportunityMarkWonDocument,
  OpportunityMoveDocument,
  OpportunityUpdateDocument,
  PipelineCreateDocument,
  PipelineStageUpdateDocument,
  PipelineUpdateDocument,
  PipelinesDocument,
  type OpportunityCreateInput,
  type PipelinesQuery,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import { download } from "../harness/data-transfer";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

const SALES = ["sfa.opportunities.read", "sfa.opportunities.write", "accounts.read", "contacts.read"];

type Stage = PipelinesQuery["pipelines"][number]["stages"][number];

describe("sfa: pipelines and opportunities", () => {
  let app: TestApp;
  let customers: Customers;
  let rep: User;
  let client: GraphQLClient;
  let admin: GraphQLClient;
  let acme: Account;
  let ada: Contact;
  let bob: Contact;
  let stages: Record<string, Stage>;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], workers: true });
    customers = new Customers(app, "1");
    rep = await customers.user({ name: "Rep" });
    acme = await customers.account({ name: "Acme", region: "EMEA" });
    [ada, bob] = await Promise.all([customers.contact({ firstName: "Ada" }), customers.contact({ firstName: "Bob" })]);
    client = app.client.as(tokenFor({ tenantId: "1", id: rep.id, permissions: SALES }));
    admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
  });
  afterAll(() => app.stop());

  const base = (overrides: Partial<OpportunityCreateInput> = {}): OpportunityCreateInput => ({
    name: "Acme rollout",
    accountId: gid.account(acme),
    currency: "EUR",
    expectedCloseDate: "2027-03-31",
    ...overrides,
  });

  async function create(input: OpportunityCreateInput, as = client) {
    return (await as.data(OpportunityCreateDocument, { input })).opportunityCreate;
  }

  async function created(input: OpportunityCreateInput) {
    const result = await create(input);
    expect(result.userErrors).toEqual([]);
    return result.opportunity!;
  }

  async function rows(table: string): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(n);
  }

  async function events(type: string): Promise<Record<string, unknown>[]> {
    const found = await app.query<{ payload: string | object }>("SELECT payload FROM outbox_event WHERE type = ? ORDER BY id", [type]);
    return found.map(({ payload }) => (typeof payload === "string" ? JSON.parse(payload) : payload));
  }

  it("opens a deal in the standard pipeline's first stage, owned by the caller, and announces it", async () => {
    const opportunity = await created(base({ amount: 120_000_00, contacts: [{ contactId: gid.contact(ada), role: "CHAMPION", isPrimary: true }] }));
    expect(opportunity).toMatchObject({
      name: "Acme rollout",
      status: "OPEN",
      probability: 10,
      forecastCategory: "PIPELINE",
      amount: { amount: 120_000_00, currency: "EUR" },
      weightedAmount: { amount: 12_000_00, currency: "EUR" },
      account: { name: "Acme" },
      owner: { id: gid.user(rep) },
      pipeline: { name: "Sales" },
      stage: { name: "Prospecting", outcome: "OPEN" },
      contacts: [{ role: "CHAMPION", isPrimary: true, contact: { firstName: "Ada" } }],
    });
    const { pipelines } = await client.data(PipelinesDocument, {});
    stages = Object.fromEntries(pipelines[0]!.stages.map((stage) => [stage.name, stage]));
    expect(pipelines.map((p) => [p.name, p.isDefault])).toEqual([["Sales", true]]);
    expect(Object.keys(stages)).toEqual(["Prospecting", "Qualification", "Needs analysis", "Proposal", "Negotiation", "Closed won", "Closed lost"]);
    expect(await events("sfa.opportunity.created.v1")).toEqual([{ opportunityId: fromGlobalId(opportunity.id).rowId, accountId: acme.id }]);
    const history = nodeOf((await client.data(OpportunityHistoryDocument, { id: opportunity.id })).node, "Opportunity").stageHistory;
    expect(history).toEqual([{ changedAt: expect.any(String), secondsInFromStage: null, fromStage: null, toStage: { name: "Prospecting" }, changedBy: { id: gid.user(rep) } }]);
  });

  it("refuses bad input with userErrors and writes nothing", async () => {
    const before = await rows("opportunity");
    const other = await new Customers(app, "2").account({ name: "Not yours" });
    const result = await create(
      base({
        currency: "XYZ",
        accountId: gid.account(other),
        contacts: [
          { contactId: gid.contact(ada), role: "USER", isPrimary: true },
          { contactId: gid.contact(bob), role: "USER", isPrimary: true },
        ],
      }),
    );
    expect(result.opportunity).toBeNull();
    expect(result.userErrors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: ["input", "currency"], code: "UNKNOWN_CURRENCY" }),
        expect.objectContaining({ field: ["input", "accountId"], code: "NOT_FOUND" }),
        expect.objectContaining({ field: ["input", "contacts"], code: "INVALID" }),
      ]),
    );
    const closed = await create(base({ stageId: stages["Closed won"]!.id, amount: 5 }));
    expect(closed.userErrors).toEqual([expect.objectContaining({ field: ["input", "stageId"], code: "INVALID" })]);
    const demanding = await create(base({ stageId: stages.Proposal!.id }));
    expect(demanding.userErrors.map((e) => e.code)).toEqual(["STAGE_REQUIREMENT_UNMET", "STAGE_REQUIREMENT_UNMET"]);
    const category = await create(base({ forecastCategory: "CLOSED" }));
    expect(category.userErrors).toEqual([expect.objectContaining({ field: ["input", "forecastCategory"], code: "INVALID" })]);
    expect(await rows("opportunity")).toBe(before);
    expect(await rows("opportunity_contact")).toBe(1);
  });

  it("refuses a stage move that lacks the stage's required data, then records the move with the time spent", async () => {
    const opportunity = await created(base({ name: "Needs data" }));
    const refused = (await client.data(OpportunityMoveDocument, { input: { id: opportunity.id, stageId: stages.Proposal!.id } })).opportunityMove;
    expect(refused.opportunity).toBeNull();
    expect(refused.userErrors).toEqual([
      { field: ["input", "stageId"], code: "STAGE_REQUIREMENT_UNMET", message: "The stage 'Proposal' needs an amount (AMOUNT)." },
      { field: ["input", "stageId"], code: "STAGE_REQUIREMENT_UNMET", message: "The stage 'Proposal' needs a primary contact (PRIMARY_CONTACT)." },
    ]);
    await client.data(OpportunityUpdateDocument, { input: { id: opportunity.id, amount: 50_000_00 } });
    await client.data(OpportunityContactSetDocument, { input: { opportunityId: opportunity.id, contactId: gid.contact(bob), role: "ECONOMIC_BUYER", isPrimary: true } });
    const moved = (await client.data(OpportunityMoveDocument, { input: { id: opportunity.id, stageId: stages.Proposal!.id } })).opportunityMove;
    expect(moved.userErrors).toEqual([]);
    expect(moved.opportunity).toMatchObject({ stage: { name: "Proposal" }, probability: 60, forecastCategory: "BEST_CASE", status: "OPEN" });
    const history = nodeOf((await client.data(OpportunityHistoryDocument, { id: opportunity.id })).node, "Opportunity").stageHistory;
    expect(history.map((change) => [change.fromStage?.name ?? null, change.toStage.name])).toEqual([
      [null, "Prospecting"],
      ["Prospecting", "Proposal"],
    ]);
    expect(history[1]!.secondsInFromStage).toEqual(expect.any(Number));
    expect(await events("sfa.opportunity.stageChanged.v1")).toContainEqual(expect.objectContaining({ toStageId: expect.any(String), status: "OPEN" }));

    const removal = (await client.data(OpportunityContactRemoveDocument, { input: { opportunityId: opportunity.id, contactId: gid.contact(bob) } })).opportunityContactRemove;
    expect(removal.userErrors).toEqual([expect.objectContaining({ field: ["input", "contactId"], code: "STAGE_REQUIREMENT_UNMET" })]);
    const cleared = (await client.data(OpportunityUpdateDocument, { input: { id: opportunity.id, amount: null } })).opportunityUpdate;
    expect(cleared.userErrors).toEqual([expect.objectContaining({ code: "STAGE_REQUIREMENT_UNMET" })]);
    expect(await app.query("SELECT amount FROM opportunity WHERE name = 'Needs data'")).toEqual([{ amount: "5000000" }]);
  });

  it("will not mark a deal won without an amount, then wins it and says so", async () => {
    const opportunity = await created(base({ name: "Unsized" }));
    const refused = (await client.data(OpportunityMarkWonDocument, { input: { id: opportunity.id } })).opportunityMarkWon;
    expect(refused.userErrors).toEqual([expect.objectContaining({ field: ["input", "amount"], code: "AMOUNT_REQUIRED" })]);
    const moveRefused = (await client.data(OpportunityMoveDocument, { input: { id: opportunity.id, stageId: stages["Closed won"]!.id } })).opportunityMove;
    expect(moveRefused.userErrors).toEqual([expect.objectContaining({ field: ["input", "stageId"], code: "AMOUNT_REQUIRED" })]);
    expect(await events("sfa.opportunity.won.v1")).toEqual([]);

    const won = (await client.data(OpportunityMarkWonDocument, { input: { id: opportunity.id, amount: 9_900_00 } })).opportunityMarkWon;
    expect(won.userErrors).toEqual([]);
    expect(won.opportunity).toMatchObject({ status: "WON", probability: 100, forecastCategory: "CLOSED", stage: { name: "Closed won" }, amount: { amount: 9_900_00 }, closedAt: expect.any(String) });
    expect(await events("sfa.opportunity.won.v1")).toEqual([{ opportunityId: expect.any(String), accountId: acme.id, ownerId: rep.id, amount: 9_900_00, currency: "EUR" }]);
    const category = (await client.data(OpportunityUpdateDocument, { input: { id: opportunity.id, forecastCategory: "COMMIT" } })).opportunityUpdate;
    expect(category.userErrors).toEqual([expect.objectContaining({ field: ["input", "forecastCategory"], code: "INVALID" })]);
  });

  it("loses a deal only with a reason", async () => {
    const opportunity = await created(base({ name: "Doomed", competitors: ["Globex", " globex ", "Initech"] }));
    expect(opportunity.competitors).toEqual(["Globex", "Initech"]);
    const noReason = (await client.data(OpportunityMoveDocument, { input: { id: opportunity.id, stageId: stages["Closed lost"]!.id } })).opportunityMove;
    expect(noReason.userErrors).toEqual([expect.objectContaining({ field: ["input", "lostReason"], code: "REQUIRED" })]);
    const lost = (await client.data(OpportunityMarkLostDocument, { input: { id: opportunity.id, lostReason: "Price" } })).opportunityMarkLost;
    expect(lost.opportunity).toMatchObject({ status: "LOST", lostReason: "Price", forecastCategory: "OMITTED", probability: 0 });
    expect(await events("sfa.opportunity.lost.v1")).toEqual([expect.objectContaining({ lostReason: "Price", accountId: acme.id })]);
    const reopened = (await client.data(OpportunityMoveDocument, { input: { id: opportunity.id, stageId: stages.Qualification!.id } })).opportunityMove;
    expect(reopened.userErrors).toEqual([expect.objectContaining({ code: "STAGE_REQUIREMENT_UNMET" })]);
  });

  it("lists deals by expected close, filtered, and nests them under accounts, contacts and the 360 view in batches", async () => {
    const { opportunities } = await client.data(OpportunitiesDocument, { filter: { status: "OPEN" }, first: 10 });
    expect(opportunities.nodes.map((o) => o.name)).toEqual(["Acme rollout", "Needs data"]);
    const lost = await client.data(OpportunitiesDocument, { filter: { status: "LOST", closingTo: "2027-12-31" } });
    expect(lost.opportunities.nodes.map((o) => o.name)).toEqual(["Doomed"]);

    const account = nodeOf((await client.data(AccountOpportunitiesDocument, { id: gid.account(acme), first: 2 })).node, "Account");
    expect(account.opportunities!.nodes.map((o) => o.name)).toEqual(["Acme rollout", "Needs data"]);
    const contact = nodeOf((await client.data(ContactOpportunitiesDocument, { id: gid.contact(bob) })).node, "Contact");
    expect(contact.opportunities!.nodes.map((o) => o.name)).toEqual(["Needs data"]);
    const screen = await admin.data(Customer360SalesDocument, { contactId: gid.contact(ada) });
    expect(screen.customer360!.opportunities!.nodes).toEqual([expect.objectContaining({ name: "Acme rollout", status: "OPEN" })]);

    const statements = async (accounts: number): Promise<number> => {
      const response = await client.request(
        `{ accounts(first: ${accounts}) { nodes { opportunities(first: 5) { nodes { name stage { name } pipeline { name } owner { id } contacts { role contact { firstName } } } } } } }`,
      );
      expect(response.errors).toBeUndefined();
      return Number(response.headers.get("x-sql-statements"));
    };
    await Promise.all(Array.from({ length: 6 }, (_, i) => customers.account({ name: `Zed ${i}` })));
    expect(await statements(7)).toBe(await statements(1));
  });

  it("keeps pipelines consistent: stages complete and unique, one default that is never archived", async () => {
    const missing = (await admin.data(PipelineCreateDocument, { input: { name: "Renewals", isDefault: false, stages: [{ name: "Open", probability: 50, outcome: "OPEN" }, { name: "Won", probability: 100, outcome: "WON" }, { name: "won", probability: 100, outcome: "WON" }] } })).pipelineCreate;
    expect(missing.userErrors.map((e) => e.message)).toEqual(["Stage names must be unique within a pipeline.", "A pipeline needs at least one LOST stage."]);
    const renewals = (await admin.data(PipelineCreateDocument, {
      input: { name: "Renewals", isDefault: true, stages: [{ name: "Due", probability: 70, outcome: "OPEN", forecastCategory: "COMMIT", requirements: ["NEXT_STEP"] }, { name: "Renewed", probability: 3, outcome: "WON" }, { name: "Churned", probability: 50, outcome: "LOST" }] },
    })).pipelineCreate;
    expect(renewals.userErrors).toEqual([]);
    expect(renewals.pipeline!.stages.map((s) => [s.name, s.probability, s.forecastCategory])).toEqual([["Due", 70, "COMMIT"], ["Renewed", 100, "CLOSED"], ["Churned", 0, "OMITTED"]]);
    const taken = (await admin.data(PipelineCreateDocument, { input: { name: "Renewals", isDefault: false, stages: [{ name: "a", probability: 1, outcome: "OPEN" }, { name: "b", probability: 1, outcome: "WON" }, { name: "c", probability: 1, outcome: "LOST" }] } })).pipelineCreate;
    expect(taken.userErrors).toEqual([expect.objectContaining({ field: ["input", "name"], code: "TAKEN" })]);
    const { pipelines } = await client.data(PipelinesDocument, {});
    expect(pipelines.map((p) => [p.name, p.isDefault])).toEqual([["Renewals", true], ["Sales", false]]);
    const archive = (await admin.data(PipelineUpdateDocument, { input: { id: renewals.pipeline!.id, archived: true } })).pipelineUpdate;
    expect(archive.userErrors).toEqual([expect.objectContaining({ field: ["input", "archived"], code: "INVALID" })]);
    const closedStage = (await admin.data(PipelineStageUpdateDocument, { input: { id: renewals.pipeline!.stages[1]!.id, probability: 20 } })).pipelineStageUpdate;
    expect(closedStage.userErrors).toEqual([expect.objectContaining({ code: "INVALID" })]);
    const due = await create(base({ name: "Renewal 2027" }));
    expect(due.userErrors).toEqual([expect.objectContaining({ code: "STAGE_REQUIREMENT_UNMET", message: "The stage 'Due' needs a next step (NEXT_STEP)." })]);
    const denied = await client.request(PipelineCreateDocument, { input: { name: "Mine", isDefault: false, stages: [] } });
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    await admin.data(PipelineUpdateDocument, { input: { id: pipelines[1]!.id, isDefault: true } });
  });

  it("keeps tenants apart and asks for the module's permissions", async () => {
    const { opportunities } = await client.data(OpportunitiesDocument, { first: 1 });
    const id = opportunities.nodes[0]!.id;
    const stranger = app.client.as(tokenFor({ tenantId: "2", permissions: SALES }));
    const moved = (await stranger.data(OpportunityMoveDocument, { input: { id, stageId: stages.Qualification!.id } })).opportunityMove;
    expect(moved.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "NOT_FOUND" })]);
    expect((await stranger.data(OpportunitiesDocument, {})).opportunities.totalCount).toBe(0);
    const reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["accounts.read"] }));
    const refused = await reader.request(OpportunitiesDocument, {});
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("moves deals and roles along when accounts and contacts merge", async () => {
    const globex = await customers.account({ name: "Globex" });
    const [carol, carolDup] = await Promise.all([customers.contact({ firstName: "Carol" }), customers.contact({ firstName: "Carol2" })]);
    const deal = await created(base({ name: "Globex deal", accountId: gid.account(globex), contacts: [
      { contactId: gid.contact(carol), role: "USER", isPrimary: false },
      { contactId: gid.contact(carolDup), role: "CHAMPION", isPrimary: true },
    ] }));
    const other = await created(base({ name: "Dup only", accountId: gid.account(globex), contacts: [{ contactId: gid.contact(carolDup), role: "USER", isPrimary: false }] }));
    const merged = await admin.data(ContactMergeDocument, { input: { survivorId: gid.contact(carol), mergedId: gid.contact(carolDup) } });
    expect(merged.contactMerge.userErrors).toEqual([]);
    const roles = await app.query<{ name: string; contact_id: string; role: string; is_primary: number }>(
      "SELECT o.name, l.contact_id, l.role, l.is_primary FROM opportunity_contact l JOIN opportunity o ON o.id = l.opportunity_id WHERE o.id IN (?, ?) ORDER BY o.id",
      [fromGlobalId(deal.id).rowId, fromGlobalId(other.id).rowId],
    );
    expect(roles).toEqual([
      { name: "Globex deal", contact_id: carol.id, role: "USER", is_primary: 1 },
      { name: "Dup only", contact_id: carol.id, role: "USER", is_primary: 0 },
    ]);
    const accountMerge = await admin.data(AccountMergeDocument, { input: { survivorId: gid.account(acme), mergedId: gid.account(globex) } });
    expect(accountMerge.accountMerge.userErrors).toEqual([]);
    expect(await app.query("SELECT DISTINCT account_id FROM opportunity WHERE name IN ('Globex deal', 'Dup only')")).toEqual([{ account_id: acme.id }]);
  });

  it("exports a person's roles in deals and erases them, leaving the deals to their accounts", async () => {
    const officer = app.client.as(tokenFor({ tenantId: "1", permissions: ["gdpr.manage", "contacts.read"] }));
    const finished = async (id: string) =>
      waitFor("the GDPR request", async () => {
        const { gdprRequest } = await officer.data(GdprRequestDocument, { id });
        return gdprRequest?.status === "COMPLETED" ? gdprRequest : undefined;
      });
    const exported = await finished((await officer.data(GdprExportDocument, { input: { contactId: gid.contact(bob) } })).gdprExport.gdprRequest!.id);
    const document = JSON.parse((await download(app, tokenFor({ tenantId: "1", permissions: ["gdpr.manage", "contacts.read"] }), exported!.file!.downloadUrl)).body.toString("utf8"));
    expect(document.modules.sfa.opportunityRoles).toEqual([expect.objectContaining({ name: "Needs data", role: "ECONOMIC_BUYER", isPrimary: true, stage: "Proposal", status: "OPEN" })]);
    await finished((await officer.data(GdprEraseDocument, { input: { contactId: gid.contact(bob) } })).gdprErase.gdprRequest!.id);
    expect(await app.query("SELECT id FROM opportunity_contact WHERE contact_id = ?", [bob.id])).toEqual([]);
    expect(await app.query("SELECT name FROM opportunity WHERE name = 'Needs data'")).toEqual([{ name: "Needs data" }]);
  });
});
