import type { TenantEntity } from "../../db/tenant-entity";
import { holds, requireTenant, type RequestContext } from "../context";

export interface NodeDefinition<T extends object = object> {
  /** The GraphQL type name, as given to `@NodeType`. */
  typeName: string;
  /**
   * Loads rows of the caller's tenant by row id, in the order asked; a missing id, or one of
   * another tenant, comes back as null.
   */
  load(context: RequestContext, rowIds: readonly string[]): Promise<readonly (T | null)[]>;
}

/** The node definition of a tenant-scoped entity: loaded through the caller's TenantScope. */
export function tenantNode<T extends TenantEntity>(typeName: string, entity: new () => T): NodeDefinition<T> {
  return { typeName, load: (context, rowIds) => requireTenant(context).byIds(entity, rowIds) };
}

/** A node type readable only with a permission: without it `node(id)` answers null, as for an unknown id. */
export function permittedNode<T extends object>(definition: NodeDefinition<T>, permission: string): NodeDefinition<T> {
  return {
    typeName: definition.typeName,
    load: (context, rowIds) => {
      const principal = context.principal;
      if (!principal || !holds(principal, permission)) return Promise.resolve(rowIds.map(() => null));
      return definition.load(context, rowIds);
    },
  };
}
