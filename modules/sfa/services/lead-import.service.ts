import type { Readable } from "node:stream";
import { Transform, type TransformCallback } from "node:stream";
import { parse } from "csv-parse";
import { failed } from "../../../core/contacts/service-result";
import { canonicalColumn } from "../../../core/data-transfer/columns";
import { JobStatus } from "../../../core/data-transfer/data-transfer.entities";
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
const REQUIRED: readonly Column[] = ["last_name"];
const DELIMITERS = [",", ";", "\t"] as const;
/** Rows captured per transaction: each row routes through the assignment rules, whose locks the batch holds. */
const BATCH_ROWS = 50;

/** Why the whole file cannot be imported; nothing is written. */
class BadLeadFile extends Error {
  override name = "BadLeadFile";
}

/** Decodes strictly: a file that is not UTF-8 fails the import instead of importing mangled names. */
function strictUtf8(): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes: Buffer | undefined, callback: TransformCallback) => {
    try {
      callback(null, bytes ? decoder.decode(bytes, { stream: true }) : decoder.decode());
    } catch {
      callback(new BadLeadFile("The file is not UTF-8: save it as 'CSV UTF-8' and import it again."));
    }
  };
  return new Transform({ transform: (chunk: Buffer, _encoding, callback) => decode(chunk, callback), flush: (callback) => decode(undefined, callback) });
}

/** The delimiter the header uses most: spreadsheets in many locales write `;`, copy and paste gives tabs. */
async function delimiterOf(bytes: Readable): Promise<string> {
  let text = "";
  for await (const chunk of bytes) {
    text += (chunk as Buffer).toString("utf8");
    if (/\r?\n/.test(text) || text.length > 65_536) break;
  }
  bytes.destroy();
  const header = text.split(/\r?\n/)[0] ?? "";
  return [...DELIMITERS].sort((a, b) => header.split(b).length - header.split(a).length)[0]!;
}

function checkHeader(cells: readonly string[]): Column[] {
  const header = cells.map(canonicalColumn);
  const problems: string[] = [];
  const unknown = header.filter((column) => !(column in COLUMNS));
  if (unknown.length > 0) problems.push(`unknown columns ${unknown.map((c) => `'${c}'`).join(", ")} (known: ${Object.keys(COLUMNS).join(", ")})`);
  const missing = REQUIRED.filter((column) => !header.includes(column));
  if (missing.length > 0) problems.push(`missing columns ${missing.map((c) => `'${c}'`).join(", ")}`);
  if (new Set(header).size !== header.length) problems.push("a column is repeated");
  if (problems.length > 0) throw new BadLeadFile(`The header does not fit a lead import: ${problems.join("; ")}.`.slice(0, 500));
  return header as Column[];
}

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

/** Runs an import to its end; safe to run again after a crash (a finished import is left alone, a running one resumes). */
export async function runLeadImport(services: PlatformServices, payload: LeadImportPayload): Promise<LeadImport> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(LeadImport, { id: payload.importId });
  if (!job) throw new Error(`Lead import ${payload.importId} of tenant ${payload.tenantId} does not exist.`);
  if (job.status === JobStatus.COMPLETED || job.status === JobStatus.FAILED) return job;
  await scope.update(LeadImport, { id: job.id }, { status: JobStatus.RUNNING });
  const file = await services.files.find(scope, job.fileId);
  if (!file) return finish(scope, job, "The uploaded file no longer exists.");
  try {
    await readRows(services, payload, file, job.processedRows);
  } catch (error) {
    if (error instanceof BadLeadFile) return finish(scope, job, error.message);
    if (error instanceof Error && error.name === "CsvError") return finish(scope, job, `The file is not valid CSV: ${error.message}`);
    throw error;
  }
  return finish(scope, job, null);
}

async function readRows(services: PlatformServices, payload: LeadImportPayload, file: StoredFile, resumeAt: number): Promise<void> {
  const delimiter = await delimiterOf(services.files.open(file));
  const parser = services.files
    .open(file)
    .pipe(strictUtf8())
    .pipe(parse({ bom: true, delimiter, relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }));
  let header: Column[] | null = null;
  let dataRow = 0;
  let batch: { rowNumber: number; input: LeadCreateInput }[] = [];
  for await (const cells of parser as AsyncIterable<string[]>) {
    if (!header) {
      header = checkHeader(cells);
      continue;
    }
    dataRow++;
    if (dataRow <= resumeAt) continue;
    // A spreadsheet shows the header as row 1.
    batch.push({ rowNumber: dataRow + 1, input: rowInput(header, cells) });
    if (batch.length >= BATCH_ROWS) {
      await captureBatch(services, payload, batch, dataRow);
      batch = [];
    }
  }
  if (!header) throw new BadLeadFile("The file is empty.");
  if (batch.length > 0) await captureBatch(services, payload, batch, dataRow);
}

/** Ends an import as FAILED with a message, unless it has ended already. */
export async function failLeadImport(services: PlatformServices, payload: Pick<LeadImportPayload, "tenantId" | "importId">, message: string): Promise<void> {
  const scope = new TenantScope(services.dataSource.manager, payload.tenantId);
  const job = await scope.findOneBy(LeadImport, { id: payload.importId });
  if (job && job.status !== JobStatus.COMPLETED && job.status !== JobStatus.FAILED) await finish(scope, job, message);
}
