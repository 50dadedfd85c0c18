import type { Readable } from "node:stream";
import { setImmediate as turnOfEventLoop } from "node:timers/promises";
import { parse } from "csv-parse";
import { AuditAction } from "../audit/audit-entry.entity";
import { writeAuditEntry } from "../audit/audit-writer";
import { TenantScope } from "../db/tenant-scope";
import type { WorkScope } from "../db/unit-of-work";
import { defineJob } from "../jobs/job";
import type { PlatformServices } from "../kernel/services";
import { importFileColumns, validateRow, type ImportRecord, type RowError } from "./columns";
import { csvLines } from "./csv-output";
import { ImportJob, JobStatus } from "./data-transfer.entities";
import { importBatch, type ImportBatch } from "./import-batch";
import { BadFileError, inspectFile, type FileShape } from "./import-file";

export const IMPORTS_QUEUE = "core.imports";
export const DATA_IMPORT = "data.import";

/** Plain data, so the job can be retried anywhere: who asked, and how to read phone numbers. */
export interface ImportPayload {
  tenantId: string;
  importId: string;
  /** `<kind>:<id>` of whoever started it, for the audit entry. */
  actor: string | null;
  requestId: string | null;
  /** The mutation, route or tool that started it, for the audit entry. */
  operation: string | null;
  /** Owner of the records the import creates. */
  ownerId: string | null;
  defaultCountry: string | null;
}

export interface ImportRunOptions {
  batchSize?: number;
}

const FINISHED = new Set([JobStatus.COMPLETED, JobStatus.FAILED]);
const REPORT_COLUMNS = ["row_number", "field", "code", "message"] as const;
const REPORT_PAGE = 1_000;
/**
 * Rows validated between two turns of the event loop. The parser hands over a whole read chunk
 * (~800 rows) at once, through promises that never wait for I/O; without a turn, the database's
 * answer to the batch being written sits unread until the chunk is done, and the writes stop
 * overlapping the parsing. 64 rows are about 2 ms of work.
 */
const ROWS_PER_TURN = 64;

/**
 * Runs an import to its end. Safe to run again after a crash at any point: a finished import is
 * left alone, and a running one resumes after its last committed batch (`processedRows`).
 */
export async function runImport(services: PlatformServices, payload: ImportPayload, options: ImportRunOptions = {}): Promise<ImportJob> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(ImportJob, { id: payload.importId });
  if (!job) throw new Error(`Import ${payload.importId} of tenant ${payload.tenantId} does not exist.`);
  if (FINISHED.has(job.status)) return job;
  if (job.status === JobStatus.QUEUED) {
    job.status = JobStatus.RUNNING;
    job.startedAt = new Date();
    await setJob(services, job, { status: job.status, startedAt: job.startedAt });
  }

  const file = await services.files.find(scope, job.fileId);
  if (!file) return finish(services, payload, job, "The uploaded file no longer exists.");
  let shape: FileShape;
  try {
    shape = await inspectFile(services.files.open(file), importFileColumns(job.kind));
  } catch (error) {
    if (error instanceof BadFileError) return finish(services, payload, job, error.message);
    throw error;
  }
  if (job.totalRows !== shape.dataRows) {
    job.totalRows = shape.dataRows;
    await setJob(services, job, { totalRows: job.totalRows });
  }

  try {
    await readBatches(services, payload, job, services.files.open(file), shape, options.batchSize ?? services.config.IMPORT_BATCH_SIZE);
  } catch (error) {
    // csv-parse's own errors (a malformed quote the first pass could not see) say where.
    if (error instanceof Error && error.name === "CsvError") return finish(services, payload, job, `The file is not valid CSV: ${error.message}`);
    throw error;
  }
  return finish(services, payload, job, null);
}

/**
 * Streams the file through csv-parse, validates every row and writes batches. While one batch
 * is being written the next one is parsed: the parser's CPU work overlaps the database's.
 */
async function readBatches(
  services: PlatformServices,
  payload: ImportPayload,
  job: ImportJob,
  bytes: Readable,
  shape: FileShape,
  batchSize: number,
): Promise<void> {
  const parser = bytes.pipe(
    parse({ bom: true, delimiter: shape.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true }),
  );
  const resumeAt = job.processedRows;
  let writing: Promise<void> = Promise.resolve();
  let batch = newBatch(payload, job, resumeAt);
  let row = -2; // the header is record -1
  const flush = async (full: ImportBatch): Promise<void> => {
    await writing;
    writing = importBatch(services.dataSource, full).then((outcome) => {
      job.processedRows = full.firstRow + full.rowCount;
      job.createdRows += outcome.created;
      job.updatedRows += outcome.updated;
      job.failedRows += outcome.failed;
    });
    // Awaited before the next batch or at the end; this only keeps Node from calling it unhandled meanwhile.
    writing.catch(() => undefined);
  };
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (row < 0) continue; // the header, read by inspectFile
      if (row < resumeAt) continue;
      if (row % ROWS_PER_TURN === 0) await turnOfEventLoop();
      // A spreadsheet shows the header as row 1, so the first data row is row 2.
      addRow(batch, validateRow(job.kind, shape.header, cells, row + 2, { defaultCountry: payload.defaultCountry }));
      if (batch.rowCount >= batchSize) {
        await flush(batch);
        batch = newBatch(payload, job, row + 1);
      }
    }
    if (batch.rowCount > 0) await flush(batch);
  } finally {
    await writing;
  }
}

