import type { TenantScope } from "../db/tenant-scope";
import type { TenantEntity } from "../db/tenant-entity";

/** A row of the scope's tenant by row id, locked for the rest of the transaction when `lock` is set. */
export function findRow<T extends TenantEntity>(scope: TenantScope, entity: new () => T, id: string, lock = false): Promise<T | null> {
  const query = scope.query(entity, "row").andWhere("row.id = :id", { id });
  return (lock ? query.setLock("pessimistic_write") : query).getOne();
}
