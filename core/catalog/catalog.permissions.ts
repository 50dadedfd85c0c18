import type { CorePermission } from "../identity/permissions";

/** Reading the catalogue includes resolving prices; managing it includes every price. */
export const CATALOG_READ: CorePermission = "catalog.read";
export const CATALOG_MANAGE: CorePermission = "catalog.manage";
