import { Account } from "../accounts/account.entity";
import { Contact } from "../contacts/contact.entity";
import { TenantScope, type Visibility } from "../db/tenant-scope";
import type { TenantEntity } from "../db/tenant-entity";
import { defineJob } from "../jobs/job";
import type { PlatformServices } from "../kernel/services";
import { csvLines } from "./csv-output";
import { DataTransferKind, ExportFormat, ExportJob, JobStatus } from "./data-transfer.entities";

export const EXPORTS_QUEUE = "core.exports";
export const DATA_EXPORT = "data.export";

export interface ExportFilterData {
  /** ISO timestamp. */
  updatedSince: string | null;
  tag: string | null;
}

export interface ExportPayload {
  tenantId: string;
  exportId: string;
  /** The requester's visibility: an export holds what its requester could see, no more. */
  visibility: Visibility;
  filter: ExportFilterData;
}

const PAGE = 1_000;

/** The columns of an export, the same names the import reads (plus `id` and timestamps). */
interface ExportShape<T extends TenantEntity> {
  entity: new () => T;
  typeName: "Contact" | "Account";
  columns: readonly string[];
  values(row: T): (string | number | Date | null)[];
}

const CONTACTS: ExportShape<Contact> = {
  entity: Contact,
  typeName: "Contact",
  columns: ["id", "external_id", "first_name", "last_name", "title", "email", "phone", "time_zone", "language", "created_at", "updated_at"],
  values: (c) => [c.globalId, c.externalId, c.firstName, c.lastName, c.title, c.primaryEmail, c.primaryPhone, c.timeZone, c.language, c.createdAt, c.updatedAt],
};

const ACCOUNTS: ExportShape<Account> = {
  entity: Account,
  typeName: "Account",
  columns: ["id", "external_id", "name", "domain", "industry", "employee_count", "region", "country", "created_at", "updated_at"],
  values: (a) => [a.globalId, a.externalId, a.name, a.domain, a.industry, a.employeeCount, a.region, a.country, a.createdAt, a.updatedAt],
};

/**
 * Pages of live records (not merged away, not erased), keyset on id so page 1,000 costs what
 * page 1 costs, each turned into CSV (through csv-stringify) or JSON Lines.
 */
async function* exportLines<T extends Contact | Account>(
  scope: TenantScope,
  shape: ExportShape<T>,
  format: ExportFormat,
  filter: ExportFilterData,
  onPage: (rows: number) => Promise<void>,
): AsyncGenerator<string> {
  if (format === ExportFormat.CSV) yield csvLines(shape.columns, [], true);
  let after = "0";
  for (;;) {
    const query = scope.query(shape.entity, "r").andWhere("r.mergedIntoId IS NULL").andWhere("r.id > :after", { after });
    if (shape.typeName === "Contact") query.andWhere("r.erasedAt IS NULL");
    if (filter.updatedSince) query.andWhere("r.updatedAt >= :since", { since: new Date(filter.updatedSince) });
    if (filter.tag) {
      query.andWhere(
        "EXISTS (SELECT 1 FROM record_tag t WHERE t.tenant_id = r.tenant_id AND t.record_type = :recordType AND t.record_id = r.id AND t.tag = :tag)",
        { recordType: shape.typeName, tag: filter.tag },
      );
    }
    const rows = await query.orderBy("r.id", "ASC").limit(PAGE).getMany();
    if (rows.length === 0) return;
    const values = rows.map((row) => shape.values(row));
    yield format === ExportFormat.CSV
      ? csvLines(shape.columns, values, false)
      : values.map((row) => JSON.stringify(Object.fromEntries(shape.columns.map((column, i) => [column, row[i] ?? null]))) + "\n").join("");
    after = rows.at(-1)!.id;
    await onPage(rows.length);
  }
}

/** Writes the export file, then records it and completes the job in one short transaction. */
export async function runExport(services: PlatformServices, payload: ExportPayload): Promise<ExportJob> {
  const manager = services.dataSource.manager;
  const job = await new TenantScope(manager, payload.tenantId).findOneBy(ExportJob, { id: payload.exportId });
  if (!job) throw new Error(`Export ${payload.exportId} of tenant ${payload.tenantId} does not exist.`);
  if (job.status === JobStatus.COMPLETED || job.status === JobStatus.FAILED) return job;
  const update = (values: Partial<ExportJob>) => new TenantScope(manager, payload.tenantId).update(ExportJob, { id: job.id }, values);
  // A retried export starts over: its count restarts with it.
  let rows = 0;
  await update({ status: JobStatus.RUNNING, rows });
  const scope = new TenantScope(manager, payload.tenantId, payload.visibility);
  const onPage = async (count: number) => {
    rows += count;
    await update({ rows });
  };
  const lines = job.kind === DataTransferKind.CONTACTS ? exportLines(scope, CONTACTS, job.format, payload.filter, onPage) : exportLines(scope, ACCOUNTS, job.format, payload.filter, onPage);
  const csv = job.format === ExportFormat.CSV;
  const pending = await services.files.put(
    payload.tenantId,
    { name: `${job.kind.toLowerCase()}-${job.id}.${csv ? "csv" : "jsonl"}`, contentType: csv ? "text/csv; charset=utf-8" : "application/x-ndjson", readPermission: DATA_EXPORT },
    lines,
  );
  return services.dataSource.transaction(async (transaction) => {
    const file = await services.files.record(new TenantScope(transaction, payload.tenantId), pending);
    Object.assign(job, { status: JobStatus.COMPLETED, rows, fileId: file.id, finishedAt: new Date() });
    await new TenantScope(transaction, payload.tenantId).update(ExportJob, { id: job.id }, { status: job.status, rows, fileId: file.id, finishedAt: job.finishedAt });
    return job;
  });
}

export const exportJob = defineJob<ExportPayload>({
  queue: EXPORTS_QUEUE,
  name: "export",
  async handle(payload, { services }) {
    const result = await runExport(services, payload);
    return { rows: result.rows };
  },
  whenFailedForGood: (payload, { services }) =>
    new TenantScope(services.dataSource.manager, payload.tenantId).update(
      ExportJob,
      { id: payload.exportId },
      { status: JobStatus.FAILED, error: "The export stopped on an internal error; start it again.", finishedAt: new Date() },
    ),
});

