import {
  In,
  type DeepPartial,
  type EntityManager,
  type EntityTarget,
  type FindManyOptions,
  type FindOptionsWhere,
  type SelectQueryBuilder,
} from "typeorm";
import type { QueryDeepPartialEntity } from "typeorm/query-builder/QueryPartialEntity.js";
import { OwnedEntity, type TenantEntity } from "./tenant-entity";

/** Which owned records a principal may see: its own, its teams', or all of the tenant's. */
export type Visibility = { scope: "all" } | { scope: "team"; userId: string; teamIds: readonly string[] } | { scope: "own"; userId: string };

export class CrossTenantWriteError extends Error {
  override name = "CrossTenantWriteError";
}

type Target<T> = EntityTarget<T> & (new () => T);

/**
 * The one door to tenant data. Every read is filtered by tenant (and, for owned records, by the
 * principal's visibility); every write is stamped with the tenant and refused for another's row.
 * Resolvers, loaders, handlers and jobs receive a scope, never a bare manager.
 */
export class TenantScope {
  constructor(
    readonly manager: EntityManager,
    readonly tenantId: string,
    readonly visibility: Visibility = { scope: "all" },
  ) {}

  /** The same tenant and visibility inside a transaction. */
  within(manager: EntityManager): TenantScope {
    return new TenantScope(manager, this.tenantId, this.visibility);
  }

  /** The whole tenant, regardless of ownership: for system work such as merges and imports. */
  unrestricted(): TenantScope {
    return new TenantScope(this.manager, this.tenantId);
  }

  query<T extends TenantEntity>(entity: Target<T>, alias: string): SelectQueryBuilder<T> {
    const query = this.manager.createQueryBuilder(entity, alias).where(`${alias}.tenantId = :scopeTenantId`, { scopeTenantId: this.tenantId });
    if (!isOwned(entity)) return query;
    const visibility = this.visibility;
    if (visibility.scope === "own") return query.andWhere(`${alias}.ownerId = :scopeUserId`, { scopeUserId: visibility.userId });
    if (visibility.scope === "team") {
      return query.andWhere(
        visibility.teamIds.length > 0 ? `(${alias}.ownerId = :scopeUserId OR ${alias}.teamId IN (:...scopeTeamIds))` : `${alias}.ownerId = :scopeUserId`,
        { scopeUserId: visibility.userId, scopeTeamIds: visibility.teamIds },
      );
    }
    return query;
  }

  /** `where` may list alternatives (OR), as TypeORM's does; each is scoped. */
  async find<T extends TenantEntity>(entity: Target<T>, options: FindManyOptions<T> & { where?: FindOptionsWhere<T> | FindOptionsWhere<T>[] } = {}): Promise<T[]> {
    return this.manager.find(entity, { ...options, where: this.where(entity, options.where ?? {}) });
  }

  findBy<T extends TenantEntity>(entity: Target<T>, where: FindOptionsWhere<T>): Promise<T[]> {
    return this.manager.findBy(entity, this.where(entity, where));
  }

  findOneBy<T extends TenantEntity>(entity: Target<T>, where: FindOptionsWhere<T>): Promise<T | null> {
    return this.manager.findOneBy(entity, this.where(entity, where));
  }

  count<T extends TenantEntity>(entity: Target<T>, where: FindOptionsWhere<T> = {}): Promise<number> {
    return this.manager.countBy(entity, this.where(entity, where));
  }

  /** The row by id if the scope may see it, locked for the rest of the transaction: writers of one row queue up. */
  lockById<T extends TenantEntity>(entity: Target<T>, id: string): Promise<T | null> {
    return this.query(entity, "locked").andWhere("locked.id = :lockedId", { lockedId: id }).setLock("pessimistic_write").getOne();
  }

  /** Rows by id in the order asked, null where missing or not visible: the shape DataLoader wants. */
  async byIds<T extends TenantEntity>(entity: Target<T>, ids: readonly string[]): Promise<(T | null)[]> {
    const rows = await this.findBy(entity, { id: In([...ids]) } as FindOptionsWhere<T>);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  create<T extends TenantEntity>(entity: Target<T>, values: DeepPartial<T>): T {
    return this.manager.create(entity, { ...values, tenantId: this.tenantId } as DeepPartial<T>);
  }

  /** Inserts or updates; a row of another tenant is refused rather than silently moved. */
  async save<T extends TenantEntity>(row: T): Promise<T> {
    if (row.tenantId === undefined) row.tenantId = this.tenantId;
    if (row.tenantId !== this.tenantId) throw new CrossTenantWriteError(`Refusing to write a row of tenant ${row.tenantId}.`);
    return this.manager.save(row);
  }

  /**
   * `save` for several rows at once (one multi-row INSERT for new ones), each checked to be the
   * tenant's. TypeORM gives new rows the ids `insertId + n`, which MySQL 8's default interleaved
   * auto-increment does not promise under concurrent bulk inserts: do not rely on the new rows' ids.
   */
  async saveAll<T extends TenantEntity>(rows: T[]): Promise<T[]> {
    for (const row of rows) {
      if (row.tenantId === undefined) row.tenantId = this.tenantId;
      if (row.tenantId !== this.tenantId) throw new CrossTenantWriteError(`Refusing to write a row of tenant ${row.tenantId}.`);
    }
    return rows.length > 0 ? this.manager.save(rows) : rows;
  }

  /** A bulk update of the tenant's rows matching `where`; returns how many changed. */
  async update<T extends TenantEntity>(entity: Target<T>, where: FindOptionsWhere<T>, values: QueryDeepPartialEntity<T>): Promise<number> {
    const result = await this.manager.update(entity, this.where(entity, where), values);
    return result.affected ?? 0;
  }

  async remove<T extends TenantEntity>(row: T): Promise<void> {
    if (row.tenantId !== this.tenantId) throw new CrossTenantWriteError(`Refusing to delete a row of tenant ${row.tenantId}.`);
    await this.manager.remove(row);
  }

  private where<T extends TenantEntity>(entity: Target<T>, where: FindOptionsWhere<T> | FindOptionsWhere<T>[]): FindOptionsWhere<T>[] | FindOptionsWhere<T> {
    // Spread into one object, a list of alternatives would lose them and keep only the tenant;
    // an empty list, which TypeORM reads as no condition at all, would match every row.
    if (Array.isArray(where)) {
      if (where.length === 0) throw new Error("An empty list of alternatives matches nothing: do not query.");
      return where.flatMap((alternative) => this.where(entity, alternative));
    }
    const base = { ...where, tenantId: this.tenantId } as FindOptionsWhere<T>;
    if (!isOwned(entity)) return base;
    const visibility = this.visibility;
    if (visibility.scope === "own") return { ...base, ownerId: visibility.userId } as FindOptionsWhere<T>;
    if (visibility.scope === "team") {
      return [{ ...base, ownerId: visibility.userId }, ...(visibility.teamIds.length > 0 ? [{ ...base, teamId: In([...visibility.teamIds]) }] : [])] as FindOptionsWhere<T>[];
    }
    return base;
  }
}

function isOwned(entity: Function): boolean {
  return entity.prototype instanceof OwnedEntity;
}
