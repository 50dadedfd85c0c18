import { Field, ObjectType } from "type-graphql";
import { Column, CreateDateColumn, UpdateDateColumn } from "typeorm";
import { NodeEntity } from "../graphql/relay/node";
import { bigintId, createdAt, updatedAt } from "./columns";

/**
 * Every row of a tenant's data. Reads and writes go through TenantScope, which pins `tenantId`.
 * Decorated as an (unemitted) object type so subclasses inherit its GraphQL fields.
 */
@ObjectType()
export abstract class TenantEntity extends NodeEntity {
  @Column(bigintId)
  tenantId: string;

  @Field(() => Date)
  @CreateDateColumn(createdAt)
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn(updatedAt)
  updatedAt: Date;
}

/** A record with an owner and a team, whose visibility follows the reader's role (own, team, all). */
@ObjectType()
export abstract class OwnedEntity extends TenantEntity {
  @Column({ ...bigintId, nullable: true })
  ownerId: string | null;

  @Column({ ...bigintId, nullable: true })
  teamId: string | null;
}
