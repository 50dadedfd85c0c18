import type { SelectQueryBuilder } from "typeorm";
import type { TenantScope } from "../db/tenant-scope";
import { Contact } from "./contact.entity";

/** Contacts the scope may see that were not merged away: what every list and lookup starts from. */
export function liveContacts(scope: TenantScope, alias = "c"): SelectQueryBuilder<Contact> {
  return scope.query(Contact, alias).andWhere(`${alias}.mergedIntoId IS NULL`);
}
