import "reflect-metadata";
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Request } from "autocannon";
import { Kind, parse, print, visit, type DefinitionNode, type DocumentNode } from "graphql";
import { loadConfig } from "../core/config/config";
import { toGlobalId } from "../core/graphql/relay/global-id";
import { dropDatabase, seedDatabase, type SeedState } from "./seed";

/**
 * API load against a seeded database, with autocannon, each scenario for a fixed duration and
 * connection count:
 *   (a) partner list (API key): 20 accounts × their contacts × each contact's last 5 interactions;
 *   (b) customer 360 of one contact (staff JWT);
 *   (c) a mix of contactCreate, contactUpdate, interactionRecord and consentRecord, unique inputs;
 * and (a) against bench/baseline-server.ts (bare node:http + hand-written SQL), the API and the
 * baseline taking (a) in turns for a few rounds, so that other load on the machine weighs on both.
 *
 * The API runs as a child process (`node dist/bin/api.js`), not in this process: autocannon's
 * own allocations would otherwise count in its memory, and its event loop would compete with the
 * server's inside one thread. Its RSS is sampled from /proc/<pid>/status during the load.
 * Every response body is checked: an HTTP 200 carrying `errors` (or userErrors) is a failure.
 */

const ROOT = join(__dirname, "..", "..");
const OPERATIONS = join(ROOT, "schema", "operations");
export const RESULTS = join(ROOT, "bench", "results");

export interface ScenarioResult {
  name: string;
  target: "api" | "baseline";
  requests: number;
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  errors: number;
  firstError: string | null;
  statements: { min: number; max: number; mean: number } | null;
  peakRssMiB: number | null;
}

/** One operation of a .graphql file with the fragments it spreads, from any operations file (and no others: unused ones fail validation). */
function operation(file: string, name: string): string {
  const document = parse(readFileSync(join(OPERATIONS, file), "utf8"));
  const all = readdirSync(OPERATIONS)
    .filter((other) => other.endsWith(".graphql"))
    .flatMap((other) => parse(readFileSync(join(OPERATIONS, other), "utf8")).definitions);
  const fragments = new Map(all.flatMap((d) => (d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [])));
  const picked: DefinitionNode[] = [];
  const seen = new Set<string>();
  const collect = (node: DefinitionNode) => {
    picked.push(node);
    visit(node, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          seen.add(fragment.name.value);
          collect(fragment);
        }
      },
    });
  };
  const main = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);
  if (!main) throw new Error(`No operation ${name} in ${file}`);
  collect(main);
  return print({ kind: Kind.DOCUMENT, definitions: picked } satisfies DocumentNode);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A child process and the peak of its resident memory, sampled while a window is open. */
