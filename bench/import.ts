import "reflect-metadata";
import { createReadStream } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parseArgs } from "node:util";
import { createConnection, type Connection, type RowDataPacket } from "mysql2/promise";
import { loadConfig, type Config } from "../core/config/config";
import { DataTransferKind, ImportJob, JobStatus } from "../core/data-transfer/data-transfer.entities";
import { multiRowInsert, type Value } from "../core/data-transfer/import-batch";
import { runImport } from "../core/data-transfer/import.job";
import { TenantScope } from "../core/db/tenant-scope";
import { bootPlatform } from "../bin/composition";

/**
 * Import throughput against a baseline in the same run and database. Every CSV row is one
 * contact with an email and a phone, so the import writes three table rows per CSV row: the
 * contact and its two contact points. The baseline writes exactly those rows, so the ratio
 * (a)/(b) measures what the import's own work costs (parsing, validation, lookups, upsert
 * logic, progress), not how many rows there are:
 *   (a) the real import path: the job's run (first pass, csv-parse, validation, batches of
 *       lookups and multi-row upserts of contacts and contact points, progress) over a generated CSV;
 *   (b) the baseline: bare multi-row INSERTs of the same contact and contact point rows into
 *       copies of `contact` and `contact_point` (same columns and indexes), in batches of the same
 *       size, one transaction per batch, values computed in plain code;
 *   (c) reference: bare multi-row INSERTs of the contacts alone, one per batch (autocommit);
 *   (d) reference: LOAD DATA LOCAL INFILE of the CSV into a contact-shaped table (contacts alone),
 *       where the server allows it.
 * Rates are CSV rows per second for every path. After (a) and (b), checksums prove that both
 * wrote the same rows. Prints a table, writes it to bench/results/import.json, and drops the
 * scratch database at the end (unless --keep).
 */
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, batch: { type: "string" }, keep: { type: "boolean", default: false } } });
const ROWS = Number(values.rows);
const CHUNK = 5_000;
const TARGET = 0.5;
/** Like the other benchmarks' results: one file, the last run's, next to theirs. */
const RESULTS = join(__dirname, "..", "..", "bench", "results", "import.json");

const FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Tim", "Radia", "Linus"];
const LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Berners-Lee", "Perlman", "Torvalds"];
const TIME_ZONE = "Europe/Paris";
const LANGUAGE = "fr";
/** The import's default country: the CSV's national phone numbers are French. */
const COUNTRY = "FR";

/** Row `i`, the same on every run: no randomness, so two runs import the same bytes. */
function person(i: number) {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const digits = String(i % 1_000_000).padStart(6, "0");
  return {
    externalId: `B${i}`,
    first,
    last,
    email: `${first}.${last}.${i}@example.com`,
    phone: `01 42 ${digits.slice(0, 2)} ${digits.slice(2, 4)} ${digits.slice(4)}`,
    e164: `+33142${digits}`,
  };
}

async function* csvChunks(): AsyncGenerator<string> {
  yield "external_id,first_name,last_name,email,phone,time_zone,language\n";
  for (let start = 0; start < ROWS; start += CHUNK) {
    let text = "";
    for (let i = start; i < Math.min(ROWS, start + CHUNK); i++) {
      const p = person(i);
      text += `${p.externalId},${p.first},${p.last},${p.email},${p.phone},${TIME_ZONE},${LANGUAGE}\n`;
    }
    yield text;
  }
}

/** The columns the import writes. */
const CONTACT_COLUMNS = ["id", "tenant_id", "owner_id", "external_id", "first_name", "last_name", "title", "time_zone", "language", "primary_email", "primary_phone"];
const POINT_COLUMNS = ["tenant_id", "contact_id", "kind", "value", "normalized", "is_primary", "country"];

/**
 * The values the import stores for row `i`, computed in plain code: the email lower-cased, the
 * phone in E.164, both points primary (a new contact has no other), no owner (the bench's import
 * has none), no title (the CSV has no such column). The scratch tables start empty and only
 * this process writes them, so row `i`'s contact can simply take the id `i + 1`: the baseline
 * needs no auto-increment arithmetic, whatever the server's innodb_autoinc_lock_mode.
 */
const contactIdOf = (i: number): string => String(i + 1);

function contactValues(tenantId: string, i: number): Value[] {
  const p = person(i);
  return [contactIdOf(i), tenantId, null, p.externalId, p.first, p.last, null, TIME_ZONE, LANGUAGE, p.email.toLowerCase(), p.e164];
}

