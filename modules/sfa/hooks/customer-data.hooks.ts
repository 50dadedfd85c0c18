import type { MergeParties } from "../../../core/contacts/merge.hooks";
import type { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import type { GdprSubject } from "../../../core/gdpr/gdpr.hooks";
import type { ModuleHooks } from "../../../core/kernel/module";
import { activityData } from "./activity-data.hooks";
import { leadData } from "./lead-data.hooks";
import { opportunityData } from "./opportunity-data.hooks";
import { quoteData } from "./quote-data.hooks";

/** What one area of the module (opportunities, activities, leads, quotes) does when core merges or erases a person. */
export interface CustomerDataPart {
  mergeContacts?(uow: UnitOfWork, merge: MergeParties): Promise<void>;
  mergeAccounts?(uow: UnitOfWork, merge: MergeParties): Promise<void>;
  /** The part's section of a person's GDPR export, under its own keys. */
  gdprExport?(scope: TenantScope, subject: GdprSubject): Promise<Record<string, unknown>>;
  gdprErase?(uow: UnitOfWork, subject: GdprSubject): Promise<void>;
}

/** Every area holding data about accounts or people; a new area adds itself here. */
const PARTS: readonly CustomerDataPart[] = [opportunityData, activityData, leadData, quoteData];

/** The module's merge and GDPR hooks: each runs every part, in the caller's transaction. */
export const customerDataHooks: Pick<ModuleHooks, "mergeContacts" | "mergeAccounts" | "gdprExport" | "gdprErase"> = {
  async mergeContacts(uow, merge) {
    for (const part of PARTS) await part.mergeContacts?.(uow, merge);
  },
  async mergeAccounts(uow, merge) {
    for (const part of PARTS) await part.mergeAccounts?.(uow, merge);
  },
  async gdprExport(scope, subject) {
    const sections: Record<string, unknown> = {};
    for (const part of PARTS) Object.assign(sections, await part.gdprExport?.(scope, subject));
    return sections;
  },
  async gdprErase(uow, subject) {
    for (const part of PARTS) await part.gdprErase?.(uow, subject);
  },
};