/** The V8 flags `npm run api` starts the API with (its heap limit): the bench runs it as deployed. */
function apiNodeFlags(): string[] {
  const scripts = (JSON.parse(readFileSync(join(__dirname, "..", "..", "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const flags = /\bnode((?: --[\w-]+(?:=\S+)?)*) dist\/bin\/api\.js/.exec(scripts.api ?? "")?.[1];
  if (flags === undefined) throw new Error("package.json's api script no longer runs `node … dist/bin/api.js`");
  return flags.trim().split(/\s+/).filter(Boolean);
}

class Child {
  private sampler: NodeJS.Timeout | undefined;
  private peakKb = 0;

  private constructor(readonly process: ChildProcess) {}

  static async start(script: string, env: NodeJS.ProcessEnv, ready: () => Promise<boolean>, nodeFlags: readonly string[] = []): Promise<Child> {
    const child = new Child(spawn(process.execPath, [...nodeFlags, script], { env, stdio: ["ignore", "ignore", "inherit"] }));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.process.exitCode !== null) throw new Error(`${script} exited with ${child.process.exitCode}`);
      if (await ready().catch(() => false)) return child;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`${script} did not become ready`);
  }

  private rssKb(): number {
    try {
      const status = readFileSync(`/proc/${this.process.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      return 0;
    }
  }

  startSampling(): void {
    this.peakKb = this.rssKb();
    this.sampler = setInterval(() => (this.peakKb = Math.max(this.peakKb, this.rssKb())), 100);
  }

  stopSampling(): number {
    clearInterval(this.sampler);
    return Math.round((Math.max(this.peakKb, this.rssKb()) / 1024) * 10) / 10;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null) return;
    const exited = new Promise((resolve) => this.process.once("exit", resolve));
    this.process.kill("SIGTERM");
    await exited;
  }
}

/** What a response says: a failure (with why) or a success, and its statement count. */
type Check = (status: number, body: string) => string | null;

const checkGraphQL: Check = (status, body) => {
  if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
  let parsed: { data?: Record<string, { userErrors?: unknown[] } | null> | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
  if (parsed.errors?.length) return JSON.stringify(parsed.errors).slice(0, 300);
  if (!parsed.data) return "no data";
  for (const field of Object.values(parsed.data)) {
    if (field === null) return "null root field";
    if (field.userErrors?.length) return `userErrors: ${JSON.stringify(field.userErrors).slice(0, 300)}`;
  }
  return null;
};

interface Load {
  name: string;
  target: "api" | "baseline";
  url: string;
  headers: Record<string, string>;
  /** Builds the body of request number `n` (unique inputs come from it). */
  body: (n: number) => string;
  duration: number;
  connections: number;
  child: Child;
}

async function run(load: Load): Promise<ScenarioResult> {
  let sent = 0;
  let errors = 0;
  let firstError: string | null = null;
  const statements: number[] = [];
  const request: Request = {
    method: "POST",
    path: "/graphql",
    headers: { "content-type": "application/json", ...load.headers },
    setupRequest: (req) => ({ ...req, body: load.body(sent++) }),
    onResponse: (status, body, _context, headers) => {
      const failure = checkGraphQL(status, body);
      if (failure) {
        errors += 1;
        firstError ??= failure;
      }
      const counted = (headers as Record<string, string | undefined> | undefined)?.["x-sql-statements"];
      if (counted !== undefined) statements.push(Number(counted));
    },
  };
  load.child.startSampling();
  const result = await autocannon({ url: load.url, connections: load.connections, duration: load.duration, requests: [request] });
  const peakRssMiB = load.child.stopSampling();
  const non2xx = result.non2xx + result.errors + result.timeouts;
  const total = result.requests.total;
  return {
    name: load.name,
    target: load.target,
    requests: total,
    requestsPerSecond: Math.round(total / load.duration),
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    // A transport error never reaches onResponse; a non-2xx does and is counted there.
    errors: errors + result.errors + result.timeouts,
    firstError: firstError ?? (non2xx > 0 ? `${result.errors} socket errors, ${result.timeouts} timeouts` : null),
    statements:
      statements.length > 0
        ? {
            min: Math.min(...statements),
            max: Math.max(...statements),
            mean: Math.round((statements.reduce((a, b) => a + b, 0) / statements.length) * 100) / 100,
          }
        : null,
    peakRssMiB,
  };
}

async function graphql(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
  if (body.errors?.length || !body.data) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** (b) customer 360 and (c) the mutation mix, on the running API. */
async function customerScenarios(
  api: Pick<Load, "target" | "url" | "child" | "duration" | "connections">,
  tenant: SeedState["tenants"][number],
  staff: Record<string, string>,
): Promise<ScenarioResult[]> {
  const scenarios: ScenarioResult[] = [];
  const contact360 = operation("customer-360.graphql", "Customer360");
  const first = Number(tenant.contacts.first);
  const contactId = toGlobalId("Contact", String(first + 41));
  const body360 = JSON.stringify({ query: contact360, variables: { contactId } });
  scenarios.push(await run({ ...api, name: "customer 360 (one contact)", headers: staff, body: () => body360 }));

  // Unique inputs per request: names, times and contacts all follow the request number.
  const run0 = Date.now();
  const mutations = [
    { query: operation("bench.graphql", "BenchContactCreate"), input: (n: number) => ({ firstName: "Load", lastName: `Tester ${run0}-${n}`, contactPoints: [{ kind: "EMAIL", value: `load.${run0}.${n}@bench.example` }] }) },
    { query: operation("bench.graphql", "BenchContactUpdate"), input: (n: number) => ({ id: toGlobalId("Contact", String(first + (n % tenant.contacts.count))), title: `Title ${run0}-${n}` }) },
    {
      query: operation("bench.graphql", "BenchInteractionRecord"),
      input: (n: number) => ({
        channel: "PHONE",
        direction: "OUTBOUND",
        occurredAt: new Date(run0 - n * 1000).toISOString(),
        subject: `Call ${run0}-${n}`,
        participants: { contactIds: [toGlobalId("Contact", String(first + ((n * 7) % tenant.contacts.count)))] },
      }),
    },
    {
      query: operation("bench.graphql", "BenchConsentRecord"),
      input: (n: number) => ({
        contactId: toGlobalId("Contact", String(first + ((n * 13) % tenant.contacts.count))),
        channel: "EMAIL",
        purpose: "MARKETING",
        status: n % 2 ? "GRANTED" : "WITHDRAWN",
        source: `bench ${run0}-${n}`,
        recordedAt: new Date(run0 - n * 1000).toISOString(),
      }),
    },
  ];
  scenarios.push(
    await run({
      ...api,
      name: "mutation mix (contactCreate, contactUpdate, interactionRecord, consentRecord)",
      headers: staff,
      body: (n) => {
        const mutation = mutations[n % mutations.length]!;
        return JSON.stringify({ query: mutation.query, variables: { input: mutation.input(Math.floor(n / mutations.length)) } });
      },
    }),
  );
  return scenarios;
}

export interface ApiBenchResult {
  machine: { cores: number; cpu: string; node: string; server: string };
  command: string;
  seed: { contacts: number; accounts: number; interactions: number; seconds: number };
  duration: number;
  connections: number;
  /** The partner list and its baseline take turns this many times; their rows add the rounds up. */
  rounds: number;
  scenarios: ScenarioResult[];
  /** API requests over baseline requests, all rounds together. */
  ratio: number;
  /** The same ratio round by round: how much the machine's other load moved it. */
  roundRatios: number[];
}

/** One row for the rounds of one scenario: their requests together, the median p50, the worst p99. */
function mergeRounds(rounds: readonly ScenarioResult[], duration: number): ScenarioResult {
  const requests = rounds.reduce((sum, round) => sum + round.requests, 0);
  const counted = rounds.flatMap((round) => (round.statements ? [{ ...round.statements, weight: round.requests }] : []));
  const weight = counted.reduce((sum, stats) => sum + stats.weight, 0);
  const p50s = rounds.map((round) => round.latencyP50Ms).sort((a, b) => a - b);
  return {
    ...rounds[0]!,
    requests,
    requestsPerSecond: Math.round(requests / (duration * rounds.length)),
    latencyP50Ms: p50s[Math.floor(p50s.length / 2)]!,
    latencyP99Ms: Math.max(...rounds.map((round) => round.latencyP99Ms)),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    firstError: rounds.find((round) => round.firstError)?.firstError ?? null,
    statements:
      counted.length > 0
        ? {
            min: Math.min(...counted.map((stats) => stats.min)),
            max: Math.max(...counted.map((stats) => stats.max)),
            mean: Math.round((counted.reduce((sum, stats) => sum + stats.mean * stats.weight, 0) / Math.max(weight, 1)) * 100) / 100,
          }
        : null,
    peakRssMiB: Math.max(...rounds.map((round) => round.peakRssMiB ?? 0)),
  };
}

export async function benchApi(options: {
  contacts: number;
  duration: number;
  connections: number;
  reseed: boolean;
  /** Only the partner list and its baseline: quicker, for trying a change against the target. */
  partnerOnly?: boolean;
  /** Turns the partner list and its baseline take, one after the other (default 3). */
  rounds?: number;
}): Promise<ApiBenchResult> {
  const rounds = options.rounds ?? 3;
  const database = "crm_bench_api";
  const config = loadConfig({ ...process.env, DB_NAME: database, LOG_LEVEL: "warn" });
  const stateFile = join(RESULTS, "api-seed-state.json");
  // Seeding is deterministic, so a database seeded at the same scale is reused as is.
  let state = await readFile(stateFile, "utf8")
    .then((text) => JSON.parse(text) as SeedState)
    .catch(() => null);
  if (options.reseed || !state || state.options.contacts !== options.contacts) {
    await dropDatabase(config);
    process.stdout.write(`Seeding ${options.contacts} contacts into ${database}…\n`);
    state = await seedDatabase(config, { contacts: options.contacts, tenants: 1, interactionsPerContact: 5, contactsPerAccount: 10, chunk: 1000, progress: true });
    await mkdir(RESULTS, { recursive: true });
    await writeFile(stateFile, `${JSON.stringify(state, null, 2)}\n`);
  }
  const tenant = state.tenants[0]!;
  const env = {
    ...process.env,
    NODE_ENV: "development",
    DB_NAME: database,
    DB_MIGRATE_ON_START: "false",
    LOG_LEVEL: "warn",
    REDIS_PREFIX: "crm-bench-api",
    ACCESS_TOKEN_TTL_S: "3600",
    HOST: "127.0.0.1",
  };

  const start = async (script: string, nodeFlags: string[] = []) => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const child = await Child.start(join(__dirname, script), { ...env, PORT: new URL(url).port }, async () => (await fetch(`${url}/readyz`)).ok, nodeFlags);
    return { url, child };
  };
  const api = await start(join("..", "bin", "api.js"), apiNodeFlags());
  // Both servers are up for the partner list, which they take in turns: the machine's other load
  // then weighs on both alike. The idle one waits on its sockets and uses no CPU.
  const baseline = await start("baseline-server.js").catch(async (error: unknown) => {
    await api.child.stop();
    throw error;
  });
  const scenarios: ScenarioResult[] = [];
  const partnerQuery = operation("bench.graphql", "PartnerAccounts");
  const partnerBody = JSON.stringify({ query: partnerQuery, variables: { first: 20, contactsFirst: 20, interactionsFirst: 5 } });
  const partnerAuth = { authorization: `Bearer ${tenant.apiKey}` };
  const common = { duration: options.duration, connections: options.connections };
  const roundsOf = { api: [] as ScenarioResult[], baseline: [] as ScenarioResult[] };
  try {
    const login = await graphql(api.url, "mutation($input: AuthLoginInput!) { authLogin(input: $input) { session { accessToken } userErrors { message } } }", {
      input: { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
    });
    const accessToken = (login.authLogin as { session: { accessToken: string } | null }).session?.accessToken;
    if (!accessToken) throw new Error(`Sign-in failed: ${JSON.stringify(login)}`);
    const staff = { authorization: `Bearer ${accessToken}` };
    // Warm up the key caches, the module switch cache and V8 before anything is measured.
    for (const server of [api, baseline]) await graphql(server.url, partnerQuery, { first: 20, contactsFirst: 20, interactionsFirst: 5 }, partnerAuth);

    for (let round = 0; round < rounds; round++) {
      roundsOf.api.push(await run({ ...common, name: "partner list (20 accounts × contacts × last 5 interactions)", target: "api", url: api.url, headers: partnerAuth, body: () => partnerBody, child: api.child }));
      roundsOf.baseline.push(
        await run({ ...common, name: "partner list — baseline (node:http + mysql2, hand-written SQL)", target: "baseline", url: baseline.url, headers: partnerAuth, body: () => partnerBody, child: baseline.child }),
      );
    }
    scenarios.push(mergeRounds(roundsOf.api, options.duration));
    if (!options.partnerOnly) scenarios.push(...(await customerScenarios({ ...common, target: "api", url: api.url, child: api.child }, tenant, staff)));
    scenarios.push(mergeRounds(roundsOf.baseline, options.duration));
  } finally {
    await Promise.all([api.child.stop(), baseline.child.stop()]);
  }

  const ours = scenarios.find((s) => s.target === "api")!;
  const base = scenarios.find((s) => s.target === "baseline")!;
  const interactions = state.rows.interaction ?? 0;
  return {
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? "unknown", node: process.version, server: "MariaDB" },
    command: "npm run bench:api",
    seed: { contacts: state.options.contacts, accounts: state.rows.account ?? 0, interactions, seconds: state.seconds },
    duration: options.duration,
    connections: options.connections,
    rounds,
    scenarios,
    ratio: Math.round((ours.requests / base.requests) * 100) / 100,
    roundRatios: roundsOf.api.map((round, index) => Math.round((round.requests / roundsOf.baseline[index]!.requests) * 100) / 100),
  };
}

export function markdown(result: ApiBenchResult): string {
  const stats = (s: ScenarioResult) => (s.statements ? `${s.statements.min} / ${s.statements.max} / ${s.statements.mean}` : "n/a");
  return [
    `${result.seed.accounts} accounts, ${result.seed.contacts} contacts, ${result.seed.interactions} interactions; ${result.connections} connections, ${result.duration} s each ` +
      `(the partner list and its baseline in ${result.rounds} alternating rounds); ${result.machine.cores} cores (${result.machine.cpu}), Node ${result.machine.node}`,
    "",
    "| scenario | req/s | p50 ms | p99 ms | errors | SQL/request min / max / mean | peak RSS MiB |",
    "| --- | --- | --- | --- | --- | --- | --- |",
    ...result.scenarios.map((s) => `| ${s.name} | ${s.requestsPerSecond} | ${s.latencyP50Ms} | ${s.latencyP99Ms} | ${s.errors} | ${stats(s)} | ${s.peakRssMiB ?? "n/a"} |`),
    "",
    `Partner list throughput, API / baseline: **${result.ratio}** (target ≥ 0.5); round by round ${result.roundRatios.join(", ")}.`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      scale: { type: "string", default: "20000" },
      duration: { type: "string", default: "10" },
      connections: { type: "string", default: "10" },
      reseed: { type: "boolean", default: false },
      "partner-only": { type: "boolean", default: false },
      rounds: { type: "string", default: "3" },
    },
  });
  const result = await benchApi({
    contacts: Number(values.scale),
    duration: Number(values.duration),
    connections: Number(values.connections),
    reseed: values.reseed,
    partnerOnly: values["partner-only"],
    rounds: Number(values.rounds),
  });
  await mkdir(RESULTS, { recursive: true });
  await writeFile(join(RESULTS, "api.json"), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${markdown(result)}`);
  for (const s of result.scenarios) if (s.firstError) process.stdout.write(`first failure of '${s.name}': ${s.firstError}\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:api: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
