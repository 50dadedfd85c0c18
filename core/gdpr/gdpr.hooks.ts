import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";

/**
 * Who a GDPR request is about: the contact, and the email addresses and phone numbers it held
 * (normalised, as contact points store them), by which a module can also find records about the
 * person that were never linked to the contact, such as a lead. Read before an erasure removes them.
 */
export interface GdprSubject {
  contactId: string;
  emails: readonly string[];
  phones: readonly string[];
}

/**
 * GDPR's extension points. A module that keeps anything about a person (opportunities, tickets,
 * survey answers…) implements both, so that an export is complete and an erasure leaves nothing.
 */
declare module "../kernel/module" {
  interface ModuleHooks {
    /**
     * Everything the module holds about the person, as JSON-ready data; it becomes the module's
     * section of the person's export. `scope` sees the whole tenant.
     */
    gdprExport?(scope: TenantScope, subject: GdprSubject): Promise<Record<string, unknown>>;
    /**
     * Deletes or anonymises what the module holds about the person, inside the erasure's
     * transaction (`uow`): if any module fails, nothing is erased anywhere.
     */
    gdprErase?(uow: UnitOfWork, subject: GdprSubject): Promise<void>;
  }
}

