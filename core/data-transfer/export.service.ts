import { TenantScope } from "../db/tenant-scope";
import type { WorkScope } from "../db/unit-of-work";
import type { PlatformServices } from "../kernel/services";
import { DataTransferKind, ExportFormat, ExportJob, JobStatus } from "./data-transfer.entities";
import { DATA_EXPORT, exportJob, type ExportFilterData, type ExportPayload } from "./export.job";
import { enqueueFor } from "./job-queueing";

export { DATA_EXPORT };

export interface ExportRequest {
  kind: DataTransferKind;
  format: ExportFormat;
  filter: ExportFilterData;
}

/** Records an export and queues it; the file holds what the requester may see. */
export async function startExport(services: PlatformServices, work: WorkScope, request: ExportRequest): Promise<ExportJob> {
  const job = await services.transactions.run(work, (uow) =>
    uow.scope.save(uow.scope.create(ExportJob, { kind: request.kind, format: request.format, status: JobStatus.QUEUED })),
  );
  const payload: ExportPayload = { tenantId: work.tenantId, exportId: job.id, visibility: work.visibility ?? { scope: "all" }, filter: request.filter };
  await enqueueFor(services, exportJob, payload, `export-${job.id}`, (message) =>
    new TenantScope(services.dataSource.manager, work.tenantId).update(ExportJob, { id: job.id }, { status: JobStatus.FAILED, error: message, finishedAt: new Date() }),
  );
  return job;
}
