import type { UnitOfWork } from "../db/unit-of-work";
import type { ModuleManifest } from "../kernel/module";

/** The two records of a merge, as row ids. */
export interface MergeParties {
  survivorId: string;
  mergedId: string;
}

declare module "../kernel/module" {
  interface ModuleHooks {
    /**
     * Moves the module's rows that reference the merged contact to the survivor. Runs inside the
     * merge's transaction (use `uow.scope.unrestricted()`: a merge moves everything, whoever owns it);
     * throwing undoes the whole merge.
     */
    mergeContacts?(uow: UnitOfWork, merge: MergeParties): Promise<void>;
    /** As `mergeContacts`, for accounts. */
    mergeAccounts?(uow: UnitOfWork, merge: MergeParties): Promise<void>;
  }
}

/** Lets core and every module enabled in this deployment move their rows, in the merge's transaction. */
export async function runMergeHooks(
  modules: readonly ModuleManifest[],
  hook: "mergeContacts" | "mergeAccounts",
  uow: UnitOfWork,
  merge: MergeParties,
): Promise<void> {
  for (const module of modules) await module.hooks?.[hook]?.(uow, merge);
}
