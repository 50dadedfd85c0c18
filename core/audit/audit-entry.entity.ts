import { GraphQLJSON } from "graphql-scalars";
import { Field, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index } from "typeorm";
import { bigintId, createdAt, jsonTransformer } from "../db/columns";
import { NodeEntity, NodeType } from "../graphql/relay/node";

export enum AuditAction {
  INSERT = "INSERT",
  UPDATE = "UPDATE",
  DELETE = "DELETE",
}
registerEnumType(AuditAction, { name: "AuditAction", description: "What a write did to a record." });

/**
 * A value as the audit log keeps it: JSON, with dates as ISO strings and secrets as `[redacted]`.
 * `object` stands for a JSON object or array: TypeORM's insert typing cannot expand a recursive type.
 */
export type AuditValue = string | number | boolean | null | object;

export interface AuditChange {
  before: AuditValue;
  after: AuditValue;
}

/** Changed fields only, by property name. */
export type AuditChanges = Record<string, AuditChange>;

/**
 * One write to one tenant record, committed in the transaction that made it. Append-only, so it
 * has no `updatedAt`, and not a TenantEntity: nothing should save or remove it through a scope.
 */
@NodeType("AuditEntry", { description: "A change to a record: who made it, in which operation, and the fields it changed." })
@Entity()
@Index(["tenantId", "createdAt", "id"])
@Index(["tenantId", "entityType", "entityId", "id"])
@Index(["tenantId", "actor", "id"])
export class AuditEntry extends NodeEntity {
  @Column(bigintId)
  tenantId: string;

  @Field(() => String, { nullable: true, description: "`<kind>:<id>` of the principal; null for system work." })
  @Column({ type: "varchar", length: 120, nullable: true })
  actor: string | null;

  @Field(() => String, { nullable: true, description: "The GraphQL mutation or job that made the change." })
  @Column({ type: "varchar", length: 120, nullable: true })
  operation: string | null;

  @Field(() => AuditAction)
  @Column({ type: "varchar", length: 16 })
  action: AuditAction;

  @Field(() => String, { description: "The record's entity, e.g. `Contact`." })
  @Column({ type: "varchar", length: 64 })
  entityType: string;

  /** The record's row id; clients see it as `recordId` (see AuditResolver). */
  @Column({ type: "varchar", length: 64 })
  entityId: string;

  @Field(() => GraphQLJSON, {
    description: "`{ field: { before, after } }` for each changed field; `before` is null on INSERT, `after` on DELETE. Secrets read `[redacted]`.",
  })
  @Column({ type: "longtext", transformer: jsonTransformer })
  changes: AuditChanges;

  @Field(() => String, { nullable: true, description: "The request that made the change, as in the `x-request-id` header." })
  @Column({ type: "varchar", length: 64, nullable: true })
  requestId: string | null;

  @Field(() => Date)
  @CreateDateColumn(createdAt)
  createdAt: Date;
}
