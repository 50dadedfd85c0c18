import { In, type DataSource, type SelectQueryBuilder } from "typeorm";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { requireTenant, type RequestContext } from "../graphql/context";
import { inOrder } from "../graphql/batch";
import { permittedNode } from "../graphql/relay/node-registry";
import { ConnectionArgs, paginate, type ConnectionResult } from "../graphql/relay/connection";
import { fromGlobalId, toGlobalId } from "../graphql/relay/global-id";
import type { CorePermission } from "../identity/permissions";
import { AuditEntry } from "./audit-entry.entity";
import { AuditEntryConnection, AuditLogFilter } from "./audit.types";
import { entityTypesOfNode, nodeTypeOfEntity } from "./audited-types";

export const AUDIT_READ: CorePermission = "audit.read";

@Resolver(() => AuditEntry)
export class AuditResolver {
  @Authorized(AUDIT_READ)
  @Query(() => AuditEntryConnection, { description: "Every change to your tenant's records, newest first." })
  auditLog(
    @Arg("filter", () => AuditLogFilter, { nullable: true }) filter: AuditLogFilter | null | undefined,
    @Args(() => ConnectionArgs) args: ConnectionArgs,
    @Ctx() context: RequestContext,
  ): Promise<ConnectionResult<AuditEntry>> {
    // The operator belongs to no tenant, so has no tenant log to read.
    const tenant = requireTenant(context);
    // AuditEntry is not a TenantEntity (it is never written through a scope), so pin the tenant here.
    const query = tenant.manager.createQueryBuilder(AuditEntry, "a").where("a.tenantId = :tenantId", { tenantId: tenant.tenantId });
    applyFilter(query, filter ?? {}, context.services.dataSource);
    return paginate(query, args, [
      { column: "a.created_at", value: (a) => a.createdAt, direction: "DESC" },
      { column: "a.id", value: (a) => a.id, direction: "DESC" },
    ]);
  }

  @FieldResolver(() => ID, { nullable: true, description: "The changed record's global id; null when the record is not a node." })
  recordId(@Root() entry: AuditEntry, @Ctx() context: RequestContext): string | null {
    const typeName = nodeTypeOfEntity(context.services.dataSource, entry.entityType);
    return typeName ? toGlobalId(typeName, entry.entityId) : null;
  }
}

function applyFilter(query: SelectQueryBuilder<AuditEntry>, filter: AuditLogFilter, dataSource: DataSource): void {
  if (filter.entityType != null) query.andWhere("a.entityType = :entityType", { entityType: filter.entityType });
  if (filter.recordId != null) {
    const { typeName, rowId } = fromGlobalId(filter.recordId);
    const entityTypes = entityTypesOfNode(dataSource, typeName);
    // A valid id of a type that is no audited entity (a Tenant, an AuditEntry) matches nothing.
    if (entityTypes.length === 0) query.andWhere("1 = 0");
    else query.andWhere({ entityType: In(entityTypes), entityId: rowId });
  }
  if (filter.actor != null) query.andWhere("a.actor = :actor", { actor: filter.actor });
  if (filter.operation != null) query.andWhere("a.operation = :operation", { operation: filter.operation });
  if (filter.action != null) query.andWhere("a.action = :action", { action: filter.action });
  if (filter.from != null) query.andWhere("a.createdAt >= :from", { from: filter.from });
  if (filter.to != null) query.andWhere("a.createdAt < :to", { to: filter.to });
}

/** `node(id:)` for audit entries: the reader's tenant only, and only with `audit.read`. */
export const auditEntryNode = permittedNode<AuditEntry>(
  {
    typeName: "AuditEntry",
    // Not a TenantEntity (entries are never updated), so the tenant is pinned here.
    async load(context, rowIds) {
      const tenant = requireTenant(context);
      return inOrder(rowIds, await tenant.manager.findBy(AuditEntry, { tenantId: tenant.tenantId, id: In([...rowIds]) }));
    },
  },
  AUDIT_READ,
);
