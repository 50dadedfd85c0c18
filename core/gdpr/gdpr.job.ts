import { Contact } from "../contacts/contact.entity";
import { TenantScope } from "../db/tenant-scope";
import { JobStatus } from "../data-transfer/data-transfer.entities";
import { defineJob } from "../jobs/job";
import type { PlatformServices } from "../kernel/services";
import { GdprRequest, GdprRequestKind } from "./gdpr-request.entity";
import { erasePerson, gatherPersonalData } from "./gdpr.service";

export const GDPR_QUEUE = "core.gdpr";
export const GDPR_MANAGE = "gdpr.manage";

export interface GdprPayload {
  tenantId: string;
  gdprRequestId: string;
  actor: string | null;
  requestId: string | null;
}

const FINISHED = new Set([JobStatus.COMPLETED, JobStatus.FAILED]);

/** Processes a request once; a redelivered job finds it finished and does nothing. */
export async function runGdprRequest(services: PlatformServices, payload: GdprPayload): Promise<GdprRequest> {
  const { dataSource, files, modules } = services;
  const scope = new TenantScope(dataSource.manager, payload.tenantId);
  const request = await scope.findOneBy(GdprRequest, { id: payload.gdprRequestId });
  if (!request) throw new Error(`GDPR request ${payload.gdprRequestId} of tenant ${payload.tenantId} does not exist.`);
  if (FINISHED.has(request.status)) return request;
  const set = (manager: typeof dataSource.manager, values: Partial<GdprRequest>) =>
    manager.createQueryBuilder().update(GdprRequest).set(values).where("id = :id AND tenantId = :tenantId", { id: request.id, tenantId: request.tenantId }).execute();
  await set(dataSource.manager, { status: JobStatus.RUNNING });

  const contact = await scope.findOneBy(Contact, { id: request.contactId });
  if (!contact) {
    Object.assign(request, { status: JobStatus.FAILED, error: "The contact no longer exists.", completedAt: new Date() });
    await set(dataSource.manager, { status: request.status, error: request.error, completedAt: request.completedAt });
    return request;
  }

  const work = { tenantId: payload.tenantId, actor: payload.actor, requestId: payload.requestId, operation: request.kind === GdprRequestKind.EXPORT ? "gdprExport" : "gdprErase" };
  if (request.kind === GdprRequestKind.EXPORT) {
    const document = await gatherPersonalData(scope, modules, contact);
    const pending = await files.put(
      payload.tenantId,
      { name: `gdpr-export-contact-${contact.id}.json`, contentType: "application/json", readPermission: GDPR_MANAGE },
      JSON.stringify(document, null, 2),
    );
    return services.transactions.run(work, async (uow) => {
      const file = await files.record(uow.scope, pending);
      Object.assign(request, { status: JobStatus.COMPLETED, fileId: file.id, completedAt: new Date() });
      await set(uow.manager, { status: request.status, fileId: request.fileId, completedAt: request.completedAt });
      return request;
    });
  }
  // The erasure, the modules' share of it and the request's completion commit together.
  return services.transactions.run(work, async (uow) => {
    await erasePerson(uow, modules, files, contact.id);
    Object.assign(request, { status: JobStatus.COMPLETED, completedAt: new Date() });
    await set(uow.manager, { status: request.status, completedAt: request.completedAt });
    return request;
  });
}

export const gdprJob = defineJob<GdprPayload>({
  queue: GDPR_QUEUE,
  name: "request",
  async handle(payload, { services }) {
    return { status: (await runGdprRequest(services, payload)).status };
  },
  whenFailedForGood: (payload, { services }) =>
    new TenantScope(services.dataSource.manager, payload.tenantId).update(
      GdprRequest,
      { id: payload.gdprRequestId },
      { status: JobStatus.FAILED, error: "The request stopped on an internal error; nothing was changed. Make it again.", completedAt: new Date() },
    ),
});
