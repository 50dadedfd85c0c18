import { Column, CreateDateColumn, UpdateDateColumn } from "typeorm";
import { NodeEntity } from "../graphql/relay/node";
import { bigintId, createdAt, updatedAt } from "./columns";

/** Every row of a tenant's data. Reads and writes go through TenantScope, which pins `tenantId`. */
export abstract class TenantEntity extends NodeEntity {
  @Column(bigintId)
  tenantId: string;

  @CreateDateColumn(createdAt)
  createdAt: Date;

  @UpdateDateColumn(updatedAt)
  updatedAt: Date;
}

/** A record with an owner and a team, whose visibility follows the reader's role (own, team, all). */
export abstract class OwnedEntity extends TenantEntity {
  @Column({ ...bigintId, nullable: true })
  ownerId: string | null;

  @Column({ ...bigintId, nullable: true })
  teamId: string | null;
}
