import "reflect-metadata";
import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { SingleBar, Presets } from "cli-progress";
import type { ResultSetHeader, RowDataPacket } from "mysql2";
import { createConnection, createPool, type Pool, type PoolConnection } from "mysql2/promise";
import { loadConfig, type Config } from "../core/config/config";
import { openDataSource } from "../core/db/data-source";
import { ensureDatabase } from "../core/db/ensure-database";
import { hashPassword } from "../core/identity/password";
import { databaseParts } from "../bin/composition";
import { StageOutcome, type ForecastCategory } from "../modules/sfa/entities/pipeline.entity";
import { STANDARD_PIPELINE, stageValues } from "../modules/sfa/services/pipelines.service";

/**
 * A deterministic CRM at a chosen scale: the same seed gives the same rows and the same ids on
 * every run, so a benchmark can name "tenant 1's first 20 accounts" or "contact 42" and mean the
 * same data each time. Bulk tables are written with multi-row INSERTs in transactions (no ORM
 * per row); ids are given explicitly, which is what makes them predictable.
 */

export interface SeedOptions {
  contacts: number;
  tenants: number;
  /** Average interactions per contact. */
  interactionsPerContact: number;
  /** Contacts per account. */
  contactsPerAccount: number;
  /** Contacts generated and committed per transaction. */
  chunk: number;
  progress: boolean;
}

export interface TenantState {
  id: string;
  slug: string;
  admin: { email: string; password: string };
  /** A partner key with read scopes on accounts, contacts and interactions. */
  apiKey: string;
  accounts: { first: string; count: number };
  contacts: { first: string; count: number };
}

export interface SeedState {
  database: string;
  options: SeedOptions;
  tenants: TenantState[];
  rows: Record<string, number>;
  seconds: number;
}

export const BENCH_PASSWORD = "bench-password-123";
export const PARTNER_SCOPES = ["accounts.read", "contacts.read", "interactions.read"];

/** mulberry32: small, fast and the same on every platform; Math.random() cannot be seeded. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Tim", "Radia", "Linus", "Sophie", "Yusuf", "Mei", "Olga", "Kwame", "Lucía", "Hiroshi", "Ingrid", "Amara", "João", "Priya", "Élodie"];
const LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Berners-Lee", "Perlman", "Torvalds", "Martin", "Nguyen", "Okafor", "García", "Tanaka", "Larsen", "Dubois", "Kowalski", "Rossi", "Müller", "Silva", "Haddad"];
const WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Cyberdyne", "Soylent", "Hooli", "Vandelay", "Wonka", "Aperture", "Massive", "Dynamic", "Oscorp", "Nakatomi", "Gringotts", "Monarch", "Pied Piper"];
const SECTORS = ["Software", "Logistics", "Energy", "Retail", "Health", "Finance", "Media", "Foods", "Robotics", "Textiles"];
const SUFFIXES = ["Inc.", "Ltd", "GmbH", "SA", "BV", "KK", "Group", "Holdings"];
const REGIONS: readonly { region: string; country: string; dial: string; zone: string; language: string; city: string }[] = [
  { region: "EMEA", country: "FR", dial: "+3314", zone: "Europe/Paris", language: "fr", city: "Paris" },
  { region: "EMEA", country: "DE", dial: "+4930", zone: "Europe/Berlin", language: "de", city: "Berlin" },
  { region: "EMEA", country: "GB", dial: "+4420", zone: "Europe/London", language: "en-GB", city: "London" },
  { region: "NA", country: "US", dial: "+1212", zone: "America/New_York", language: "en-US", city: "New York" },
  { region: "NA", country: "CA", dial: "+1416", zone: "America/Toronto", language: "fr-CA", city: "Toronto" },
  { region: "LATAM", country: "BR", dial: "+5511", zone: "America/Sao_Paulo", language: "pt-BR", city: "São Paulo" },
  { region: "APAC", country: "JP", dial: "+8133", zone: "Asia/Tokyo", language: "ja", city: "Tokyo" },
  { region: "APAC", country: "AU", dial: "+6128", zone: "Australia/Sydney", language: "en-AU", city: "Sydney" },
];
const TITLES = ["CEO", "CTO", "Buyer", "Account manager", "Engineer", "Head of procurement", "Office manager", null, null];
const ACCOUNT_TAGS = ["key-account", "partner", "prospect", "churn-risk", "reseller", "strategic"];
/** Weighted: email and phone dominate a real history. */
const CHANNELS = ["EMAIL", "EMAIL", "EMAIL", "PHONE", "PHONE", "SMS", "MESSENGER", "IN_PERSON", "WEB", "POSTAL"];
const DIRECTIONS = ["INBOUND", "OUTBOUND", "OUTBOUND"];
const OUTCOMES = ["answered", "voicemail", "replied", "bounced", "meeting held", null];
const HISTORY_START = Date.UTC(2024, 0, 1);
const HISTORY_MS = 730 * 24 * 3600_000;
const USERS_PER_TENANT = 20;
const TEAMS = ["North", "South", "East", "West"];
const SEGMENTS = ["enterprise", "mid-market", "smb"];

