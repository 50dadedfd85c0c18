import { JobStatus } from "../../../core/data-transfer/data-transfer.entities";
import { enqueueFor, staffIdOf } from "../../../core/data-transfer/job-queueing";
import type { WorkScope } from "../../../core/db/unit-of-work";
import type { StoredFile } from "../../../core/files/stored-file.entity";
import { defineJob } from "../../../core/jobs/job";
import type { PlatformServices } from "../../../core/kernel/services";
import { LeadImport } from "../entities/lead-import.entity";
import { failLeadImport, runLeadImport, type LeadImportPayload } from "../services/lead-import.service";

export const leadImportJob = defineJob<LeadImportPayload>({
  queue: "sfa.imports",
  name: "lead-import",
  async handle(payload, { services }) {
    const result = await runLeadImport(services, payload);
    return { status: result.status };
  },
  // Retries resume where the import stopped; after the last it is FAILED, not RUNNING for ever.
  whenFailedForGood: (payload, { services }) =>
    failLeadImport(services, payload, "The import stopped on an internal error; the rows counted as processed were imported. Upload the rest again."),
  whenModuleOff: (payload, { services }) =>
    failLeadImport(services, payload, "The sales module was switched off for this tenant; the rows counted as processed were imported, the rest were not."),
});

/** Records an import of a stored CSV of leads and queues it; the job id derives from the row, so it runs once. */
export async function startLeadImport(services: PlatformServices, work: WorkScope, file: StoredFile): Promise<LeadImport> {
  const job = await services.transactions.run(work, (uow) =>
    uow.scope.save(uow.scope.create(LeadImport, { status: JobStatus.QUEUED, fileId: file.id, requestedById: staffIdOf(work.actor) })),
  );
  const payload: LeadImportPayload = { tenantId: work.tenantId, importId: job.id, actor: work.actor, requestId: work.requestId };
  await enqueueFor(services, leadImportJob, payload, `lead-import-${job.id}`, (message) => failLeadImport(services, payload, message));
  return job;
}
