import type { DataSource } from "typeorm";
import { nodeTypeName } from "../graphql/relay/node";

/** Entity class name → GraphQL node type name, for the entities of one DataSource that are nodes. */
const byDataSource = new WeakMap<DataSource, ReadonlyMap<string, string>>();

function nodeTypesOf(dataSource: DataSource): ReadonlyMap<string, string> {
  let types = byDataSource.get(dataSource);
  if (!types) {
    const entries = dataSource.entityMetadatas.flatMap((metadata) => {
      const target = metadata.target;
      if (typeof target !== "function") return [];
      // nodeTypeName walks up from an instance's prototype; a bare object of the class is enough.
      const typeName = nodeTypeName(Object.create(target.prototype as object));
      return typeName ? [[metadata.name, typeName] as const] : [];
    });
    types = new Map(entries);
    byDataSource.set(dataSource, types);
  }
  return types;
}

/** The node type of an audited entity class (`Entry` may be the node `LedgerEntry`), if it is a node. */
export function nodeTypeOfEntity(dataSource: DataSource, entityType: string): string | undefined {
  return nodeTypesOf(dataSource).get(entityType);
}

/** The entity classes stored under a node type; several when a node type is shared by subclasses. */
export function entityTypesOfNode(dataSource: DataSource, typeName: string): string[] {
  return [...nodeTypesOf(dataSource)].filter(([, nodeType]) => nodeType === typeName).map(([entityType]) => entityType);
}