type Value = string | number | null;
type Rows = Value[][];

/** Columns of each bulk table, in the order the generator fills them. */
const TABLES = {
  account: ["id", "tenant_id", "owner_id", "team_id", "name", "normalized_name", "domain", "industry", "employee_count", "region", "country", "parent_id", "external_id"],
  contact: ["id", "tenant_id", "owner_id", "team_id", "first_name", "last_name", "title", "time_zone", "language", "external_id", "primary_email", "primary_phone"],
  contact_point: ["id", "tenant_id", "contact_id", "kind", "value", "normalized", "label", "is_primary", "street", "city", "postal_code", "country"],
  account_contact: ["account_id", "contact_id", "tenant_id", "role", "is_primary"],
  interaction: ["id", "tenant_id", "channel", "direction", "occurred_at", "subject", "body", "outcome", "user_id"],
  interaction_participant: ["interaction_id", "participant_key", "tenant_id", "contact_id", "account_id", "channel", "occurred_at", "role"],
  consent_record: ["id", "tenant_id", "contact_id", "channel", "purpose", "status", "source", "recorded_at", "evidence"],
  record_tag: ["tenant_id", "record_type", "record_id", "tag"],
  pipeline: ["id", "tenant_id", "name", "is_default"],
  pipeline_stage: ["id", "tenant_id", "pipeline_id", "name", "position", "probability", "outcome", "forecast_category", "requirements"],
  opportunity: [
    "id", "tenant_id", "owner_id", "team_id", "name", "account_id", "pipeline_id", "stage_id", "status", "amount", "currency",
    "expected_close_date", "probability", "forecast_category", "competitors", "segment", "stage_entered_at", "closed_at", "lost_reason",
  ],
  opportunity_contact: ["tenant_id", "opportunity_id", "contact_id", "role", "is_primary"],
  opportunity_stage_change: ["tenant_id", "opportunity_id", "from_stage_id", "to_stage_id", "changed_at", "seconds_in_from_stage", "changed_by_id", "amount"],
} as const;
type Table = keyof typeof TABLES;

/** Rows per INSERT: large enough to amortise the round trip, small enough for max_allowed_packet. */
const ROWS_PER_INSERT = 2_000;

function sqlTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 23).replace("T", " ");
}

/** The next id of each table, counted from 1 in generation order: ids are predictable. */
class Ids {
  private readonly next = new Map<string, number>();
  take(table: string): number {
    const id = (this.next.get(table) ?? 0) + 1;
    this.next.set(table, id);
    return id;
  }
  peek(table: string): number {
    return (this.next.get(table) ?? 0) + 1;
  }
}

/** What one tenant's generation needs to know about its users. */
interface Staff {
  userIds: number[];
  teamOf: Map<number, number>;
}

class Chunk {
  readonly rows = new Map<Table, Rows>();
  add(table: Table, row: Value[]): void {
    let rows = this.rows.get(table);
    if (!rows) this.rows.set(table, (rows = []));
    rows.push(row);
  }
}

async function insertAll(connection: PoolConnection, chunk: Chunk, counts: Record<string, number>): Promise<void> {
  for (const [table, rows] of chunk.rows) {
    const columns = TABLES[table];
    const tuple = `(${columns.map(() => "?").join(",")})`;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const batch = rows.slice(start, start + ROWS_PER_INSERT);
      await connection.query(`INSERT INTO \`${table}\` (${columns.join(",")}) VALUES ${batch.map(() => tuple).join(",")}`, batch.flat());
    }
    counts[table] = (counts[table] ?? 0) + rows.length;
  }
}

