import { Field, ID, InputType } from "type-graphql";
import { Connection } from "../graphql/relay/connection";
import { AuditAction, AuditEntry } from "./audit-entry.entity";

export const AuditEntryConnection = Connection(AuditEntry, "AuditEntry");

@InputType({ description: "Narrows the audit log; every filter given must match." })
export class AuditLogFilter {
  @Field(() => String, { nullable: true, description: "The changed record's entity, e.g. `Contact`." })
  entityType?: string | null;

  @Field(() => ID, { nullable: true, description: "The changed record's global id." })
  recordId?: string | null;

  @Field(() => String, { nullable: true, description: "`<kind>:<id>` of the principal, e.g. `staff:42`." })
  actor?: string | null;

  @Field(() => String, { nullable: true, description: "The GraphQL mutation or job, e.g. `contactUpdate`." })
  operation?: string | null;

  @Field(() => AuditAction, { nullable: true })
  action?: AuditAction | null;

  @Field(() => Date, { nullable: true, description: "Entries made at or after this time." })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: "Entries made before this time (exclusive, so windows can be chained)." })
  to?: Date | null;
}