function pointValues(tenantId: string, i: number): Value[][] {
  const p = person(i);
  return [
    [tenantId, contactIdOf(i), "EMAIL", p.email, p.email.toLowerCase(), true, null],
    [tenantId, contactIdOf(i), "PHONE", p.phone, p.e164, true, COUNTRY],
  ];
}

/** The statement the import builds, sent as it is: no ORM, no validation. */
async function insert(connection: Connection, table: string, columns: readonly string[], rows: readonly Value[][]): Promise<void> {
  const { sql, params } = multiRowInsert(table, columns, rows);
  await connection.query(sql, params);
}

/**
 * Multi-row INSERTs, batch by batch. With a contact point table, each batch is one transaction
 * that inserts the contacts, then their contact points; without, one autocommitted INSERT of the
 * contacts per batch.
 */
async function bareInserts(connection: Connection, tenantId: string, batchSize: number, tables: { contact: string; point?: string }): Promise<void> {
  for (let start = 0; start < ROWS; start += batchSize) {
    const end = Math.min(ROWS, start + batchSize);
    const contacts: Value[][] = [];
    for (let i = start; i < end; i++) contacts.push(contactValues(tenantId, i));
    if (!tables.point) {
      await insert(connection, tables.contact, CONTACT_COLUMNS, contacts);
      continue;
    }
    const points: Value[][] = [];
    for (let i = start; i < end; i++) points.push(...pointValues(tenantId, i));
    await connection.beginTransaction();
    await insert(connection, tables.contact, CONTACT_COLUMNS, contacts);
    await insert(connection, tables.point, POINT_COLUMNS, points);
    await connection.commit();
  }
}

async function loadDataInfile(connection: Connection, path: string, tenantId: string): Promise<void> {
  await connection.query({
    sql:
      "LOAD DATA LOCAL INFILE 'contacts.csv' INTO TABLE bench_contact_infile CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' " +
      "IGNORE 1 LINES (external_id, first_name, last_name, primary_email, @phone, time_zone, language) SET tenant_id = ?",
    values: [tenantId],
    infileStreamFactory: () => createReadStream(path),
  });
}

/**
 * An order-independent digest of the rows a path wrote: their count and the sum of a CRC of each
 * row's stored values. Contact points are keyed by their contact's external id, since the two
 * paths' contacts have different ids.
 */
async function digest(connection: Connection, contacts: string, points: string): Promise<{ contacts: string; points: string }> {
  const [[contact]] = await connection.query<({ n: number; crc: string | null } & RowDataPacket)[]>(
    `SELECT COUNT(*) AS n, SUM(CRC32(JSON_ARRAY(${CONTACT_COLUMNS.filter((c) => c !== "id").join(", ")}, merged_into_id, erased_at))) AS crc FROM ${contacts}`,
  );
  const [[point]] = await connection.query<({ n: number; crc: string | null } & RowDataPacket)[]>(
    `SELECT COUNT(*) AS n, SUM(CRC32(JSON_ARRAY(c.external_id, ${POINT_COLUMNS.filter((c) => c !== "contact_id").map((c) => `p.${c}`).join(", ")}, p.label))) AS crc ` +
      `FROM ${points} p JOIN ${contacts} c ON c.id = p.contact_id`,
  );
  return { contacts: `${contact!.n}:${contact!.crc}`, points: `${point!.n}:${point!.crc}` };
}

/** Wall time, and this process's CPU time (parsing, validation, building statements) in it. */
interface Timing {
  seconds: number;
  cpuSeconds: number;
}

async function timed(what: string, run: () => Promise<unknown>): Promise<Timing> {
  process.stdout.write(`${what}…`);
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await run();
  // Rounded once, to the hundredth, so the line printed here and the table agree.
  const seconds = Math.round(Number(process.hrtime.bigint() - started) / 1e7) / 100;
  const used = process.cpuUsage(cpu);
  process.stdout.write(` ${seconds.toFixed(1)} s\n`);
  return { seconds, cpuSeconds: (used.user + used.system) / 1e6 };
}

interface PathResult {
  path: "a" | "b" | "c" | "d";
  what: string;
  /** Table rows the path writes: 3 per CSV row with contact points, 1 without. */
  tableRows: number;
  seconds: number | null;
  /** CPU time of this Node process during the path (the server's is not counted). */
  nodeCpuSeconds: number | null;
  csvRowsPerSecond: number | null;
  skipped?: string;
}

const count = (n: number): string => n.toLocaleString("en-US");