/** A key in the API key format, derived from the PRNG so it is the same on every run. */
function deterministicKey(random: () => number): { key: string; prefix: string; hash: string } {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  const pick = (n: number, from: string) => Array.from({ length: n }, () => from[Math.floor(random() * from.length)]!).join("");
  const prefix = pick(12, alphabet);
  const key = `crm_${prefix}_${pick(43, `${alphabet}-_`)}`;
  return { key, prefix, hash: createHash("sha256").update(key).digest("hex") };
}

async function seedStaff(pool: Pool, tenantId: number, slug: string, random: () => number, passwordHash: string): Promise<{ staff: Staff; apiKey: string }> {
  await pool.query("INSERT INTO tenant (id, slug, name) VALUES (?, ?, ?)", [tenantId, slug, `Bench tenant ${tenantId}`]);
  const roles: [string, string[], string, number][] = [
    ["Administrator", [], "ALL", 1],
    ["Sales rep", ["accounts.read", "accounts.write", "contacts.read", "contacts.write", "interactions.read", "interactions.write", "consent.read"], "OWN", 0],
    ["Sales manager", ["accounts.read", "accounts.write", "contacts.read", "contacts.write", "interactions.read", "interactions.write", "consent.read", "consent.write"], "TEAM", 0],
    ["Service agent", ["accounts.read", "contacts.read", "interactions.read", "interactions.write", "consent.read", "consent.write"], "ALL", 0],
  ];
  const roleIds: number[] = [];
  for (const [name, permissions, visibility, administrator] of roles) {
    const [result] = await pool.query<ResultSetHeader>("INSERT INTO role (tenant_id, name, permissions, visibility, administrator) VALUES (?, ?, ?, ?, ?)", [
      tenantId,
      name,
      JSON.stringify(permissions),
      visibility,
      administrator,
    ]);
    roleIds.push(result.insertId);
  }
  const teamIds: number[] = [];
  for (const name of TEAMS) {
    const [result] = await pool.query<ResultSetHeader>("INSERT INTO team (tenant_id, name) VALUES (?, ?)", [tenantId, name]);
    teamIds.push(result.insertId);
  }
  const staff: Staff = { userIds: [], teamOf: new Map() };
  for (let u = 0; u < USERS_PER_TENANT; u++) {
    const [result] = await pool.query<ResultSetHeader>("INSERT INTO user (tenant_id, email, name, password_hash) VALUES (?, ?, ?, ?)", [
      tenantId,
      u === 0 ? `admin@${slug}.example` : `user${u}@${slug}.example`,
      u === 0 ? "Bench Admin" : `${FIRST[u % FIRST.length]} ${LAST[(u * 7) % LAST.length]}`,
      passwordHash,
    ]);
    const userId = result.insertId;
    // The first user administers; the others are mostly reps, a manager per team and agents.
    const roleId = u === 0 ? roleIds[0]! : u <= TEAMS.length ? roleIds[2]! : u % 4 === 0 ? roleIds[3]! : roleIds[1]!;
    const teamId = teamIds[u % teamIds.length]!;
    await pool.query("INSERT INTO user_role (user_id, role_id, tenant_id) VALUES (?, ?, ?)", [userId, roleId, tenantId]);
    await pool.query("INSERT INTO team_member (team_id, user_id, tenant_id) VALUES (?, ?, ?)", [teamId, userId, tenantId]);
    staff.userIds.push(userId);
    staff.teamOf.set(userId, teamId);
  }
  const key = deterministicKey(random);
  await pool.query("INSERT INTO api_client (tenant_id, name, key_prefix, key_hash, scopes) VALUES (?, ?, ?, ?, ?)", [
    tenantId,
    "Bench partner",
    key.prefix,
    key.hash,
    JSON.stringify(PARTNER_SCOPES),
  ]);
  return { staff, apiKey: key.key };
}

