import { Column, Entity, PrimaryColumn, UpdateDateColumn } from "typeorm";
import { bigintId, updatedAt } from "../db/columns";

/** A tenant's own switch for a module the deployment serves; no row means the module is on. */
@Entity()
export class TenantModuleSetting {
  @PrimaryColumn(bigintId)
  tenantId: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  module: string;

  @Column({ type: "boolean" })
  enabled: boolean;

  @UpdateDateColumn(updatedAt)
  updatedAt: Date;
}
