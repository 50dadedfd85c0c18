import "reflect-metadata";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { createConnection, type Connection, type RowDataPacket } from "mysql2/promise";
import { bootPlatform } from "../bin/composition";
import { loadConfig, type Config } from "../core/config/config";
import { multiRowInsert, type Value } from "../core/data-transfer/import-batch";
import { fromGlobalId } from "../core/graphql/relay/global-id";
import { newApiKey } from "../core/identity/api-keys";
import { dropDatabase, prng } from "./seed";

/**
 * The forecast query against a hand-written SQL baseline, in the same run and database:
 *   (a) `forecast` over HTTP, as a client sends it (API key, GraphQL, TenantScope, the service's
 *       aggregate, quotas and owners' names, JSON);
 *   (b) the same figures from plain SQL through mysql2: one GROUP BY aggregate written
 *       independently of the service (the same UNION ALL of two index ranges), the window's quotas and the names, and the cumulative sums
 *       in a few lines of code.
 * 100,000 opportunities of one tenant (deterministic: the same rows on every run), with their
 * stage history, 40 owners in 5 teams, 3 currencies and 2 pipelines, are written with multi-row
 * INSERTs into a database of their own, dropped at the end unless --keep. Each scenario runs both
 * paths alternately, after a warm-up, and the run fails if they disagree on any figure. Prints a
 * table and writes bench/results/forecast.json.
 */
const { values } = parseArgs({
  options: { opportunities: { type: "string", default: "100000" }, iterations: { type: "string", default: "15" }, keep: { type: "boolean", default: false } },
});
const OPPORTUNITIES = Number(values.opportunities);
const ITERATIONS = Number(values.iterations);
const DATABASE = "crm_bench_forecast";
const RESULTS = join(__dirname, "..", "..", "bench", "results", "forecast.json");
const ROWS_PER_INSERT = 2_000;
const CHUNK = 10_000;
const TENANT = 1;
const USERS = 40;
const TEAMS = ["North", "South", "East", "West", "Central"];
const CURRENCIES = ["EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "EUR", "USD", "USD", "GBP"];
const SEGMENTS = ["Enterprise", "Mid-market", "SMB", null];
const STAGES = [
  { name: "Prospecting", probability: 10, outcome: "OPEN", category: "PIPELINE" },
  { name: "Qualification", probability: 20, outcome: "OPEN", category: "PIPELINE" },
  { name: "Needs analysis", probability: 40, outcome: "OPEN", category: "PIPELINE" },
  { name: "Proposal", probability: 60, outcome: "OPEN", category: "BEST_CASE" },
  { name: "Negotiation", probability: 80, outcome: "OPEN", category: "COMMIT" },
  { name: "Closed won", probability: 100, outcome: "WON", category: "CLOSED" },
  { name: "Closed lost", probability: 0, outcome: "LOST", category: "OMITTED" },
] as const;
const OPEN_STAGES = 5;
const DAY_MS = 86_400_000;
const FIRST_DAY = Date.UTC(2026, 0, 1);

interface Scenario {
  name: string;
  groupBy: "OWNER" | "TEAM";
  period: string;
  from: string;
  to: string;
  currency: string;
}

const SCENARIOS: Scenario[] = [
  { name: "quarter by owner", groupBy: "OWNER", period: "2027-Q1", from: "2027-01-01", to: "2027-04-01", currency: "EUR" },
  { name: "year by team", groupBy: "TEAM", period: "2027", from: "2027-01-01", to: "2028-01-01", currency: "EUR" },
];

const FORECAST = `query Forecast($input: ForecastInput!) {
  forecast(input: $input) {
    rows {
      owner { id name }
      team { id name }
      figures { ...Figures }
    }
    total { ...Figures }
  }
}
fragment Amount on ForecastAmount { amount { amount currency } deals }
fragment Figures on ForecastFigures {
  closed { ...Amount } commit { ...Amount } bestCase { ...Amount } pipeline { ...Amount } omitted { ...Amount }
  weightedPipeline { amount } quota { amount } attainment excludedDeals
}`;

const sqlTime = (ms: number): string => new Date(ms).toISOString().slice(0, 23).replace("T", " ");
const sqlDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

async function insert(connection: Connection, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
    const { sql, params } = multiRowInsert(table, columns, rows.slice(start, start + ROWS_PER_INSERT));
    await connection.query(sql, params);
  }
}

