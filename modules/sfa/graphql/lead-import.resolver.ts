import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import { requireTenant, type RequestContext } from "../../../core/graphql/context";
import { Connection, ConnectionArgs, paginate, type ConnectionResult } from "../../../core/graphql/relay/connection";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { LeadImport, LeadImportRowError } from "../entities/lead-import.entity";
import type { SfaPermission } from "../permissions";

const READ: SfaPermission = "sfa.leads.read";

export const LeadImportRowErrorConnection = Connection(LeadImportRowError, "LeadImportRowError");

@Resolver(() => LeadImport)
export class LeadImportResolver {
  @Authorized(READ)
  @Query(() => LeadImport, { nullable: true, description: "A lead import (POST /sfa/leads/import), with its progress while it runs." })
  leadImport(@Arg("id", () => ID) id: string, @Ctx() context: RequestContext): Promise<LeadImport | null> {
    return requireTenant(context).findOneBy(LeadImport, { id: fromGlobalId(id, "LeadImport").rowId });
  }

  @FieldResolver(() => LeadImportRowErrorConnection, { description: "The rows that were not imported and why, in file order." })
  rowErrors(@Root() job: LeadImport, @Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() context: RequestContext): Promise<ConnectionResult<LeadImportRowError>> {
    const query = context.services.dataSource.manager
      .createQueryBuilder(LeadImportRowError, "e")
      .where("e.importId = :importId AND e.tenantId = :tenantId", { importId: job.id, tenantId: job.tenantId });
    return paginate(query, args, [
      { column: "e.row_number", value: (e) => e.rowNumber, direction: "ASC" },
      { column: "e.id", value: (e) => e.id, direction: "ASC" },
    ]);
  }
}