function table(paths: PathResult[]): string {
  return [
    "| path | table rows written | seconds | Node CPU s | CSV rows/s |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...paths.map(
      (p) =>
        `| (${p.path}) ${p.what} | ${count(p.tableRows)} | ${p.seconds === null ? "skipped" : p.seconds.toFixed(1)} | ${p.nodeCpuSeconds === null ? "" : p.nodeCpuSeconds.toFixed(1)} | ` +
        `${p.csvRowsPerSecond === null ? "" : count(p.csvRowsPerSecond)} |`,
    ),
  ].join("\n");
}

async function serverFacts(connection: Connection): Promise<Record<string, string>> {
  const [rows] = await connection.query<({ v: string; pool: string; flush: string; lockMode: string; step: string } & RowDataPacket)[]>(
    "SELECT VERSION() AS v, @@innodb_buffer_pool_size AS pool, @@innodb_flush_log_at_trx_commit AS flush, @@innodb_autoinc_lock_mode AS lockMode, @@auto_increment_increment AS step",
  );
  const row = rows[0]!;
  return {
    version: row.v,
    innodbBufferPoolMiB: String(Number(row.pool) / 1024 ** 2),
    innodbFlushLogAtTrxCommit: String(row.flush),
    innodbAutoincLockMode: String(row.lockMode),
    autoIncrementIncrement: String(row.step),
  };
}

async function writeResults(result: object): Promise<void> {
  await mkdir(dirname(RESULTS), { recursive: true });
  // Written whole or not at all: a run killed mid-write leaves a .tmp (ignored by git), not half a result.
  await writeFile(`${RESULTS}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${RESULTS}.tmp`, RESULTS);
}