const OPPORTUNITY_COLUMNS = [
  "id", "tenant_id", "created_at", "owner_id", "team_id", "name", "account_id", "pipeline_id", "stage_id", "status", "amount", "currency",
  "expected_close_date", "probability", "forecast_category", "competitors", "lost_reason", "segment", "stage_entered_at", "closed_at",
];
const CHANGE_COLUMNS = ["tenant_id", "opportunity_id", "from_stage_id", "to_stage_id", "changed_at", "seconds_in_from_stage", "changed_by_id", "amount"];

interface Staff {
  users: number[];
  teams: number[];
  teamOf: Map<number, number>;
}

/** Tenant, teams, owners, a read-only API key, 1,000 accounts and two pipelines of the seven usual stages. */
async function seedStaff(connection: Connection): Promise<{ staff: Staff; apiKey: string; stageIds: number[][] }> {
  await connection.query("INSERT INTO tenant (id, slug, name) VALUES (?, 'bench-forecast', 'Bench forecast')", [TENANT]);
  const staff: Staff = { users: [], teams: TEAMS.map((_, t) => t + 1), teamOf: new Map() };
  await insert(connection, "team", ["id", "tenant_id", "name"], TEAMS.map((name, t) => [t + 1, TENANT, name]));
  const users = Array.from({ length: USERS }, (_, u) => [u + 1, TENANT, `rep${u + 1}@bench.example`, `Rep ${String(u + 1).padStart(2, "0")}`, "-"]);
  await insert(connection, "user", ["id", "tenant_id", "email", "name", "password_hash"], users);
  for (let u = 1; u <= USERS; u++) {
    staff.users.push(u);
    staff.teamOf.set(u, ((u - 1) % TEAMS.length) + 1);
  }
  await insert(connection, "team_member", ["team_id", "user_id", "tenant_id"], staff.users.map((u) => [staff.teamOf.get(u)!, u, TENANT]));
  const key = newApiKey();
  await connection.query("INSERT INTO api_client (tenant_id, name, key_prefix, key_hash, scopes) VALUES (?, 'Bench', ?, ?, ?)", [TENANT, key.prefix, key.hash, JSON.stringify(["sfa.forecasts.read"])]);
  await insert(connection, "account", ["id", "tenant_id", "name", "normalized_name", "region"], Array.from({ length: 1_000 }, (_, a) => [a + 1, TENANT, `Account ${a + 1}`, `account ${a + 1}`, ["EMEA", "NA", "APAC"][a % 3]!]));
  const stageIds: number[][] = [];
  for (const [p, name] of ["Sales", "Renewals"].entries()) {
    await connection.query("INSERT INTO pipeline (id, tenant_id, name, is_default) VALUES (?, ?, ?, ?)", [p + 1, TENANT, name, p === 0]);
    const ids = STAGES.map((_, s) => p * STAGES.length + s + 1);
    await insert(connection, "pipeline_stage", ["id", "tenant_id", "pipeline_id", "name", "position", "probability", "outcome", "forecast_category", "requirements"], STAGES.map((stage, s) => [ids[s]!, TENANT, p + 1, stage.name, s, stage.probability, stage.outcome, stage.category, "[]"]));
    stageIds.push(ids);
  }
  return { staff, apiKey: key.key, stageIds };
}

