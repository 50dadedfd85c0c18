import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";

/**
 * GDPR's extension points. A module that keeps anything about a person (opportunities, tickets,
 * survey answers…) implements both, so that an export is complete and an erasure leaves nothing.
 */
declare module "../kernel/module" {
  interface ModuleHooks {
    /**
     * Everything the module holds about the contact (row id), as JSON-ready data; it becomes the
     * module's section of the person's export. `scope` sees the whole tenant.
     */
    gdprExport?(scope: TenantScope, contactId: string): Promise<Record<string, unknown>>;
    /**
     * Deletes or anonymises what the module holds about the contact, inside the erasure's
     * transaction (`uow`): if any module fails, nothing is erased anywhere.
     */
    gdprErase?(uow: UnitOfWork, contactId: string): Promise<void>;
  }
}

export {};
