import type { DeepPartial } from "typeorm";
import type { Account } from "../../core/accounts/account.entity";
import type { Visibility } from "../../core/db/tenant-scope";
import type { Authenticate } from "../../core/graphql/context";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import { Team, TeamMember, type User } from "../../core/identity/identity.entities";
import { sfaModule } from "../../modules/sfa";
import { Opportunity } from "../../modules/sfa/entities/opportunity.entity";
import { ForecastCategory, StageOutcome } from "../../modules/sfa/entities/pipeline.entity";
import {
  ForecastDocument,
  NodeDocument,
  OpportunityCreateDocument,
  OpportunityMarkLostDocument,
  OpportunityMarkWonDocument,
  OpportunityMoveDocument,
  PipelineCreateDocument,
  QuotaRemoveDocument,
  QuotaSetDocument,
  QuotasDocument,
  SalesCycleDocument,
  type ForecastFiguresFieldsFragment,
  type ForecastInput,
  type ForecastQuery,
  type PipelineStageInput,
  type QuotaSetInput,
  type SalesCycleInput,
  type SalesCycleQuery,
} from "../../schema/generated/graphql";
import { Customers, gid } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { testAuthenticate, tokenFor, type TestPrincipal } from "../harness/test-auth";

/** A test principal that may also carry a record visibility (the identity domain takes it from roles). */
type Caller = TestPrincipal & { visibility?: Visibility };

const withVisibility: Authenticate = async (credentials, services) => {
  const answer = await testAuthenticate(credentials, services);
  const token = /^Bearer test\.(.+)$/.exec(credentials.authorization ?? "")?.[1];
  const visibility = token ? (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Caller).visibility : undefined;
  return answer.principal && visibility ? { ...answer, principal: { ...answer.principal, visibility } } : answer;
};

const READER = ["sfa.forecasts.read"];
const MANAGER = ["sfa.forecasts.read", "sfa.quotas.manage"];
const STANDARD_STAGES: PipelineStageInput[] = [
  { name: "Prospecting", probability: 10, outcome: "OPEN" },
  { name: "Qualification", probability: 20, outcome: "OPEN" },
  { name: "Needs analysis", probability: 40, outcome: "OPEN" },
  { name: "Proposal", probability: 60, outcome: "OPEN", forecastCategory: "BEST_CASE" },
  { name: "Negotiation", probability: 80, outcome: "OPEN", forecastCategory: "COMMIT" },
  { name: "Closed won", probability: 100, outcome: "WON" },
  { name: "Closed lost", probability: 0, outcome: "LOST" },
];

type Pair = [amount: number, deals: number];

/** Expected figures in EUR, written out by hand; what is left out is zero (quota and attainment: null). */
function figures(expected: { closed?: Pair; commit?: Pair; bestCase?: Pair; pipeline?: Pair; omitted?: Pair; weighted?: number; quota?: number; attainment?: number; excluded?: number }): ForecastFiguresFieldsFragment {
  const eur = (amount: number) => ({ amount, currency: "EUR" });
  const sum = ([amount, deals]: Pair = [0, 0]) => ({ amount: eur(amount), deals });
  return {
    closed: sum(expected.closed),
    commit: sum(expected.commit),
    bestCase: sum(expected.bestCase),
    pipeline: sum(expected.pipeline),
    omitted: sum(expected.omitted),
    weightedPipeline: eur(expected.weighted ?? 0),
    quota: expected.quota === undefined ? null : eur(expected.quota),
    attainment: expected.attainment ?? null,
    excludedDeals: expected.excluded ?? 0,
  };
}