/** Opportunity `i` and the moves that brought it to its stage, from the seeded random stream. */
function opportunity(i: number, random: () => number, staff: Staff, stageIds: number[][], opportunities: Value[][], changes: Value[][]): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const owner = i % 53 === 0 ? null : pick(staff.users);
  const team = owner === null ? null : random() < 0.9 ? staff.teamOf.get(owner)! : pick(staff.teams);
  const stages = stageIds[random() < 0.85 ? 0 : 1]!;
  const roll = random();
  const outcome = roll < 0.6 ? "OPEN" : roll < 0.85 ? "WON" : "LOST";
  const expected = FIRST_DAY + Math.floor(random() * 3 * 365) * DAY_MS;
  const closedAt = outcome === "OPEN" ? null : FIRST_DAY + Math.floor(random() * 2 * 365 * DAY_MS);
  let amount: number | null = random() < 0.02 ? null : (1 + Math.floor(random() * 5_000)) * 100;
  if (outcome === "WON") amount ??= 100_000;
  // Open deals stop in one of the open stages; closed ones went some way before closing.
  const reached = Math.floor(random() * OPEN_STAGES);
  const last = outcome === "OPEN" ? reached : outcome === "WON" ? 5 : 6;
  const category = outcome === "OPEN" && random() < 0.05 ? "OMITTED" : STAGES[last]!.category;
  const probability = outcome === "OPEN" && random() < 0.1 ? Math.floor(random() * 101) : STAGES[last]!.probability;
  const step = (1 + Math.floor(random() * 20)) * DAY_MS;
  const path = outcome === "OPEN" ? Array.from({ length: reached + 1 }, (_, s) => s) : [...Array.from({ length: reached + 1 }, (_, s) => s), last];
  const createdAt = (closedAt ?? expected) - path.length * step - DAY_MS;
  path.forEach((position, n) => {
    changes.push([TENANT, i + 1, n === 0 ? null : stages[path[n - 1]!]!, stages[position]!, sqlTime(createdAt + n * step), n === 0 ? null : step / 1000, owner, amount]);
  });
  opportunities.push([
    i + 1, TENANT, sqlTime(createdAt), owner, team, `Deal ${i + 1}`, 1 + (i % 1_000), stages === stageIds[0] ? 1 : 2, stages[last]!, outcome, amount, pick(CURRENCIES),
    sqlDay(expected), probability, category, "[]", outcome === "LOST" ? "Price" : null, pick(SEGMENTS), sqlTime(createdAt + (path.length - 1) * step), closedAt === null ? null : sqlTime(closedAt),
  ]);
}

/** Quotas that do not overlap per assignee: each owner's for 2027-Q1, each team's for 2027, in EUR. */
async function seedQuotas(connection: Connection, staff: Staff, random: () => number): Promise<void> {
  const row = (type: string, id: number, from: string, to: string, amount: number): Value[] => [TENANT, type, id, from, to, amount, "EUR"];
  await insert(connection, "quota", ["tenant_id", "assignee_type", "assignee_id", "period_start", "period_end", "amount", "currency"], [
    ...staff.users.map((u) => row("USER", u, "2027-01-01", "2027-04-01", (10 + Math.floor(random() * 40)) * 1_000_000)),
    ...staff.teams.map((t) => row("TEAM", t, "2027-01-01", "2028-01-01", (200 + Math.floor(random() * 400)) * 1_000_000)),
  ]);
}

async function seed(connection: Connection): Promise<{ apiKey: string; rows: Record<string, number> }> {
  const random = prng(0xf07eca57);
  const { staff, apiKey, stageIds } = await seedStaff(connection);
  const rows = { opportunity: 0, opportunity_stage_change: 0 };
  for (let start = 0; start < OPPORTUNITIES; start += CHUNK) {
    const opportunities: Value[][] = [];
    const changes: Value[][] = [];
    for (let i = start; i < Math.min(OPPORTUNITIES, start + CHUNK); i++) opportunity(i, random, staff, stageIds, opportunities, changes);
    await connection.beginTransaction();
    await insert(connection, "opportunity", OPPORTUNITY_COLUMNS, opportunities);
    await insert(connection, "opportunity_stage_change", CHANGE_COLUMNS, changes);
    await connection.commit();
    rows.opportunity += opportunities.length;
    rows.opportunity_stage_change += changes.length;
  }
  await seedQuotas(connection, staff, random);
  await connection.query("ANALYZE TABLE opportunity, opportunity_stage_change, quota");
  return { apiKey, rows };
}

/** Every figure of one row, in a form two paths can be compared by. */
interface Figures {
  closed: [number, number];
  commit: [number, number];
  bestCase: [number, number];
  pipeline: [number, number];
  omitted: [number, number];
  weighted: number;
  quota: number | null;
  attainment: number | null;
  excluded: number;
}
type Report = { rows: Record<string, Figures & { name: string | null }>; total: Figures };