function newBatch(payload: ImportPayload, job: ImportJob, firstRow: number): ImportBatch {
  return { tenantId: payload.tenantId, importId: job.id, kind: job.kind, firstRow, rowCount: 0, records: [], errors: [], ownerId: payload.ownerId };
}

function addRow(batch: ImportBatch, result: ImportRecord | RowError[]): void {
  batch.rowCount++;
  if (Array.isArray(result)) batch.errors.push(...result);
  else batch.records.push(result);
}

async function setJob(services: PlatformServices, job: ImportJob, values: Partial<ImportJob>): Promise<void> {
  // Progress and status are bookkeeping: a query-builder update, which the audit log skips.
  await services.dataSource.createQueryBuilder().update(ImportJob).set(values).where("id = :id AND tenantId = :tenantId", { id: job.id, tenantId: job.tenantId }).execute();
}

/**
 * Ends the import: writes the error report (if any row failed), the final counts and status, the
 * import's one audit entry and, on success, `core.import.completed.v1`, all in one transaction.
 */
async function finish(services: PlatformServices, payload: ImportPayload, job: ImportJob, error: string | null): Promise<ImportJob> {
  const [counts] = await services.dataSource.query<{ processed_rows: number; created_rows: number; updated_rows: number; failed_rows: number }[]>(
    "SELECT processed_rows, created_rows, updated_rows, failed_rows FROM import_job WHERE id = ?",
    [job.id],
  );
  Object.assign(job, {
    processedRows: counts!.processed_rows,
    createdRows: counts!.created_rows,
    updatedRows: counts!.updated_rows,
    failedRows: counts!.failed_rows,
  });
  const work: WorkScope = { tenantId: payload.tenantId, actor: payload.actor, requestId: payload.requestId, operation: payload.operation ?? "importStart" };
  const pendingReport =
    job.failedRows > 0
      ? await services.files.put(
          payload.tenantId,
          { name: `import-${job.id}-errors.csv`, contentType: "text/csv; charset=utf-8", readPermission: DATA_IMPORT },
          reportLines(services, job),
        )
      : null;
  return services.transactions.run(work, async (uow) => {
    const report = pendingReport ? await services.files.record(uow.scope, pendingReport) : null;
    const before = job.status;
    Object.assign(job, {
      status: error === null ? JobStatus.COMPLETED : JobStatus.FAILED,
      error: error?.slice(0, 500) ?? null,
      reportFileId: report?.id ?? null,
      finishedAt: new Date(),
      // Blank and all-empty lines are skipped, so the first pass's count was an upper bound.
      totalRows: error === null ? job.processedRows : job.totalRows,
    });
    await uow.scope.update(
      ImportJob,
      { id: job.id },
      { status: job.status, error: job.error, reportFileId: job.reportFileId, finishedAt: job.finishedAt, totalRows: job.totalRows },
    );
    // One entry for the whole import, not one per row: who imported which file, and the outcome.
    await writeAuditEntry(uow, {
      entityType: "ImportJob",
      entityId: job.id,
      action: AuditAction.UPDATE,
      changes: {
        status: { before, after: job.status },
        kind: { before: null, after: job.kind },
        fileId: { before: null, after: job.fileId },
        processedRows: { before: null, after: job.processedRows },
        createdRows: { before: null, after: job.createdRows },
        updatedRows: { before: null, after: job.updatedRows },
        failedRows: { before: null, after: job.failedRows },
        ...(job.error ? { error: { before: null, after: job.error } } : {}),
      },
    });
    if (job.status === JobStatus.COMPLETED) {
      await uow.emit("core.import.completed.v1", {
        importId: job.id,
        kind: job.kind,
        processedRows: job.processedRows,
        createdRows: job.createdRows,
        updatedRows: job.updatedRows,
        failedRows: job.failedRows,
      });
    }
    return job;
  });
}

/** The error report, read page by page (keyset on id) so a file with a million bad rows streams. */
async function* reportLines(services: PlatformServices, job: ImportJob): AsyncGenerator<string> {
  yield csvLines(REPORT_COLUMNS, [], true);
  let after = "0";
  for (;;) {
    const rows = await services.dataSource.query<{ id: string; row_number: number; field: string | null; code: string; message: string }[]>(
      "SELECT id, `row_number`, field, code, message FROM import_row_error WHERE import_id = ? AND id > ? ORDER BY id LIMIT ?",
      [job.id, after, REPORT_PAGE],
    );
    if (rows.length === 0) return;
    yield csvLines(REPORT_COLUMNS, rows.map((r) => [r.row_number, r.field ?? "", r.code, r.message]), false);
    after = String(rows.at(-1)!.id);
  }
}

/** Marks an import failed for good, e.g. after its last attempt hit an internal error. */
export async function failImport(services: PlatformServices, payload: ImportPayload, message: string): Promise<void> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(ImportJob, { id: payload.importId });
  if (job && !FINISHED.has(job.status)) await finish(services, payload, job, message);
}

export const importJob = defineJob<ImportPayload>({
  queue: IMPORTS_QUEUE,
  name: "import",
  async handle(payload, { services }) {
    const result = await runImport(services, payload);
    return { status: result.status, processedRows: result.processedRows, failedRows: result.failedRows };
  },
  // Retries resume where the import stopped; after the last it is FAILED, not RUNNING for ever.
  whenFailedForGood: (payload, { services }) =>
    failImport(services, payload, "The import stopped on an internal error; the rows counted as processed were imported. Start it again to finish."),
});
