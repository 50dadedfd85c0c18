import type { ObjectLiteral, SelectQueryBuilder } from "typeorm";
import type { ColumnMetadata } from "typeorm/metadata/ColumnMetadata";
import { DriverUtils } from "typeorm/driver/DriverUtils";

/** Builds one entity from one raw row of its query. */
export type Hydrator<T> = (raw: Record<string, unknown>) => T;

/**
 * Entities of a query's main alias from its raw rows, column by column, with the driver's own
 * value conversion: what `getMany` does for a plain table, without its per-row work for joins,
 * relations and grouping by primary key (for a statement that joins a large derived table, that
 * work scans every entity's metadata for each row). Null when the entity has `afterLoad`
 * listeners or subscribers, which only `getMany` runs: the caller must then use it.
 */
export function hydratorOf<T extends ObjectLiteral>(query: SelectQueryBuilder<T>): Hydrator<T> | null {
  const { dataSource } = query;
  const alias = query.expressionMap.mainAlias;
  if (!alias?.hasMetadata) return null;
  const metadata = alias.metadata;
  const listened = metadata.afterLoadListeners.length > 0 || dataSource.subscribers.some((subscriber) => subscriber.afterLoad !== undefined);
  if (listened || metadata.relations.some((relation) => relation.isLazy)) return null;
  const driver = dataSource.driver;
  const columns: [key: string, column: ColumnMetadata][] = metadata.columns
    .filter((column) => column.isSelect && !column.isVirtual)
    .map((column) => [DriverUtils.buildAlias(driver, undefined, alias.name, column.databaseName), column]);
  return (raw) => {
    const entity = metadata.create(undefined, { fromDeserializer: true }) as T;
    for (const [key, column] of columns) {
      const value = raw[key];
      if (value === undefined) continue;
      const hydrated: unknown = driver.prepareHydratedValue(value, column);
      // A plain column is a plain property; embedded and relation columns need TypeORM's mapping.
      if (column.embeddedMetadata || column.relationMetadata) column.setEntityValue(entity, hydrated);
      else (entity as Record<string, unknown>)[column.propertyName] = hydrated;
    }
    return entity;
  };
}