interface AmountJson {
  amount: { amount: number };
  deals: number;
}
interface FiguresJson {
  closed: AmountJson;
  commit: AmountJson;
  bestCase: AmountJson;
  pipeline: AmountJson;
  omitted: AmountJson;
  weightedPipeline: { amount: number };
  quota: { amount: number } | null;
  attainment: number | null;
  excludedDeals: number;
}
interface ForecastJson {
  rows: { owner: { id: string; name: string } | null; team: { id: string; name: string } | null; figures: FiguresJson }[];
  total: FiguresJson;
}

function fromJson(figures: FiguresJson): Figures {
  const pair = (amount: AmountJson): [number, number] => [amount.amount.amount, amount.deals];
  return {
    closed: pair(figures.closed),
    commit: pair(figures.commit),
    bestCase: pair(figures.bestCase),
    pipeline: pair(figures.pipeline),
    omitted: pair(figures.omitted),
    weighted: figures.weightedPipeline.amount,
    quota: figures.quota?.amount ?? null,
    attainment: figures.attainment,
    excluded: figures.excludedDeals,
  };
}

/** (a): the query over HTTP, as a client sends it; the answer reduced to the comparable figures. */
async function viaApi(url: string, apiKey: string, scenario: Scenario): Promise<{ report: Report; statements: number }> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ query: FORECAST, variables: { input: { period: scenario.period, currency: scenario.currency, groupBy: scenario.groupBy } } }),
  });
  const body = (await response.json()) as { data?: { forecast: ForecastJson }; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`forecast failed: ${JSON.stringify(body.errors)}`);
  const rows: Report["rows"] = {};
  for (const row of body.data.forecast.rows) {
    const subject = row.owner ?? row.team;
    rows[subject ? fromGlobalId(subject.id).rowId : "none"] = { name: subject?.name ?? null, ...fromJson(row.figures) };
  }
  return { report: { rows, total: fromJson(body.data.forecast.total) }, statements: Number(response.headers.get("x-sql-statements")) };
}

type Aggregate = RowDataPacket & Record<string, string | null>;