function connect(config: Config, database?: string): Promise<Connection> {
  // The platform's charset, so that the baselines send and store the bytes the import does.
  return createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD, database, charset: "utf8mb4_unicode_ci" });
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const files = await mkdtemp(join(tmpdir(), "crm-bench-files-"));
  const config = loadConfig({ ...process.env, DB_NAME: "crm_bench_import", REDIS_PREFIX: "crm-bench-import", LOG_LEVEL: "warn", FILE_STORAGE_DIR: files });
  const batchSize = values.batch ? Number(values.batch) : config.IMPORT_BATCH_SIZE;
  const scratch = await connect(config);
  await scratch.query("DROP DATABASE IF EXISTS crm_bench_import");
  await scratch.end();
  const platform = await bootPlatform(config);
  let opened: Connection | null = null;
  try {
    await platform.migrate();
    const { services } = platform;
    // The baselines' own connection: no ORM, no pool.
    const bare = (opened = await connect(config, config.DB_NAME));
    const server = await serverFacts(bare);
    const load = { start: loadavg()[0]!, end: 0 };
    process.stdout.write(
      `${count(ROWS)} CSV rows (each a contact with an email and a phone), batches of ${count(batchSize)}, ${cpus().length} cores\n` +
        `server ${server.version}, innodb_buffer_pool_size ${server.innodbBufferPoolMiB} MiB, innodb_flush_log_at_trx_commit ${server.innodbFlushLogAtTrxCommit}, ` +
        `innodb_autoinc_lock_mode ${server.innodbAutoincLockMode}\nload average (1 min) at start: ${load.start.toFixed(2)}\n`,
    );
    await services.dataSource.query("INSERT INTO tenant (slug, name) VALUES ('bench', 'Bench')");
    const [{ id: tenantId }] = await services.dataSource.query<{ id: string }[]>("SELECT id FROM tenant WHERE slug = 'bench'");
    const scope = new TenantScope(services.dataSource.manager, String(tenantId));
    const file = await services.files.write(scope, { name: "contacts.csv", contentType: "text/csv" }, csvChunks());
    process.stdout.write(`CSV: ${(file.size / 1024 ** 2).toFixed(1)} MiB\n`);
    const job = await scope.save(scope.create(ImportJob, { kind: DataTransferKind.CONTACTS, status: JobStatus.QUEUED, fileId: file.id }));

    const importTiming = await timed("(a) import path", () =>
      runImport(services, { tenantId: scope.tenantId, importId: job.id, actor: null, requestId: null, operation: "bench", ownerId: null, defaultCountry: COUNTRY }, { batchSize }),
    );
    const done = (await scope.findOneBy(ImportJob, { id: job.id }))!;
    if (done.status !== JobStatus.COMPLETED || done.createdRows !== ROWS) throw new Error(`The import did not create every row: ${JSON.stringify(done)}`);

    await bare.query("CREATE TABLE bench_contact LIKE contact");
    await bare.query("CREATE TABLE bench_contact_point LIKE contact_point");
    const baselineTiming = await timed("(b) bare INSERTs of the same rows (contacts + contact points)", () =>
      bareInserts(bare, scope.tenantId, batchSize, { contact: "bench_contact", point: "bench_contact_point" }),
    );
    const [imported, baseline] = [await digest(bare, "contact", "contact_point"), await digest(bare, "bench_contact", "bench_contact_point")];
    if (imported.contacts !== baseline.contacts || imported.points !== baseline.points) {
      throw new Error(`(a) and (b) wrote different rows: ${JSON.stringify({ imported, baseline })}`);
    }
    process.stdout.write(`(a) and (b) wrote the same rows (count:checksum): contacts ${imported.contacts}, contact points ${imported.points}\n`);

    await bare.query("CREATE TABLE bench_contact_only LIKE contact");
    const contactsOnlyTiming = await timed("(c) bare INSERTs of the contacts only", () => bareInserts(bare, scope.tenantId, batchSize, { contact: "bench_contact_only" }));

    await bare.query("CREATE TABLE bench_contact_infile LIKE contact");
    let infileTiming: Timing | null = null;
    let infileSkipped: string | undefined;
    try {
      infileTiming = await timed("(d) LOAD DATA LOCAL INFILE of the contacts only", () => loadDataInfile(bare, services.files.pathOf(file), scope.tenantId));
    } catch (error) {
      infileSkipped = error instanceof Error ? error.message : String(error);
      process.stdout.write(` skipped: ${infileSkipped}\n`);
    }
    load.end = loadavg()[0]!;

    const result = (path: PathResult["path"], what: string, tableRows: number, timing: Timing | null, skipped?: string): PathResult => ({
      path,
      what,
      tableRows,
      seconds: timing === null ? null : Number(timing.seconds.toFixed(2)),
      nodeCpuSeconds: timing === null ? null : Number(timing.cpuSeconds.toFixed(2)),
      csvRowsPerSecond: timing === null ? null : Math.round(ROWS / timing.seconds),
      ...(skipped ? { skipped } : {}),
    });
    const paths = [
      result("a", "import: parse, validate, look up, upsert each contact and its 2 contact points, progress", 3 * ROWS, importTiming),
      result("b", "baseline: bare multi-row INSERTs of the same contacts and contact points, a transaction per batch", 3 * ROWS, baselineTiming),
      result("c", "reference: bare multi-row INSERTs of the contacts only", ROWS, contactsOnlyTiming),
      result("d", "reference: LOAD DATA LOCAL INFILE of the CSV, contacts only", ROWS, infileTiming, infileSkipped),
    ];
    // Same number of CSV rows on every path, so the ratio of rates is the inverse ratio of times.
    const over = (reference: Timing): string => (reference.seconds / importTiming.seconds).toFixed(2);
    const ratio = baselineTiming.seconds / importTiming.seconds;
    const references = [`(a)/(c) ${over(contactsOnlyTiming)}`, ...(infileTiming === null ? [] : [`(a)/(d) ${over(infileTiming)}`])];
    await writeResults({
      benchmark: "import",
      command: `node ${relative(process.cwd(), process.argv[1]!)} ${process.argv.slice(2).join(" ")}`.trim(),
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      csvRows: ROWS,
      csvBytes: file.size,
      batchSize,
      cores: cpus().length,
      node: process.version,
      server,
      loadAverage1m: { start: Number(load.start.toFixed(2)), end: Number(load.end.toFixed(2)) },
      paths,
      sameRows: imported,
      ratio: { importToBaseline: Number(ratio.toFixed(3)), target: TARGET, met: ratio >= TARGET },
    });
    process.stdout.write(
      [
        `load average (1 min) at end: ${load.end.toFixed(2)}`,
        "",
        table(paths),
        "",
        `ratio (a)/(b): ${ratio.toFixed(2)} (target >= ${TARGET}: ${ratio >= TARGET ? "met" : "not met"})`,
        `for reference, rate of (a) over the contacts-only paths: ${references.join(", ")}`,
        `written to ${relative(process.cwd(), RESULTS)}`,
        "",
      ].join("\n"),
    );
  } finally {
    await opened?.end();
    await platform.stop();
    if (!values.keep) {
      const cleanup = await connect(config);
      await cleanup.query("DROP DATABASE IF EXISTS crm_bench_import");
      await cleanup.end();
    }
    await rm(files, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:import: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
