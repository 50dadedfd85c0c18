import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";

/** Defaults of a tenant that never changed its sales settings. */
export const DEFAULT_SALES_SETTINGS = { quoteApprovalThresholdBps: 1_000, maxDiscountBps: 5_000 } as const;

/**
 * A tenant's discount rules for quotes: one row per tenant, written on its first change (until
 * then the defaults apply). Exposed as the `SalesSettings` type (sales-settings.types.ts).
 */
@Entity()
@Index(["tenantId"], { unique: true })
export class SalesSettings extends TenantEntity {
  /** A quote whose largest discount is above this (basis points) needs approval before it is sent. */
  @Column({ type: "smallint", unsigned: true })
  quoteApprovalThresholdBps: number;

  /** No line may be discounted more than this (basis points). */
  @Column({ type: "smallint", unsigned: true })
  maxDiscountBps: number;
}

export enum SalesDocumentKind {
  QUOTE = "QUOTE",
  ORDER = "ORDER",
}

/**
 * The last number a tenant gave to a kind of document. Incremented by an upsert on the primary
 * key, which locks the row until the transaction ends: numbers are never given twice (a rolled
 * back transaction gives its number back).
 */
@Entity()
export class SalesDocumentCounter {
  @PrimaryColumn(bigintId)
  tenantId: string;

  @PrimaryColumn({ type: "varchar", length: 8 })
  kind: SalesDocumentKind;

  @Column({ type: "int", unsigned: true })
  lastValue: number;
}
