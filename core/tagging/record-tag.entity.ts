import { Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId } from "../db/columns";

/** Tags of accounts and contacts, one row each, so "tagged X" is an index lookup. */
@Entity()
@Index(["tenantId", "recordType", "tag", "recordId"])
export class RecordTag {
  @PrimaryColumn(bigintId)
  tenantId: string;

  @PrimaryColumn({ type: "varchar", length: 16 })
  recordType: "Account" | "Contact";

  @PrimaryColumn(bigintId)
  recordId: string;

  @PrimaryColumn({ type: "varchar", length: 64 })
  tag: string;
}
