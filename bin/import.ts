import "reflect-metadata";
import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { userInfo } from "node:os";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { Presets, SingleBar } from "cli-progress";
import { loadConfig } from "../core/config/config";
import { DataTransferKind, ImportJob, JobStatus } from "../core/data-transfer/data-transfer.entities";
import { DATA_IMPORT, IMPORTS_QUEUE } from "../core/data-transfer/import.job";
import { importCountry, startImport } from "../core/data-transfer/import.service";
import { TenantScope } from "../core/db/tenant-scope";
import type { Platform } from "../core/platform";
import { Tenant } from "../core/tenancy/tenant.entity";
import { bootPlatform } from "./composition";

const USAGE = "Usage: npm run import -- <file.csv> --tenant <slug> --kind contacts|accounts [--country FR]";
const POLL_MS = 250;

class UsageError extends Error {
  override name = "UsageError";
}

interface Options {
  path: string;
  tenant: string;
  kind: DataTransferKind;
  country: string | null;
}

function options(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: "string" }, kind: { type: "string" }, country: { type: "string" } },
  });
  const kind = values.kind?.toUpperCase();
  if (positionals.length !== 1 || !values.tenant || (kind !== DataTransferKind.CONTACTS && kind !== DataTransferKind.ACCOUNTS)) throw new UsageError(USAGE);
  const checked = importCountry(values.country);
  if ("error" in checked) throw new UsageError(checked.error);
  return { path: positionals[0]!, tenant: values.tenant, kind, country: checked.country };
}

/**
 * Uploads a CSV for a tenant, queues its import and follows it with a progress bar until it ends;
 * a worker (`npm run worker`) does the work. Exits 1 if the import failed.
 */
async function main(): Promise<number> {
  const { path, tenant: slug, kind, country } = options(process.argv.slice(2));
  await access(path).catch(() => {
    throw new UsageError(`Cannot read ${path}.`);
  });
  // The bar is the output: the platform's own logs only when something is wrong.
  const config = loadConfig({ LOG_LEVEL: "warn", ...process.env });
  const platform: Platform = await bootPlatform(config);
  try {
    const { services } = platform;
    const tenant = await services.dataSource.getRepository(Tenant).findOneBy({ slug });
    if (!tenant) throw new UsageError(`No tenant has the slug '${slug}'.`);
    const scope = new TenantScope(services.dataSource.manager, tenant.id);
    const file = await services.files.write(scope, { name: basename(path), contentType: "text/csv", readPermission: DATA_IMPORT }, createReadStream(path));
    const work = { tenantId: tenant.id, actor: `cli:${userInfo().username}`, requestId: null, operation: "importCli" };
    let job = await startImport(services, work, { file, kind, defaultCountry: country });
    process.stdout.write(`Import ${job.globalId} of ${basename(path)} queued for tenant '${slug}'.\n`);
    if ((await services.queues.get(IMPORTS_QUEUE).getWorkersCount()) === 0) {
      process.stderr.write(`No worker is working the ${IMPORTS_QUEUE} queue; it runs once one starts (npm run worker).\n`);
    }

    const bar = new SingleBar(
      {
        format: `Importing ${kind.toLowerCase()} |{bar}| {value}/{total} rows | {created} created, {updated} updated, {failed} failed`,
        stream: process.stdout,
        // Without a terminal (a log file, CI) the bar prints a line every few seconds instead.
        noTTYOutput: true,
        notTTYSchedule: 2_000,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    const counts = (j: ImportJob) => ({ created: j.createdRows, updated: j.updatedRows, failed: j.failedRows });
    bar.start(job.totalRows ?? 0, job.processedRows, counts(job));
    while (job.status !== JobStatus.COMPLETED && job.status !== JobStatus.FAILED) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = (await scope.findOneBy(ImportJob, { id: job.id }))!;
      if (job.totalRows !== null) bar.setTotal(job.totalRows);
      bar.update(job.processedRows, counts(job));
    }
    bar.stop();

    const total = job.totalRows ?? job.processedRows;
    if (job.status === JobStatus.FAILED) {
      process.stdout.write(`FAILED: ${job.error}\n`);
    } else {
      process.stdout.write(`COMPLETED: ${job.createdRows} created, ${job.updatedRows} updated, ${job.failedRows} failed of ${total} rows.\n`);
    }
    const report = job.reportFileId ? await services.files.find(scope, job.reportFileId) : null;
    if (report) process.stdout.write(`Error report: ${services.files.pathOf(report)} (download: ${report.downloadUrl})\n`);
    return job.status === JobStatus.COMPLETED ? 0 : 1;
  } finally {
    await platform.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`import: ${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