/** Generates the accounts of one tenant (a tenth of them subsidiaries of an earlier one). */
function accountsOf(chunk: Chunk, ids: Ids, tenantId: number, count: number, staff: Staff, random: () => number): number[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const accountIds: number[] = [];
  for (let i = 0; i < count; i++) {
    const id = ids.take("account");
    const word = WORDS[i % WORDS.length]!;
    const sector = SECTORS[Math.floor(i / WORDS.length) % SECTORS.length]!;
    const name = `${word} ${sector} ${Math.floor(i / (WORDS.length * SECTORS.length)) + 1} ${pick(SUFFIXES)}`;
    const place = pick(REGIONS);
    const owner = pick(staff.userIds);
    const parent = accountIds.length > 10 && random() < 0.1 ? pick(accountIds) : null;
    chunk.add("account", [
      id,
      tenantId,
      owner,
      staff.teamOf.get(owner)!,
      name,
      name.toLowerCase().replace(/[^a-z0-9 ]/g, ""),
      `${word.toLowerCase().replace(/ /g, "")}-${sector.toLowerCase()}-${i}.example`,
      sector,
      Math.floor(random() * 5000) + 5,
      place.region,
      place.country,
      parent,
      `ACC-${tenantId}-${i}`,
    ]);
    for (const tag of ACCOUNT_TAGS) if (random() < 0.15) chunk.add("record_tag", [tenantId, "Account", id, tag]);
    accountIds.push(id);
  }
  return accountIds;
}

interface SeedStage {
  id: number;
  pipelineId: number;
  outcome: StageOutcome;
  probability: number;
  category: ForecastCategory;
}

/** The tenant's sales pipeline: the standard one a tenant starts with. */
function pipelineOf(chunk: Chunk, ids: Ids, tenantId: number): SeedStage[] {
  const pipelineId = ids.take("pipeline");
  chunk.add("pipeline", [pipelineId, tenantId, STANDARD_PIPELINE.name, 1]);
  return STANDARD_PIPELINE.stages.map((spec, position) => {
    const stage = stageValues(spec);
    const id = ids.take("pipeline_stage");
    chunk.add("pipeline_stage", [id, tenantId, pipelineId, stage.name, position, stage.probability, stage.outcome, stage.forecastCategory, JSON.stringify(stage.requirements)]);
    return { id, pipelineId, outcome: stage.outcome, probability: stage.probability, category: stage.forecastCategory };
  });
}

/**
 * Up to three deals of an account with `contact` as their primary contact, each walked from the
 * first stage to where it stands (open, won or lost), with its stage history.
 */
function dealsOf(chunk: Chunk, ids: Ids, tenantId: number, account: number, contact: number, stages: readonly SeedStage[], staff: Staff, random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const open = stages.filter((stage) => stage.outcome === StageOutcome.OPEN);
  const won = stages.find((stage) => stage.outcome === StageOutcome.WON)!;
  const lost = stages.find((stage) => stage.outcome === StageOutcome.LOST)!;
  for (let n = Math.floor(random() * 4); n > 0; n--) {
    const id = ids.take("opportunity");
    const owner = pick(staff.userIds);
    const amount = (5 + Math.floor(random() * 196)) * 1_000_00;
    const ending = random();
    const reached = 1 + Math.floor(random() * open.length);
    const path = [...open.slice(0, reached), ...(ending < 0.25 ? [won] : ending < 0.45 ? [lost] : [])];
    let at = HISTORY_START + Math.floor(random() * HISTORY_MS * 0.8);
    let previous: { id: number; at: number } | null = null;
    for (const stage of path) {
      const seconds = previous ? Math.floor((at - previous.at) / 1000) : null;
      chunk.add("opportunity_stage_change", [tenantId, id, previous?.id ?? null, stage.id, sqlTime(at), seconds, owner, amount]);
      previous = { id: stage.id, at };
      at += (1 + Math.floor(random() * 20)) * 86_400_000;
    }
    const current = path[path.length - 1]!;
    const closed = current.outcome !== StageOutcome.OPEN;
    chunk.add("opportunity", [
      id, tenantId, owner, staff.teamOf.get(owner)!, `Deal ${id}`, account, current.pipelineId, current.id, current.outcome, amount, "EUR",
      sqlTime(closed ? previous!.at : at).slice(0, 10), current.probability, current.category, JSON.stringify(random() < 0.3 ? ["Globex CRM"] : []),
      pick(SEGMENTS), sqlTime(previous!.at), closed ? sqlTime(previous!.at) : null, current.outcome === StageOutcome.LOST ? "Price" : null,
    ]);
    chunk.add("opportunity_contact", [tenantId, id, contact, "DECISION_MAKER", 1]);
  }
}

