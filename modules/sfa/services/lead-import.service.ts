import { parse } from "csv-parse";
import { failed } from "../../../core/contacts/service-result";
import { JobStatus } from "../../../core/data-transfer/data-transfer.entities";
import { BadFileError, inspectFile, type FileShape, type ImportColumns } from "../../../core/data-transfer/import-file";
import { TenantScope } from "../../../core/db/tenant-scope";
import type { WorkScope } from "../../../core/db/unit-of-work";
import type { StoredFile } from "../../../core/files/stored-file.entity";
import type { UserError } from "../../../core/graphql/payload";
import type { PlatformServices } from "../../../core/kernel/services";
import { LeadImport, LeadImportRowError } from "../entities/lead-import.entity";
import { LeadSource } from "../entities/lead.entity";
import type { LeadCreateInput } from "../graphql/lead.types";
import { leadsService } from "./leads.service";

/** Plain data, so the job can run again anywhere: whose import, and who asked (for the audit log). */
export interface LeadImportPayload {
  tenantId: string;
  importId: string;
  actor: string | null;
  requestId: string | null;
}

/** CSV columns (as `canonicalColumn` spells them) and the lead fields they fill. */
const COLUMNS = {
  first_name: "firstName",
  last_name: "lastName",
  email: "email",
  phone: "phone",
  company: "company",
  title: "title",
  website: "website",
  region: "region",
  country: "country",
  score: "score",
  external_ref: "externalRef",
} as const satisfies Record<string, keyof LeadCreateInput>;
type Column = keyof typeof COLUMNS;
const COLUMN_OF = new Map<string, Column>(Object.entries(COLUMNS).map(([column, field]) => [field, column as Column]));
/** What the file's header is checked against before anything is written. */
const LEAD_FILE: ImportColumns = { subject: "leads", columns: Object.keys(COLUMNS), required: ["last_name"] };
/** Rows captured per transaction: each row routes through the assignment rules, whose locks the batch holds. */
const BATCH_ROWS = 50;

/** A row's non-empty cells as a lead from an import; `score` stays text-to-number, so a bad one fails validation. */
function rowInput(header: readonly Column[], cells: readonly string[]): LeadCreateInput {
  const input: Record<string, string | number> = {};
  header.forEach((column, index) => {
    const cell = cells[index]?.trim();
    if (cell) input[COLUMNS[column]] = column === "score" ? Number(cell) : cell;
  });
  return { lastName: "", ...input, source: LeadSource.IMPORT };
}

/** The capture's userErrors as row errors, under the file's column names. */
function rowErrors(payload: LeadImportPayload, rowNumber: number, errors: readonly UserError[]): Partial<LeadImportRowError>[] {
  return errors.map((error) => ({
    tenantId: payload.tenantId,
    importId: payload.importId,
    rowNumber,
    field: COLUMN_OF.get(error.field?.[1] ?? "") ?? null,
    code: error.code.slice(0, 32),
    message: error.message.slice(0, 500),
  }));
}

/**
 * Captures one batch of rows in one transaction, each row as any new lead (validated, routed by
 * the assignment rules, announced); refused rows become row errors. The job's progress moves in
 * the same transaction, so a retried job resumes after the last committed batch.
 */
async function captureBatch(services: PlatformServices, payload: LeadImportPayload, rows: { rowNumber: number; input: LeadCreateInput }[], processedRows: number): Promise<void> {
  const work: WorkScope = { tenantId: payload.tenantId, actor: payload.actor, requestId: payload.requestId, operation: "leadImport" };
  await services.transactions.run(work, async (uow) => {
    const errors: Partial<LeadImportRowError>[] = [];
    let created = 0;
    for (const row of rows) {
      const result = await leadsService.capture({ uow, services }, row.input);
      if (failed(result)) errors.push(...rowErrors(payload, row.rowNumber, result.errors));
      else created++;
    }
    if (errors.length > 0) await uow.manager.insert(LeadImportRowError, errors);
    const failedRows = new Set(errors.map((error) => error.rowNumber)).size;
    await uow.manager
      .createQueryBuilder()
      .update(LeadImport)
      .set({ processedRows, createdRows: () => `created_rows + ${created}`, failedRows: () => `failed_rows + ${failedRows}` })
      .where("id = :id AND tenantId = :tenantId", { id: payload.importId, tenantId: payload.tenantId })
      .execute();
  });
}

async function finish(scope: TenantScope, job: LeadImport, error: string | null): Promise<LeadImport> {
  Object.assign(job, { status: error === null ? JobStatus.COMPLETED : JobStatus.FAILED, error: error?.slice(0, 500) ?? null, finishedAt: new Date() });
  await scope.update(LeadImport, { id: job.id }, { status: job.status, error: job.error, finishedAt: job.finishedAt });
  return job;
}

/**
 * Runs an import to its end; safe to run again after a crash (a finished import is left alone, a
 * running one resumes). The whole file is checked first, as core's imports check theirs: UTF-8,
 * a header of known columns with the required ones, no quote left open; a file that fails writes
 * nothing.
 */
export async function runLeadImport(services: PlatformServices, payload: LeadImportPayload): Promise<LeadImport> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(LeadImport, { id: payload.importId });
  if (!job) throw new Error(`Lead import ${payload.importId} of tenant ${payload.tenantId} does not exist.`);
  if (job.status === JobStatus.COMPLETED || job.status === JobStatus.FAILED) return job;
  const file = await services.files.find(scope, job.fileId);
  if (!file) return finish(scope, job, "The uploaded file no longer exists.");
  let shape: FileShape;
  try {
    shape = await inspectFile(services.files.open(file), LEAD_FILE);
  } catch (error) {
    if (error instanceof BadFileError) return finish(scope, job, error.message);
    throw error;
  }
  await scope.update(LeadImport, { id: job.id }, { status: JobStatus.RUNNING, totalRows: shape.dataRows });
  try {
    await readRows(services, payload, file, shape, job.processedRows);
  } catch (error) {
    // csv-parse's own errors (a malformed quote the first pass could not see) say where.
    if (error instanceof Error && error.name === "CsvError") return finish(scope, job, `The file is not valid CSV: ${error.message}`);
    throw error;
  }
  return finish(scope, job, null);
}

async function readRows(services: PlatformServices, payload: LeadImportPayload, file: StoredFile, shape: FileShape, resumeAt: number): Promise<void> {
  const header = shape.header as Column[];
  const parser = services.files
    .open(file)
    .pipe(parse({ bom: true, delimiter: shape.delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, skip_records_with_empty_values: true }));
  let dataRow = -1; // the header, read by inspectFile
  let batch: { rowNumber: number; input: LeadCreateInput }[] = [];
  for await (const cells of parser as AsyncIterable<string[]>) {
    dataRow++;
    if (dataRow === 0 || dataRow <= resumeAt) continue;
    // A spreadsheet shows the header as row 1.
    batch.push({ rowNumber: dataRow + 1, input: rowInput(header, cells) });
    if (batch.length >= BATCH_ROWS) {
      await captureBatch(services, payload, batch, dataRow);
      batch = [];
    }
  }
  if (batch.length > 0) await captureBatch(services, payload, batch, dataRow);
}

/** Ends an import as FAILED with a message, unless it has ended already. */
export async function failLeadImport(services: PlatformServices, payload: Pick<LeadImportPayload, "tenantId" | "importId">, message: string): Promise<void> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(LeadImport, { id: payload.importId });
  if (job && job.status !== JobStatus.COMPLETED && job.status !== JobStatus.FAILED) await finish(scope, job, message);
}