/** (b): the same figures by hand: one aggregate per group and currency, the quotas, the names, then the cumulative sums. */
async function viaSql(connection: Connection, scenario: Scenario): Promise<Report> {
  const group = scenario.groupBy === "OWNER" ? "owner_id" : "team_id";
  const open = (category: string) => `d.status = 'OPEN' AND d.forecast_category = '${category}'`;
  // The open deals by expected date and the won ones by closing time, each on its own index range.
  const [aggregates] = await connection.query<Aggregate[]>(
    `SELECT d.k, d.currency AS cur, COUNT(*) AS n,
       SUM(d.status = 'WON') AS won_n, SUM(IF(d.status = 'WON', IFNULL(d.amount, 0), 0)) AS won_a,
       SUM(${open("PIPELINE")}) AS pl_n, SUM(IF(${open("PIPELINE")}, IFNULL(d.amount, 0), 0)) AS pl_a,
       SUM(${open("BEST_CASE")}) AS bc_n, SUM(IF(${open("BEST_CASE")}, IFNULL(d.amount, 0), 0)) AS bc_a,
       SUM(${open("COMMIT")}) AS cm_n, SUM(IF(${open("COMMIT")}, IFNULL(d.amount, 0), 0)) AS cm_a,
       SUM(${open("OMITTED")}) AS om_n, SUM(IF(${open("OMITTED")}, IFNULL(d.amount, 0), 0)) AS om_a,
       SUM(IF(d.status = 'OPEN' AND d.forecast_category <> 'OMITTED', ROUND(IFNULL(d.amount, 0) * d.probability / 100), 0)) AS w
     FROM (
       SELECT ${group} AS k, currency, status, forecast_category, amount, probability FROM opportunity
         WHERE tenant_id = ? AND status = 'OPEN' AND expected_close_date >= ? AND expected_close_date < ?
       UNION ALL
       SELECT ${group} AS k, currency, status, forecast_category, amount, probability FROM opportunity
         WHERE tenant_id = ? AND status = 'WON' AND closed_at >= ? AND closed_at < ?
     ) d
     GROUP BY d.k, d.currency`,
    [TENANT, scenario.from, scenario.to, TENANT, `${scenario.from} 00:00:00`, `${scenario.to} 00:00:00`],
  );
  const [quotas] = await connection.query<Aggregate[]>(
    "SELECT assignee_id AS k, SUM(amount) AS q FROM quota WHERE tenant_id = ? AND assignee_type = ? AND currency = ? AND period_start >= ? AND period_end <= ? GROUP BY assignee_id",
    [TENANT, scenario.groupBy === "OWNER" ? "USER" : "TEAM", scenario.currency, scenario.from, scenario.to],
  );
  const quotaOf = new Map(quotas.map((q) => [String(q.k), Number(q.q)]));
  const sums = new Map<string, number[]>();
  for (const a of aggregates) {
    const key = a.k === null ? "none" : String(a.k);
    const s = sums.get(key) ?? Array<number>(12).fill(0);
    sums.set(key, s);
    if (a.cur !== scenario.currency) s[11]! += Number(a.n);
    else ["won_n", "won_a", "pl_n", "pl_a", "bc_n", "bc_a", "cm_n", "cm_a", "om_n", "om_a", "w"].forEach((column, c) => (s[c] = Number(a[column])));
  }
  for (const key of quotaOf.keys()) if (!sums.has(key)) sums.set(key, Array<number>(12).fill(0));
  const keys = [...sums.keys()].filter((key) => key !== "none");
  const [names] = keys.length === 0 ? [[]] : await connection.query<Aggregate[]>(`SELECT id, name FROM \`${scenario.groupBy === "OWNER" ? "user" : "team"}\` WHERE tenant_id = ? AND id IN (?)`, [TENANT, keys]);
  const nameOf = new Map(names.map((n) => [String(n.id), n.name]));
  const figures = ([wonN, wonA, plN, plA, bcN, bcA, cmN, cmA, omN, omA, w, excluded]: number[], quota: number | null): Figures => ({
    closed: [wonA!, wonN!],
    commit: [wonA! + cmA!, wonN! + cmN!],
    bestCase: [wonA! + cmA! + bcA!, wonN! + cmN! + bcN!],
    pipeline: [plA! + bcA! + cmA!, plN! + bcN! + cmN!],
    omitted: [omA!, omN!],
    weighted: w!,
    quota,
    attainment: quota ? wonA! / quota : null,
    excluded: excluded!,
  });
  const rows: Report["rows"] = {};
  const total = Array<number>(12).fill(0);
  for (const [key, s] of sums) {
    rows[key] = { name: nameOf.get(key) ?? null, ...figures(s, quotaOf.get(key) ?? null) };
    s.forEach((value, c) => (total[c]! += value));
  }
  const quotaTotal = [...sums.keys()].some((key) => quotaOf.has(key)) ? [...sums.keys()].reduce((sum, key) => sum + (quotaOf.get(key) ?? 0), 0) : null;
  return { rows, total: figures(total, quotaTotal) };
}

/** The same JSON for the same data, whatever the order of rows. */
function canonical(report: Report): string {
  return JSON.stringify({ total: report.total, rows: Object.keys(report.rows).sort().map((key) => [key, report.rows[key]]) });
}

const median = (samples: number[]): number => {
  const sorted = [...samples].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = process.hrtime.bigint();
  const value = await run();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

interface ScenarioResult {
  scenario: string;
  window: string;
  groupBy: string;
  /** Deals the forecast reads: won in the window or open and expected in it, any currency. */
  countedDeals: number;
  rows: number;
  apiMedianMs: number;
  baselineMedianMs: number;
  ratio: number;
  apiStatements: number;
  apiSamplesMs: number[];
  baselineSamplesMs: number[];
}

function table(results: ScenarioResult[]): string {
  return [
    "| scenario | deals counted | rows | API over HTTP, median ms | hand-written SQL, median ms | ratio | SQL statements (API) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...results.map((r) => `| ${r.scenario} (${r.window}) | ${r.countedDeals.toLocaleString("en-US")} | ${r.rows} | ${r.apiMedianMs.toFixed(1)} | ${r.baselineMedianMs.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.apiStatements} |`),
  ].join("\n");
}

function connect(config: Config, database?: string): Promise<Connection> {
  return createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD, database, timezone: "Z", supportBigNumbers: true, bigNumberStrings: true });
}

