import "reflect-metadata";
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createConnection } from "mysql2/promise";
import { loadConfig, type Config } from "../core/config/config";
import { DataTransferKind, ImportJob, JobStatus } from "../core/data-transfer/data-transfer.entities";
import { runImport } from "../core/data-transfer/import.job";
import { TenantScope } from "../core/db/tenant-scope";
import type { Platform } from "../core/platform";
import { bootPlatform } from "../bin/composition";

/**
 * Import throughput against a baseline in the same run and database:
 *   (a) the real import path: the job's run (first pass, csv-parse, validation, batches of
 *       multi-row upserts with contact points and progress) over a generated CSV;
 *   (b) bare multi-row INSERTs of the same contacts into a table of the contact table's shape;
 *   (c) LOAD DATA LOCAL INFILE of the same CSV into such a table, where the server allows it.
 * Prints rows/s of each and the ratio (a)/(b). Uses a scratch database, dropped at the end.
 */
const { values } = parseArgs({ options: { rows: { type: "string", default: "1000000" }, batch: { type: "string" }, keep: { type: "boolean", default: false } } });
const ROWS = Number(values.rows);
const CHUNK = 5_000;

const FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Margaret", "Ken", "Frances", "Tim", "Radia", "Linus"];
const LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson", "Allen", "Berners-Lee", "Perlman", "Torvalds"];

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
      text += `${p.externalId},${p.first},${p.last},${p.email},${p.phone},Europe/Paris,fr\n`;
    }
    yield text;
  }
}

async function timed(what: string, run: () => Promise<unknown>): Promise<number> {
  process.stdout.write(`${what}…`);
  const started = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(` ${seconds.toFixed(1)} s\n`);
  return seconds;
}

/** Multi-row INSERTs of the contacts, batch by batch, each committed on its own. */
async function bareInserts(platform: Platform, tenantId: string, batchSize: number): Promise<void> {
  const columns = ["tenant_id", "external_id", "first_name", "last_name", "time_zone", "language", "primary_email", "primary_phone"];
  const tuple = `(${columns.map(() => "?").join(", ")})`;
  for (let start = 0; start < ROWS; start += batchSize) {
    const rows: (string | null)[][] = [];
    for (let i = start; i < Math.min(ROWS, start + batchSize); i++) {
      const p = person(i);
      rows.push([tenantId, p.externalId, p.first, p.last, "Europe/Paris", "fr", p.email.toLowerCase(), p.e164]);
    }
    await platform.services.dataSource.query(`INSERT INTO bench_contact (${columns.join(", ")}) VALUES ${rows.map(() => tuple).join(", ")}`, rows.flat());
  }
}

async function loadDataInfile(config: Config, path: string, tenantId: string): Promise<void> {
  const connection = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD, database: config.DB_NAME });
  try {
    await connection.query({
      sql:
        "LOAD DATA LOCAL INFILE 'contacts.csv' INTO TABLE bench_contact_infile CHARACTER SET utf8mb4 FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' " +
        "IGNORE 1 LINES (external_id, first_name, last_name, primary_email, @phone, time_zone, language) SET tenant_id = ?",
      values: [tenantId],
      infileStreamFactory: () => createReadStream(path),
    });
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const files = await mkdtemp(join(tmpdir(), "crm-bench-files-"));
  const config = loadConfig({ ...process.env, DB_NAME: "crm_bench_import", REDIS_PREFIX: "crm-bench-import", LOG_LEVEL: "warn", FILE_STORAGE_DIR: files });
  const batchSize = values.batch ? Number(values.batch) : config.IMPORT_BATCH_SIZE;
  const scratch = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD });
  await scratch.query("DROP DATABASE IF EXISTS crm_bench_import");
  await scratch.end();
  const platform = await bootPlatform(config);
  try {
    await platform.migrate();
    const { services } = platform;
    const [version] = await services.dataSource.query<{ v: string }[]>("SELECT VERSION() AS v");
    process.stdout.write(`${ROWS} contacts, batches of ${batchSize}, ${cpus().length} cores, server ${version!.v}\n`);
    await services.dataSource.query("INSERT INTO tenant (slug, name) VALUES ('bench', 'Bench')");
    const [{ id: tenantId }] = await services.dataSource.query<{ id: string }[]>("SELECT id FROM tenant WHERE slug = 'bench'");
    const scope = new TenantScope(services.dataSource.manager, String(tenantId));
    const file = await services.files.write(scope, { name: "contacts.csv", contentType: "text/csv" }, csvChunks());
    process.stdout.write(`CSV: ${(file.size / 1024 ** 2).toFixed(1)} MiB\n`);
    const job = await scope.save(scope.create(ImportJob, { kind: DataTransferKind.CONTACTS, status: JobStatus.QUEUED, fileId: file.id }));

    const importSeconds = await timed("(a) import path", () =>
      runImport(services, { tenantId: scope.tenantId, importId: job.id, actor: null, requestId: null, operation: "bench", ownerId: null, defaultCountry: "FR" }, { batchSize }),
    );
    const done = (await scope.findOneBy(ImportJob, { id: job.id }))!;
    if (done.status !== JobStatus.COMPLETED || done.createdRows !== ROWS) throw new Error(`The import did not create every row: ${JSON.stringify(done)}`);

    await services.dataSource.query("CREATE TABLE bench_contact LIKE contact");
    const insertSeconds = await timed("(b) bare multi-row INSERT", () => bareInserts(platform, scope.tenantId, batchSize));

    await services.dataSource.query("CREATE TABLE bench_contact_infile LIKE contact");
    let infileSeconds: number | null = null;
    try {
      infileSeconds = await timed("(c) LOAD DATA LOCAL INFILE", () => loadDataInfile(config, services.files.pathOf(file), scope.tenantId));
    } catch (error) {
      process.stdout.write(` skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    }

    const rate = (seconds: number) => Math.round(ROWS / seconds);
    process.stdout.write(
      [
        "",
        "| path | seconds | rows/s |",
        "| --- | --- | --- |",
        `| (a) import (parse, validate, upsert contacts + 2 contact points each) | ${importSeconds.toFixed(1)} | ${rate(importSeconds)} |`,
        `| (b) bare multi-row INSERT of the contacts | ${insertSeconds.toFixed(1)} | ${rate(insertSeconds)} |`,
        infileSeconds === null ? "| (c) LOAD DATA LOCAL INFILE | skipped | |" : `| (c) LOAD DATA LOCAL INFILE of the CSV | ${infileSeconds.toFixed(1)} | ${rate(infileSeconds)} |`,
        "",
        `ratio (a)/(b): ${(insertSeconds / importSeconds).toFixed(2)} (target >= 0.5)`,
        "",
      ].join("\n"),
    );
  } finally {
    await platform.stop();
    if (!values.keep) {
      const cleanup = await createConnection({ host: config.DB_HOST, port: config.DB_PORT, user: config.DB_USER, password: config.DB_PASSWORD });
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