/** Contact `index` of a tenant with its points, account links, consent, its share of the history and, for an account's first contact, the account's deals. */
function contactOf(chunk: Chunk, ids: Ids, tenantId: number, index: number, accountIds: number[], options: SeedOptions, staff: Staff, stages: readonly SeedStage[], random: () => number): void {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const id = ids.take("contact");
  const first = FIRST[index % FIRST.length]!;
  const last = LAST[Math.floor(index / FIRST.length) % LAST.length]!;
  const place = pick(REGIONS);
  const email = `${first}.${last}.${tenantId}-${index}@example.com`.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  const phone = `${place.dial}${String(1_000_000 + ((index * 7919) % 9_000_000)).slice(0, 7)}`;
  const owner = pick(staff.userIds);
  chunk.add("contact", [id, tenantId, owner, staff.teamOf.get(owner)!, first, last, pick(TITLES), place.zone, place.language, `CON-${tenantId}-${index}`, email, phone]);
  chunk.add("contact_point", [ids.take("contact_point"), tenantId, id, "EMAIL", email, email, "work", 1, null, null, null, null]);
  chunk.add("contact_point", [ids.take("contact_point"), tenantId, id, "PHONE", phone, phone, "mobile", 1, null, null, null, null]);
  if (random() < 0.3) {
    const street = `${1 + Math.floor(random() * 200)} ${pick(LAST)} Street`;
    const line = `${street}, ${place.city}, ${place.country}`;
    chunk.add("contact_point", [ids.take("contact_point"), tenantId, id, "ADDRESS", line, line.toLowerCase(), "office", 1, street, place.city, String(10000 + Math.floor(random() * 89999)), place.country]);
  }

  // Contacts fill accounts in order, so an account's contacts are known from its position.
  const account = accountIds[Math.floor(index / options.contactsPerAccount) % accountIds.length]!;
  chunk.add("account_contact", [account, id, tenantId, pick(TITLES) ?? "Contact", 1]);
  if (index % options.contactsPerAccount === 0) dealsOf(chunk, ids, tenantId, account, id, stages, staff, random);
  const second = random() < 0.2 ? pick(accountIds) : account;
  if (second !== account) chunk.add("account_contact", [second, id, tenantId, "Advisor", 0]);

  const consentAt = HISTORY_START + Math.floor(random() * HISTORY_MS);
  chunk.add("consent_record", [ids.take("consent_record"), tenantId, id, "EMAIL", "MARKETING", random() < 0.8 ? "GRANTED" : "WITHDRAWN", "web form", sqlTime(consentAt), "newsletter checkbox v3"]);
  if (random() < 0.4) chunk.add("consent_record", [ids.take("consent_record"), tenantId, id, "SMS", "SERVICE", "GRANTED", "call", sqlTime(consentAt + 3600_000), null]);

  // Between none and twice the average, spread over two years.
  const interactions = Math.floor(random() * (2 * options.interactionsPerContact + 1));
  for (let n = 0; n < interactions; n++) {
    const interactionId = ids.take("interaction");
    const channel = pick(CHANNELS);
    const at = sqlTime(HISTORY_START + Math.floor(random() * HISTORY_MS));
    chunk.add("interaction", [interactionId, tenantId, channel, pick(DIRECTIONS), at, `${channel.toLowerCase()} with ${first} ${last} #${n}`, random() < 0.5 ? "Discussed the renewal and next steps." : null, pick(OUTCOMES), pick(staff.userIds)]);
    chunk.add("interaction_participant", [interactionId, `c:${id}`, tenantId, id, null, channel, at, "customer"]);
    chunk.add("interaction_participant", [interactionId, `a:${account}`, tenantId, null, account, channel, at, null]);
    // A colleague at the same account (the previous contact) sometimes takes part too.
    if (random() < 0.2 && index % options.contactsPerAccount !== 0) {
      chunk.add("interaction_participant", [interactionId, `c:${id - 1}`, tenantId, id - 1, null, channel, at, "cc"]);
    }
  }
}