async function writeResults(result: object): Promise<void> {
  await mkdir(dirname(RESULTS), { recursive: true });
  await writeFile(`${RESULTS}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${RESULTS}.tmp`, RESULTS);
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const files = await mkdtemp(join(tmpdir(), "crm-bench-files-"));
  const config = loadConfig({ ...process.env, DB_NAME: DATABASE, REDIS_PREFIX: "crm-bench-forecast", LOG_LEVEL: "warn", FILE_STORAGE_DIR: files, PORT: "0", HOST: "127.0.0.1" });
  await dropDatabase(config);
  const platform = await bootPlatform(config);
  let bare: Connection | null = null;
  try {
    await platform.migrate();
    bare = await connect(config, DATABASE);
    const [[server]] = await bare.query<(RowDataPacket & { v: string })[]>("SELECT VERSION() AS v");
    process.stdout.write(`${OPPORTUNITIES.toLocaleString("en-US")} opportunities, ${ITERATIONS} iterations per path, ${cpus().length} cores, server ${server!.v}\n`);
    const seeding = await timed(() => seed(bare!));
    process.stdout.write(`seeded in ${(seeding.ms / 1000).toFixed(1)} s: ${JSON.stringify(seeding.value.rows)}\n`);
    const api = await platform.startApi();
    const load = { start: loadavg()[0]!, end: 0 };
    const results: ScenarioResult[] = [];
    for (const scenario of SCENARIOS) {
      const [{ report: answer }, baseline] = [await viaApi(api.url, seeding.value.apiKey, scenario), await viaSql(bare, scenario)];
      if (canonical(answer) !== canonical(baseline)) {
        throw new Error(`(a) and (b) disagree on '${scenario.name}':\nAPI      ${canonical(answer)}\nbaseline ${canonical(baseline)}`);
      }
      const apiSamples: number[] = [];
      const baselineSamples: number[] = [];
      let statements = 0;
      // Alternate the paths so that a change of load on the shared machine hits both alike.
      for (let i = 0; i < ITERATIONS + 2; i++) {
        const a = await timed(() => viaApi(api.url, seeding.value.apiKey, scenario));
        const b = await timed(() => viaSql(bare!, scenario));
        if (i < 2) continue;
        // Once warm: the first requests also look up the API key and the tenant's module switches.
        statements = a.value.statements;
        apiSamples.push(a.ms);
        baselineSamples.push(b.ms);
      }
      const counted = baseline.total;
      const result: ScenarioResult = {
        scenario: scenario.name,
        window: scenario.period,
        groupBy: scenario.groupBy,
        countedDeals: counted.closed[1] + counted.pipeline[1] + counted.omitted[1] + counted.excluded,
        rows: Object.keys(baseline.rows).length,
        apiMedianMs: Number(median(apiSamples).toFixed(2)),
        baselineMedianMs: Number(median(baselineSamples).toFixed(2)),
        ratio: Number((median(apiSamples) / median(baselineSamples)).toFixed(3)),
        apiStatements: statements,
        apiSamplesMs: apiSamples.map((ms) => Number(ms.toFixed(2))),
        baselineSamplesMs: baselineSamples.map((ms) => Number(ms.toFixed(2))),
      };
      results.push(result);
      process.stdout.write(`${scenario.name}: same figures on both paths; API ${result.apiMedianMs} ms, baseline ${result.baselineMedianMs} ms (median)\n`);
    }
    load.end = loadavg()[0]!;
    await writeResults({
      benchmark: "forecast",
      command: `node ${relative(process.cwd(), process.argv[1]!)} ${process.argv.slice(2).join(" ")}`.trim(),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      opportunities: OPPORTUNITIES,
      stageChanges: seeding.value.rows.opportunity_stage_change,
      iterations: ITERATIONS,
      cores: cpus().length,
      node: process.version,
      server: server!.v,
      loadAverage1m: { start: Number(load.start.toFixed(2)), end: Number(load.end.toFixed(2)) },
      scenarios: results,
    });
    process.stdout.write(`\n${table(results)}\n\nratio = API median / baseline median; load average (1 min) ${load.start.toFixed(2)} → ${load.end.toFixed(2)}\nwritten to ${relative(process.cwd(), RESULTS)}\n`);
  } finally {
    await bare?.end();
    await platform.stop();
    if (!values.keep) await dropDatabase(config);
    await rm(files, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:forecast: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
