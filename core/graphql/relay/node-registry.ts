import type { TenantEntity } from "../../db/tenant-entity";
import { requireTenant, type RequestContext } from "../context";

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