describe("sfa: forecasts, quotas and sales-cycle analysis", () => {
  let app: TestApp;
  let customers: Customers;
  let admin: GraphQLClient;
  let manager: GraphQLClient;
  let [alice, bob, carol]: User[] = [];
  let [alpha, beta, gamma]: Team[] = [];
  let [emea, na, unplaced]: Account[] = [];
  /** Row ids of the Sales pipeline's stages by name, and the pipelines' global ids. */
  let stages: Record<string, string>;
  let sales: string;
  let renewals: string;

  const as = (caller: Caller) => app.client.as(tokenFor(caller));
  const Q1 = { period: "2027-Q1", currency: "EUR" } as const;

  async function forecast(input: ForecastInput, client = admin): Promise<ForecastQuery["forecast"]> {
    return (await client.data(ForecastDocument, { input })).forecast;
  }

  async function badInput(request: Promise<{ errors?: { extensions?: Record<string, unknown> }[] }>): Promise<Record<string, unknown> | undefined> {
    return (await request).errors?.[0]?.extensions;
  }

  /** An opportunity written straight through a TenantScope: an open PIPELINE deal in EUR unless told otherwise. */
  function deal(values: DeepPartial<Opportunity> & { name: string }): Promise<Opportunity> {
    const won = values.status === StageOutcome.WON;
    const lost = values.status === StageOutcome.LOST;
    return customers.scope.save(
      customers.scope.create<Opportunity>(Opportunity, {
        accountId: emea!.id,
        pipelineId: fromGlobalId(sales).rowId,
        stageId: stages[won ? "Closed won" : lost ? "Closed lost" : "Prospecting"],
        status: StageOutcome.OPEN,
        amount: null,
        currency: "EUR",
        expectedCloseDate: "2027-02-01",
        probability: won ? 100 : lost ? 0 : 10,
        forecastCategory: won ? ForecastCategory.CLOSED : lost ? ForecastCategory.OMITTED : ForecastCategory.PIPELINE,
        competitors: [],
        lostReason: lost ? "Price" : null,
        segment: null,
        nextStep: null,
        description: null,
        stageEnteredAt: new Date(),
        closedAt: null,
        leadId: null,
        ownerId: null,
        teamId: null,
        ...values,
      }),
    );
  }

  async function quota(input: QuotaSetInput, client = manager) {
    return (await client.data(QuotaSetDocument, { input })).quotaSet;
  }

  async function quotaSet(input: QuotaSetInput): Promise<void> {
    expect((await quota(input)).userErrors).toEqual([]);
  }

  beforeAll(async () => {
    app = await TestApp.start({ modules: [sfaModule], authenticate: withVisibility });
    customers = new Customers(app, "1");
    [alice, bob, carol] = await Promise.all(["Alice Rep", "Bob Rep", "Carol Rep"].map((name) => customers.user({ name })));
    [alpha, beta, gamma] = await Promise.all(["Alpha", "Beta", "Gamma"].map((name) => customers.scope.save(customers.scope.create(Team, { name }))));
    await customers.scope.manager.insert(TeamMember, [
      { tenantId: "1", teamId: alpha!.id, userId: alice!.id },
      { tenantId: "1", teamId: alpha!.id, userId: bob!.id },
      { tenantId: "1", teamId: beta!.id, userId: carol!.id },
    ]);
    [emea, na, unplaced] = await Promise.all([customers.account({ region: "EMEA" }), customers.account({ region: "NA" }), customers.account({ region: null })]);
    admin = as({ tenantId: "1", admin: true });
    manager = as({ tenantId: "1", permissions: MANAGER });
    const created = (await admin.data(PipelineCreateDocument, { input: { name: "Sales", isDefault: true, stages: STANDARD_STAGES } })).pipelineCreate.pipeline!;
    sales = created.id;
    stages = Object.fromEntries(created.stages.map((stage) => [stage.name, fromGlobalId(stage.id).rowId]));
    renewals = (await admin.data(PipelineCreateDocument, { input: { name: "Renewals", isDefault: false, stages: STANDARD_STAGES } })).pipelineCreate.pipeline!.id;
  });
  afterAll(() => app.stop());

  describe("quotas", () => {
    it("sets a quota for a user or a team over a calendar period or any span, and setting it again replaces it", async () => {
      const first = await quota({ userId: gid.user(alice!), period: "2028-Q1", amount: { amount: 700_000, currency: "eur" } });
      expect(first.userErrors).toEqual([]);
      expect(first.quota).toMatchObject({ assigneeType: "USER", user: { id: gid.user(alice!) }, team: null, period: "2028-Q1", periodStart: "2028-01-01", periodEnd: "2028-04-01", amount: { amount: 700_000, currency: "EUR" } });
      const again = await quota({ userId: gid.user(alice!), from: "2028-01-01", to: "2028-04-01", amount: { amount: 800_000, currency: "EUR" } });
      expect(again.quota).toMatchObject({ id: first.quota!.id, period: "2028-Q1", amount: { amount: 800_000 } });
      const team = await quota({ teamId: toGlobalId("Team", alpha!.id), period: "2028", amount: { amount: 5_000_000, currency: "EUR" } });
      expect(team.quota).toMatchObject({ assigneeType: "TEAM", user: null, team: { name: "Alpha" }, period: "2028", periodStart: "2028-01-01", periodEnd: "2029-01-01" });
      const custom = await quota({ userId: gid.user(bob!), from: "2028-02-01", to: "2028-02-15", amount: { amount: 0, currency: "JPY" } });
      expect(custom.quota).toMatchObject({ period: null, periodStart: "2028-02-01", periodEnd: "2028-02-15", amount: { amount: 0, currency: "JPY" } });
      const february = await quota({ userId: gid.user(bob!), period: "2028-02", amount: { amount: 10, currency: "EUR" } });
      expect(february.quota).toMatchObject({ period: "2028-02", periodStart: "2028-02-01", periodEnd: "2028-03-01" });
      expect(await app.query("SELECT COUNT(*) AS n FROM quota WHERE tenant_id = 1 AND period_start >= '2028-01-01'")).toEqual([{ n: "4" }]);
    });

    it("refuses bad quotas with userErrors and writes nothing", async () => {
      const before = await app.query("SELECT COUNT(*) AS n FROM quota");
      const stranger = await new Customers(app, "2").user({ name: "Stranger" });
      const cases: [QuotaSetInput, string[], string][] = [
        [{ userId: gid.user(alice!), teamId: toGlobalId("Team", alpha!.id), period: "2028-03", amount: { amount: 1, currency: "EUR" } }, ["input", "teamId"], "INVALID"],
        [{ period: "2028-03", amount: { amount: 1, currency: "EUR" } }, ["input", "userId"], "REQUIRED"],
        [{ userId: gid.user(alice!), period: "Q1 2028", amount: { amount: 1, currency: "EUR" } }, ["input", "period"], "INVALID"],
        [{ userId: gid.user(alice!), period: "2028-13", amount: { amount: 1, currency: "EUR" } }, ["input", "period"], "INVALID"],
        [{ userId: gid.user(alice!), period: "2028", from: "2028-01-01", amount: { amount: 1, currency: "EUR" } }, ["input", "period"], "INVALID"],
        [{ userId: gid.user(alice!), from: "2028-01-01", amount: { amount: 1, currency: "EUR" } }, ["input", "to"], "REQUIRED"],
        [{ userId: gid.user(alice!), from: "2028-01-01", to: "2028-01-01", amount: { amount: 1, currency: "EUR" } }, ["input", "to"], "INVALID"],
        [{ userId: gid.user(alice!), period: "2028-03", amount: { amount: 1, currency: "EURO" } }, ["input", "amount", "currency"], "UNKNOWN_CURRENCY"],
        [{ userId: gid.user(alice!), period: "2028-03", amount: { amount: -1, currency: "EUR" } }, ["input", "amount", "amount"], "INVALID"],
        [{ userId: gid.user(stranger), period: "2028-03", amount: { amount: 1, currency: "EUR" } }, ["input", "userId"], "NOT_FOUND"],
        [{ userId: "nonsense", period: "2028-03", amount: { amount: 1, currency: "EUR" } }, ["input", "userId"], "INVALID"],
      ];
      for (const [input, field, code] of cases) {
        const refused = await quota(input);
        expect({ input, quota: refused.quota, errors: refused.userErrors.map((e) => [e.field, e.code]) }).toEqual({ input, quota: null, errors: [[field, code]] });
      }
      expect(await app.query("SELECT COUNT(*) AS n FROM quota")).toEqual(before);
      const denied = await as({ tenantId: "1", permissions: READER }).request(QuotaSetDocument, { input: cases[0]![0] });
      expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("lists quotas by period, filtered by assignee and span, reads one as a node, and removes them within the tenant only", async () => {
      const { quotas } = await manager.data(QuotasDocument, { filter: { userId: gid.user(bob!), from: "2028-01-01", to: "2029-01-01" } });
      expect(quotas.nodes.map((q) => [q.periodStart, q.periodEnd, q.amount.currency])).toEqual([
        ["2028-02-01", "2028-02-15", "JPY"],
        ["2028-02-01", "2028-03-01", "EUR"],
      ]);
      const march = await manager.data(QuotasDocument, { filter: { from: "2028-03-01", to: "2028-04-01" } });
      expect(march.quotas.nodes.map((q) => q.period)).toEqual(["2028-Q1", "2028"]);
      const bad = await badInput(manager.request(QuotasDocument, { filter: { from: "2028-03-01", to: "2028-02-01" } }));
      expect(bad).toMatchObject({ code: "BAD_USER_INPUT", argument: "filter.to" });

      const id = quotas.nodes[0]!.id;
      expect((await as({ tenantId: "1", permissions: READER }).data(NodeDocument, { id })).node).toEqual({ __typename: "Quota", id });
      expect((await as({ tenantId: "1", permissions: ["sfa.opportunities.read"] }).data(NodeDocument, { id })).node).toBeNull();
      const foreign = (await as({ tenantId: "2", permissions: MANAGER }).data(QuotaRemoveDocument, { input: { id } })).quotaRemove;
      expect(foreign).toEqual({ removedId: null, userErrors: [expect.objectContaining({ field: ["input", "id"], code: "NOT_FOUND" })] });
      const removed = (await manager.data(QuotaRemoveDocument, { input: { id } })).quotaRemove;
      expect(removed).toEqual({ removedId: id, userErrors: [] });
      expect(await app.query("SELECT id FROM quota WHERE id = ?", [fromGlobalId(id).rowId])).toEqual([]);
    });
  });

  describe("forecast", () => {
    const alices = () => ({ ownerId: alice!.id, teamId: alpha!.id });

    beforeAll(async () => {
      const owned = (user: User, team: Team | null) => ({ ownerId: user.id, teamId: team?.id ?? null });
      await Promise.all([
        deal({ name: "A1", ...alices(), amount: 100_000, expectedCloseDate: "2027-01-15" }),
        deal({ name: "A2", ...alices(), amount: 200_000, probability: 60, forecastCategory: ForecastCategory.BEST_CASE, expectedCloseDate: "2027-02-10" }),
        deal({ name: "A3", ...alices(), amount: 300_000, probability: 80, forecastCategory: ForecastCategory.COMMIT, expectedCloseDate: "2027-03-31" }),
        deal({ name: "A4", ...alices(), amount: 50_000, forecastCategory: ForecastCategory.OMITTED }),
        // Won deals count by when they closed, whatever their expected date.
        deal({ name: "A5", ...alices(), amount: 400_000, status: StageOutcome.WON, closedAt: new Date("2027-02-15T10:00:00Z"), expectedCloseDate: "2027-05-01" }),
        deal({ name: "A6", ...alices(), amount: 70_000, status: StageOutcome.WON, closedAt: new Date("2026-12-31T23:59:59.999Z"), expectedCloseDate: "2027-01-10" }),
        deal({ name: "A7", ...alices(), amount: 999, probability: 80, forecastCategory: ForecastCategory.COMMIT, expectedCloseDate: "2027-04-01" }),
        deal({ name: "A8", ...alices(), amount: 500_000, currency: "USD", expectedCloseDate: "2027-01-20" }),
        deal({ name: "A9", ...alices(), amount: 60_000, status: StageOutcome.LOST, closedAt: new Date("2027-02-01T00:00:00Z") }),
        deal({ name: "A10", ...alices(), amount: null, expectedCloseDate: "2027-01-05" }),
        deal({ name: "B1", ...owned(bob!, alpha!), amount: 150_000, probability: 80, forecastCategory: ForecastCategory.COMMIT, expectedCloseDate: "2027-02-28" }),
        deal({ name: "B2", ...owned(bob!, beta!), amount: 250_000, status: StageOutcome.WON, closedAt: new Date("2027-03-01T00:00:00Z") }),
        deal({ name: "B3", ...owned(bob!, alpha!), amount: 10_000, currency: "GBP", probability: 60, forecastCategory: ForecastCategory.BEST_CASE, expectedCloseDate: "2027-03-01" }),
        // 12,345 × 10 % = 1,234.5: rounds to 1,235 as Opportunity.weightedAmount does.
        deal({ name: "U1", amount: 12_345, expectedCloseDate: "2027-03-15" }),
        deal({
          name: "R1",
          ...owned(carol!, null),
          pipelineId: fromGlobalId(renewals).rowId,
          amount: 77_700,
          probability: 70,
          forecastCategory: ForecastCategory.COMMIT,
          expectedCloseDate: "2027-02-02",
        }),
      ]);
      const elsewhere = new Customers(app, "2");
      const stranger = await elsewhere.user({ name: "Stranger" });
      const foreign = await elsewhere.account({ name: "Foreign" });
      await elsewhere.scope.save(
        elsewhere.scope.create<Opportunity>(Opportunity, {
          name: "X1",
          accountId: foreign.id,
          pipelineId: "999999",
          stageId: "999999",
          status: StageOutcome.OPEN,
          amount: 999_999,
          currency: "EUR",
          expectedCloseDate: "2027-02-01",
          probability: 80,
          forecastCategory: ForecastCategory.COMMIT,
          competitors: [],
          stageEnteredAt: new Date(),
          ownerId: stranger.id,
        }),
      );
      const eur = (amount: number) => ({ amount, currency: "EUR" });
      await quotaSet({ userId: gid.user(alice!), period: "2027-Q1", amount: eur(800_000) });
      await quotaSet({ userId: gid.user(alice!), period: "2027", amount: eur(3_000_000) });
      await quotaSet({ userId: gid.user(alice!), period: "2027-Q2", amount: eur(1) });
      for (const [month, amount] of [["2027-01", 100_000], ["2027-02", 100_000], ["2027-03", 300_000]] as const) {
        await quotaSet({ userId: gid.user(bob!), period: month, amount: eur(amount) });
      }
      await quotaSet({ userId: gid.user(carol!), period: "2027-Q1", amount: eur(100_000) });
      await quotaSet({ userId: gid.user(carol!), period: "2027-02", amount: { amount: 5_000, currency: "USD" } });
      await quotaSet({ teamId: toGlobalId("Team", alpha!.id), period: "2027-Q1", amount: eur(1_000_000) });
      await quotaSet({ teamId: toGlobalId("Team", gamma!.id), period: "2027-Q1", amount: eur(200_000) });
    });

    const ALICE = figures({ closed: [400_000, 1], commit: [700_000, 2], bestCase: [900_000, 3], pipeline: [600_000, 4], omitted: [50_000, 1], weighted: 370_000, quota: 800_000, attainment: 0.5, excluded: 1 });
    const BOB = figures({ closed: [250_000, 1], commit: [400_000, 2], bestCase: [400_000, 2], pipeline: [150_000, 1], weighted: 120_000, quota: 500_000, attainment: 0.5, excluded: 1 });
    const CAROL_QUOTA_ONLY = figures({ quota: 100_000, attainment: 0 });

    it("adds up each owner's deals by cumulative category, weighted, closed in the window, with quota and attainment", async () => {
      const result = await forecast({ ...Q1, groupBy: "OWNER" });
      expect(result).toMatchObject({ from: "2027-01-01", to: "2027-04-01", period: "2027-Q1", currency: "EUR", groupBy: "OWNER", otherCurrencies: ["GBP", "USD"] });
      expect(result.rows.map((row) => [row.owner?.name ?? null, row.team])).toEqual([
        ["Alice Rep", null],
        ["Bob Rep", null],
        ["Carol Rep", null],
        [null, null],
      ]);
      expect(result.rows.map((row) => row.figures)).toEqual([
        ALICE,
        BOB,
        figures({ commit: [77_700, 1], bestCase: [77_700, 1], pipeline: [77_700, 1], weighted: 54_390, quota: 100_000, attainment: 0 }),
        figures({ pipeline: [12_345, 1], weighted: 1_235 }),
      ]);
      expect(result.total).toEqual(
        figures({
          closed: [650_000, 2],
          commit: [1_177_700, 5],
          bestCase: [1_377_700, 6],
          pipeline: [840_045, 7],
          omitted: [50_000, 1],
          weighted: 545_625,
          quota: 1_400_000,
          attainment: 650_000 / 1_400_000,
          excluded: 2,
        }),
      );
    });

    it("takes the quota set for exactly the window, else the quotas inside it without counting a day twice", async () => {
      const year = await forecast({ period: "2027", currency: "EUR" });
      expect(year.rows.map((row) => [row.owner?.name ?? null, row.figures.quota?.amount ?? null])).toEqual([
        ["Alice Rep", 3_000_000],
        ["Bob Rep", 500_000],
        ["Carol Rep", 100_000],
        [null, null],
      ]);
      expect(year.rows[0]!.figures).toMatchObject({ closed: { amount: { amount: 400_000 } }, commit: { amount: { amount: 700_999 }, deals: 3 }, attainment: 400_000 / 3_000_000 });
      const february = await forecast({ from: "2027-02-01", to: "2027-03-01", currency: "EUR" });
      expect(february.period).toBe("2027-02");
      expect(february.rows.map((row) => [row.owner?.name ?? null, row.figures.quota?.amount ?? null])).toEqual([
        ["Alice Rep", null],
        ["Bob Rep", 100_000],
        ["Carol Rep", null],
      ]);
      const dollars = await forecast({ period: "2027-02", currency: "USD" });
      expect(dollars.rows.map((row) => [row.owner?.name ?? null, row.figures.quota?.amount ?? null, row.figures.excludedDeals])).toEqual([
        ["Alice Rep", null, 3],
        ["Bob Rep", null, 1],
        ["Carol Rep", 5_000, 1],
      ]);
      expect(dollars.otherCurrencies).toEqual(["EUR"]);
    });

    it("groups by the deal's team, with team quotas", async () => {
      const result = await forecast({ ...Q1, groupBy: "TEAM" });
      expect(result.rows.map((row) => [row.team?.name ?? null, row.owner])).toEqual([
        ["Alpha", null],
        ["Beta", null],
        ["Gamma", null],
        [null, null],
      ]);
      expect(result.rows.map((row) => row.figures)).toEqual([
        figures({ closed: [400_000, 1], commit: [850_000, 3], bestCase: [1_050_000, 4], pipeline: [750_000, 5], omitted: [50_000, 1], weighted: 490_000, quota: 1_000_000, attainment: 0.4, excluded: 2 }),
        figures({ closed: [250_000, 1], commit: [250_000, 1], bestCase: [250_000, 1] }),
        figures({ quota: 200_000, attainment: 0 }),
        figures({ commit: [77_700, 1], bestCase: [77_700, 1], pipeline: [90_045, 2], weighted: 55_625 }),
      ]);
      expect(result.total).toMatchObject({ closed: { amount: { amount: 650_000 } }, quota: { amount: 1_200_000 }, attainment: 650_000 / 1_200_000 });
    });

    it("narrows to a pipeline, owners or a team", async () => {
      const salesOnly = await forecast({ ...Q1, pipelineId: sales });
      expect(salesOnly.rows.map((row) => row.figures)).toEqual([ALICE, BOB, CAROL_QUOTA_ONLY, figures({ pipeline: [12_345, 1], weighted: 1_235 })]);
      expect(salesOnly.total.commit).toEqual({ amount: { amount: 1_100_000, currency: "EUR" }, deals: 4 });
      const bobs = await forecast({ ...Q1, ownerIds: [gid.user(bob!)] });
      expect(bobs.rows.map((row) => [row.owner?.name, row.figures])).toEqual([["Bob Rep", BOB]]);
      const betas = await forecast({ ...Q1, teamId: toGlobalId("Team", beta!.id) });
      expect(betas.rows.map((row) => [row.owner?.name, row.figures])).toEqual([
        ["Bob Rep", figures({ closed: [250_000, 1], commit: [250_000, 1], bestCase: [250_000, 1], quota: 500_000, attainment: 0.5 })],
        ["Carol Rep", CAROL_QUOTA_ONLY],
      ]);
      const nobody = await forecast({ ...Q1, ownerIds: [] });
      expect(nobody.rows).toEqual([]);
      expect(nobody.total).toEqual(figures({}));
    });

    it("counts only the deals the caller may see, and shows quota-only rows only for those whose deals they see", async () => {
      const own = await forecast({ ...Q1 }, as({ tenantId: "1", id: alice!.id, permissions: READER, visibility: { scope: "own", userId: alice!.id } }));
      expect(own.rows.map((row) => [row.owner?.name, row.figures])).toEqual([["Alice Rep", ALICE]]);
      expect(own.total).toEqual(ALICE);
      const teamReader = as({ tenantId: "1", id: bob!.id, permissions: READER, visibility: { scope: "team", userId: bob!.id, teamIds: [beta!.id] } });
      const byOwner = await forecast({ ...Q1 }, teamReader);
      expect(byOwner.rows.map((row) => [row.owner?.name, row.figures])).toEqual([
        ["Bob Rep", BOB],
        ["Carol Rep", CAROL_QUOTA_ONLY],
      ]);
      const byTeam = await forecast({ ...Q1, groupBy: "TEAM" }, teamReader);
      expect(byTeam.rows.map((row) => [row.team?.name, row.figures])).toEqual([
        ["Alpha", figures({ commit: [150_000, 1], bestCase: [150_000, 1], pipeline: [150_000, 1], weighted: 120_000, quota: 1_000_000, attainment: 0, excluded: 1 })],
        ["Beta", figures({ closed: [250_000, 1], commit: [250_000, 1], bestCase: [250_000, 1] })],
      ]);
    });

    it("keeps tenants apart", async () => {
      const stranger = await forecast({ ...Q1 }, as({ tenantId: "2", permissions: READER }));
      expect(stranger.rows.map((row) => [row.owner?.name, row.figures.commit])).toEqual([["Stranger", { amount: { amount: 999_999, currency: "EUR" }, deals: 1 }]]);
      const foreignOwner = await forecast({ ...Q1, ownerIds: [gid.user(alice!)] }, as({ tenantId: "2", permissions: READER }));
      expect(foreignOwner.rows).toEqual([]);
    });

    it("answers in a fixed number of statements, however many deals count", async () => {
      const statements = async () => {
        const response = await admin.request(ForecastDocument, { input: { ...Q1 } });
        expect(response.errors).toBeUndefined();
        return Number(response.headers.get("x-sql-statements"));
      };
      // The first request may also read the tenant's module switches (cached for 10 s).
      await statements();
      const before = await statements();
      await Promise.all(Array.from({ length: 30 }, (_, i) => deal({ name: `Extra ${i}`, ownerId: [alice!, bob!, carol!][i % 3]!.id, amount: 1, currency: "CHF" })));
      expect(await statements()).toBe(before);
      expect(before).toBeLessThanOrEqual(3);
    });

    it("rejects bad arguments with BAD_USER_INPUT naming the argument, and callers without the permission", async () => {
      const cases: [ForecastInput, string][] = [
        [{ from: "2027-03-01", to: "2027-02-01", currency: "EUR" }, "input.to"],
        [{ from: "2027-03-01", currency: "EUR" }, "input.to"],
        [{ currency: "EUR" }, "input.from"],
        [{ period: "2027-Q5", currency: "EUR" }, "input.period"],
        [{ period: "2027-Q1", to: "2027-05-01", currency: "EUR" }, "input.period"],
        [{ ...Q1, currency: "XYZ" }, "input.currency"],
        [{ ...Q1, pipelineId: toGlobalId("Pipeline", "999999") }, "input.pipelineId"],
        [{ ...Q1, ownerIds: Array.from({ length: 101 }, () => gid.user(alice!)) }, "input.ownerIds"],
      ];
      for (const [input, argument] of cases) {
        expect({ input, error: await badInput(admin.request(ForecastDocument, { input })) }).toEqual({ input, error: expect.objectContaining({ code: "BAD_USER_INPUT", argument }) });
      }
      expect(await badInput(admin.request(ForecastDocument, { input: { ...Q1, ownerIds: ["nonsense"] } }))).toMatchObject({ code: "INVALID_ID" });
      const seller = as({ tenantId: "1", permissions: ["sfa.opportunities.read"] });
      expect(await badInput(seller.request(ForecastDocument, { input: { ...Q1 } }))).toMatchObject({ code: "FORBIDDEN" });
    });
  });

  describe("sales cycle", () => {
    const WINDOW = { period: "2025", currency: "EUR" } as const;
    const ids: Record<string, string> = {};

    /** A deal opened through the API, moved through the given stages, then won or lost: its stage history is real. */
    async function played(name: string, values: { owner: User; account: Account; segment: string | null; amount: number; currency?: string }, path: string[], end: "WON" | "LOST" | null) {
      const input = { name, accountId: gid.account(values.account), currency: values.currency ?? "EUR", expectedCloseDate: "2025-06-30", amount: values.amount, segment: values.segment, ownerId: gid.user(values.owner) };
      const created = (await admin.data(OpportunityCreateDocument, { input })).opportunityCreate;
      expect(created.userErrors).toEqual([]);
      const id = created.opportunity!.id;
      for (const stage of path) {
        const moved = (await admin.data(OpportunityMoveDocument, { input: { id, stageId: toGlobalId("PipelineStage", stages[stage]!) } })).opportunityMove;
        expect(moved.userErrors).toEqual([]);
      }
      if (end === "WON") expect((await admin.data(OpportunityMarkWonDocument, { input: { id } })).opportunityMarkWon.userErrors).toEqual([]);
      if (end === "LOST") expect((await admin.data(OpportunityMarkLostDocument, { input: { id, lostReason: "Price" } })).opportunityMarkLost.userErrors).toEqual([]);
      ids[name] = fromGlobalId(id).rowId;
    }

    /** Dates the deal and sets the time it spent in each stage it left, so the figures can be worked out by hand. */
    async function timed(name: string, closedAt: string, secondsIn: Record<string, number>, createdAt?: string) {
      await app.query("UPDATE opportunity SET closed_at = ?, created_at = COALESCE(?, created_at) WHERE id = ?", [closedAt, createdAt ?? null, ids[name]]);
      for (const [stage, seconds] of Object.entries(secondsIn)) {
        await app.query("UPDATE opportunity_stage_change SET seconds_in_from_stage = ? WHERE opportunity_id = ? AND from_stage_id = ?", [seconds, ids[name], stages[stage]]);
      }
    }

    beforeAll(async () => {
      const enterprise = { owner: alice!, segment: "Enterprise" };
      const smb = { owner: bob!, segment: "SMB", account: na! };
      await played("S1", { ...enterprise, account: emea!, amount: 100_000 }, ["Qualification", "Proposal"], "WON");
      await played("S2", { ...enterprise, account: emea!, amount: 80_000 }, ["Qualification"], "LOST");
      await played("S3", { ...enterprise, account: na!, amount: 90_000 }, ["Proposal", "Qualification"], "LOST");
      await played("S4", { ...smb, amount: 30_000 }, [], "WON");
      await played("S5", { ...smb, amount: 50_000, currency: "USD" }, [], "WON");
      await played("S6", { ...smb, amount: 10_000 }, ["Negotiation"], null);
      await played("S7", { owner: alice!, segment: null, account: unplaced!, amount: 20_000 }, [], "LOST");
      await played("S8", { ...enterprise, account: emea!, amount: 5_000 }, [], "WON");
      await timed("S1", "2025-01-10 00:00:00", { Prospecting: 1000, Qualification: 2000, Proposal: 3000 }, "2024-12-01 00:00:00");
      await timed("S2", "2025-02-01 00:00:00", { Prospecting: 3000, Qualification: 4000 });
      await timed("S3", "2025-12-31 23:00:00", { Prospecting: 2000, Proposal: 5000, Qualification: 6000 });
      await timed("S4", "2025-01-20 00:00:00", { Prospecting: 500 }, "2025-01-10 00:00:00");
      await timed("S5", "2025-02-20 00:00:00", { Prospecting: 1500 }, "2025-02-10 00:00:00");
      await timed("S7", "2025-03-01 00:00:00", { Prospecting: 700 });
      await timed("S8", "2024-12-01 00:00:00", { Prospecting: 1 }, "2024-11-01 00:00:00");
      // S1 has product 9001 on two lines and 9002, S2 has 9001, S4 has 9002.
      await app.query("INSERT INTO product (id, tenant_id, sku, name, active) VALUES (9001, 1, 'SEATS', 'Seats', 1), (9002, 1, 'SUPPORT', 'Support', 1)");
      const line = (deal: string, product: number, position: number) => [ids[deal], product, position];
      for (const values of [line("S1", 9001, 0), line("S1", 9001, 1), line("S1", 9002, 2), line("S2", 9001, 0), line("S4", 9002, 0)]) {
        await app.query("INSERT INTO opportunity_line_item (tenant_id, opportunity_id, product_id, position, quantity, unit_amount, subtotal, discount_amount, line_total, currency) VALUES (1, ?, ?, ?, 1, 1, 1, 0, 1, 'EUR')", values);
      }
    });

    async function analysed(input: Partial<SalesCycleInput>, client = admin): Promise<SalesCycleQuery["salesCycle"]> {
      return (await client.data(SalesCycleDocument, { input: { ...WINDOW, groupBy: "SEGMENT", ...input } })).salesCycle;
    }

    type StageRow = [entered: number, advanced: number, won: number, exits: number, averageSeconds: number | null];
    const OPEN_STAGES = ["Prospecting", "Qualification", "Needs analysis", "Proposal", "Negotiation"];
    /** Expected stage rows in pipeline order; stages not given were never entered nor left. */
    function stageRows(given: Record<string, StageRow>) {
      return OPEN_STAGES.map((name, position) => {
        const [entered, advanced, won, exits, averageSecondsInStage] = given[name] ?? [0, 0, 0, 0, null];
        return {
          stage: { name, position },
          entered,
          advanced,
          won,
          conversionRate: entered === 0 ? null : advanced / entered,
          winRate: entered === 0 ? null : won / entered,
          exits,
          averageSecondsInStage,
        };
      });
    }
    const eur = (amount: number) => ({ amount, currency: "EUR" });

    it("analyses the deals won or lost in the window per segment: win rate, size, cycle, time in stage and conversion", async () => {
      const result = await analysed({});
      expect(result).toMatchObject({ from: "2025-01-01", to: "2026-01-01", period: "2025", groupBy: "SEGMENT", pipeline: { id: sales, name: "Sales" } });
      expect(result.groups).toEqual([
        {
          owner: null,
          productId: null,
          product: null,
          label: "Enterprise",
          won: 1,
          lost: 2,
          winRate: 1 / 3,
          averageDealSize: eur(100_000),
          wonInCurrency: 1,
          wonInOtherCurrencies: 0,
          averageCycleDays: 40,
          stages: stageRows({ Prospecting: [3, 3, 1, 3, 2000], Qualification: [3, 1, 1, 3, 4000], Proposal: [2, 1, 1, 2, 4000] }),
        },
        {
          owner: null,
          productId: null,
          product: null,
          label: "SMB",
          won: 2,
          lost: 0,
          winRate: 1,
          averageDealSize: eur(30_000),
          wonInCurrency: 1,
          wonInOtherCurrencies: 1,
          averageCycleDays: 10,
          stages: stageRows({ Prospecting: [2, 2, 2, 2, 1000] }),
        },
        {
          owner: null,
          productId: null,
          product: null,
          label: null,
          won: 0,
          lost: 1,
          winRate: 0,
          averageDealSize: null,
          wonInCurrency: 0,
          wonInOtherCurrencies: 0,
          averageCycleDays: null,
          stages: stageRows({ Prospecting: [1, 0, 0, 1, 700] }),
        },
      ]);
    });

    it("groups by the account's region, the owner, or each product on the deal", async () => {
      const summary = (groups: SalesCycleQuery["salesCycle"]["groups"]) =>
        groups.map((g) => [g.label ?? g.owner?.name ?? g.productId, g.won, g.lost, g.winRate, g.averageDealSize?.amount ?? null, g.wonInOtherCurrencies, g.averageCycleDays]);
      expect(summary((await analysed({ groupBy: "REGION" })).groups)).toEqual([
        ["EMEA", 1, 1, 0.5, 100_000, 0, 40],
        ["NA", 2, 1, 2 / 3, 30_000, 1, 10],
        [null, 0, 1, 0, null, 0, null],
      ]);
      const owners = await analysed({ groupBy: "OWNER" });
      expect(summary(owners.groups)).toEqual([
        ["Alice Rep", 1, 3, 0.25, 100_000, 0, 40],
        ["Bob Rep", 2, 0, 1, 30_000, 1, 10],
      ]);
      expect(owners.groups[0]!.stages[0]).toMatchObject({ entered: 4, advanced: 3, won: 1, exits: 4, averageSecondsInStage: (1000 + 3000 + 2000 + 700) / 4 });
      const products = await analysed({ groupBy: "PRODUCT" });
      expect(summary(products.groups)).toEqual([
        [toGlobalId("Product", "9001"), 1, 1, 0.5, 100_000, 0, 40],
        [toGlobalId("Product", "9002"), 2, 0, 1, 65_000, 0, 25],
        [null, 1, 2, 1 / 3, null, 1, 10],
      ]);
      expect(products.groups.map((group) => group.product?.name ?? null)).toEqual(["Seats", "Support", null]);
      expect(products.groups[0]!.stages).toEqual(stageRows({ Prospecting: [2, 2, 1, 2, 2000], Qualification: [2, 1, 1, 2, 3000], Proposal: [1, 1, 1, 1, 3000] }));
    });

    it("counts only visible deals, keeps tenants apart, and analyses the pipeline asked for", async () => {
      const own = await analysed({}, as({ tenantId: "1", id: bob!.id, permissions: READER, visibility: { scope: "own", userId: bob!.id } }));
      expect(own.groups.map((g) => [g.label, g.won, g.lost])).toEqual([["SMB", 2, 0]]);
      const stranger = await analysed({}, as({ tenantId: "2", permissions: READER }));
      expect(stranger).toMatchObject({ pipeline: null, groups: [] });
      const other = await analysed({ pipelineId: renewals });
      expect(other).toMatchObject({ pipeline: { name: "Renewals" }, groups: [] });
    });

    it("rejects bad arguments with BAD_USER_INPUT naming the argument", async () => {
      const cases: [Partial<SalesCycleInput>, string][] = [
        [{ period: undefined, from: "2025-02-01", to: "2025-01-01" }, "input.to"],
        [{ currency: "ZZZ" }, "input.currency"],
        [{ pipelineId: toGlobalId("Pipeline", "999999") }, "input.pipelineId"],
      ];
      for (const [input, argument] of cases) {
        const error = await badInput(admin.request(SalesCycleDocument, { input: { ...WINDOW, groupBy: "SEGMENT", ...input } }));
        expect({ input, error }).toEqual({ input, error: expect.objectContaining({ code: "BAD_USER_INPUT", argument }) });
      }
    });
  });
});
