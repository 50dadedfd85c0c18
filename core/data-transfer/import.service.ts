import { isSupportedCountry } from "libphonenumber-js";
import { TenantScope } from "../db/tenant-scope";
import type { WorkScope } from "../db/unit-of-work";
import type { StoredFile } from "../files/stored-file.entity";
import type { PlatformServices } from "../kernel/services";
import { DataTransferKind, ImportJob, JobStatus } from "./data-transfer.entities";
import { DATA_IMPORT, importJob, type ImportPayload } from "./import.job";
import { enqueueFor, staffIdOf } from "./job-queueing";

export interface ImportRequest {
  /** A file of the work's tenant, already stored. */
  file: StoredFile;
  kind: DataTransferKind;
  /** ISO 3166-1 alpha-2, for phone numbers without a country code in rows without a `country`. */
  defaultCountry: string | null;
}

/** Records an import of a stored file and queues it; the worker does the rest. */
export async function startImport(services: PlatformServices, work: WorkScope, request: ImportRequest): Promise<ImportJob> {
  const job = await services.transactions.run(work, (uow) =>
    uow.scope.save(uow.scope.create(ImportJob, { kind: request.kind, status: JobStatus.QUEUED, fileId: request.file.id })),
  );
  const payload: ImportPayload = {
    tenantId: work.tenantId,
    importId: job.id,
    actor: work.actor,
    requestId: work.requestId,
    operation: work.operation ?? null,
    ownerId: staffIdOf(work.actor),
    defaultCountry: request.defaultCountry,
  };
  await enqueueFor(services, importJob, payload, `import-${job.id}`, (message) =>
    new TenantScope(services.dataSource.manager, work.tenantId).update(ImportJob, { id: job.id }, { status: JobStatus.FAILED, error: message, finishedAt: new Date() }),
  );
  return job;
}

export { DATA_IMPORT };

/**
 * The import's default country for phone numbers, upper-cased, or why it is refused. Every way
 * to start an import (upload, importStart, the CLI) asks here, so they accept the same codes.
 */
export function importCountry(raw: string | null | undefined): { country: string | null } | { error: string } {
  if (raw == null) return { country: null };
  const country = raw.toUpperCase();
  return isSupportedCountry(country) ? { country } : { error: `'${raw}' is not an ISO 3166-1 alpha-2 country code with phone numbering.` };
}