/** Creates the database if needed, applies every migration, then loads the data. The database must hold no tenants. */
export async function seedDatabase(config: Config, options: SeedOptions): Promise<SeedState> {
  const started = Date.now();
  const flavor = await ensureDatabase(config);
  const dataSource = await openDataSource(config, flavor, databaseParts());
  try {
    await dataSource.runMigrations({ transaction: "each" });
  } finally {
    await dataSource.destroy();
  }
  const pool = createPool({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD, database: config.DB_NAME, connectionLimit: 2, timezone: "Z" });
  const rows: Record<string, number> = {};
  const tenants: TenantState[] = [];
  const bar = options.progress ? new SingleBar({ format: "seed {bar} {percentage}% | {value}/{total} contacts | {rate}/s | ETA {eta}s" }, Presets.shades_classic) : null;
  try {
    const [[existing]] = await pool.query<(RowDataPacket & { n: number })[]>("SELECT COUNT(*) AS n FROM tenant");
    if (Number(existing!.n) > 0) throw new Error(`Database '${config.DB_NAME}' already has tenants: seed an empty one (pass --reset to drop it first).`);
    const passwordHash = await hashPassword(BENCH_PASSWORD);
    const ids = new Ids();
    const perTenant = Math.floor(options.contacts / options.tenants);
    bar?.start(perTenant * options.tenants, 0, { rate: 0 });
    let done = 0;
    for (let t = 1; t <= options.tenants; t++) {
      // One stream per tenant: tenant 1's data does not depend on how many tenants follow.
      const random = prng(0x5eed + t);
      const slug = `bench${t}`;
      const { staff, apiKey } = await seedStaff(pool, t, slug, random, passwordHash);
      const accountChunk = new Chunk();
      const stages = pipelineOf(accountChunk, ids, t);
      const firstAccount = ids.peek("account");
      const accountIds = accountsOf(accountChunk, ids, t, Math.max(1, Math.ceil(perTenant / options.contactsPerAccount)), staff, random);
      const firstContact = ids.peek("contact");
      const connection = await pool.getConnection();
      try {
        await connection.beginTransaction();
        await insertAll(connection, accountChunk, rows);
        await connection.commit();
        for (let start = 0; start < perTenant; start += options.chunk) {
          const chunk = new Chunk();
          const end = Math.min(perTenant, start + options.chunk);
          for (let i = start; i < end; i++) contactOf(chunk, ids, t, i, accountIds, options, staff, stages, random);
          await connection.beginTransaction();
          await insertAll(connection, chunk, rows);
          await connection.commit();
          done += end - start;
          bar?.update(done, { rate: Math.round(done / ((Date.now() - started) / 1000)) });
        }
      } finally {
        connection.release();
      }
      tenants.push({
        id: String(t),
        slug,
        admin: { email: `admin@${slug}.example`, password: BENCH_PASSWORD },
        apiKey,
        accounts: { first: String(firstAccount), count: accountIds.length },
        contacts: { first: String(firstContact), count: perTenant },
      });
    }
  } finally {
    bar?.stop();
    await pool.end();
  }
  return { database: config.DB_NAME, options, tenants, rows, seconds: (Date.now() - started) / 1000 };
}

export async function dropDatabase(config: Config): Promise<void> {
  const connection = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${config.DB_NAME.replace(/`/g, "``")}\``);
  } finally {
    await connection.end();
  }
}

/** Where the last seed's state (ids, keys, passwords) is written for the API benchmark. */
export const STATE_FILE = join(__dirname, "..", "..", "bench", "results", "seed-state.json");

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      contacts: { type: "string", default: "20000" },
      tenants: { type: "string", default: "1" },
      interactions: { type: "string", default: "5" },
      chunk: { type: "string", default: "1000" },
      reset: { type: "boolean", default: false },
    },
  });
  const config = loadConfig({ ...process.env, LOG_LEVEL: "warn" });
  if (values.reset) await dropDatabase(config);
  const state = await seedDatabase(config, {
    contacts: Number(values.contacts),
    tenants: Number(values.tenants),
    interactionsPerContact: Number(values.interactions),
    contactsPerAccount: 10,
    chunk: Number(values.chunk),
    progress: true,
  });
  await mkdir(dirname(STATE_FILE), { recursive: true });
  await writeFile(STATE_FILE, `${JSON.stringify(state, null, 2)}\n`);
  const total = Object.values(state.rows).reduce((sum, n) => sum + n, 0);
  process.stdout.write(
    `Seeded '${state.database}' in ${state.seconds.toFixed(1)} s (${Math.round(total / state.seconds)} rows/s):\n` +
      Object.entries(state.rows)
        .map(([table, n]) => `  ${table}: ${n}\n`)
        .join("") +
      `State (API keys, admin passwords, ids): ${STATE_FILE}\n`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`bench:seed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
