import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";
import { JobStatus } from "../data-transfer/data-transfer.entities";

export enum GdprRequestKind {
  EXPORT = "EXPORT",
  ERASE = "ERASE",
}
registerEnumType(GdprRequestKind, { name: "GdprRequestKind" });

/** A data subject's request: everything about one person, exported or erased across core and modules. */
@NodeType("GdprRequest")
@Entity()
@Index(["tenantId", "contactId"])
export class GdprRequest extends TenantEntity {
  @Column(bigintId)
  contactId: string;

  @Field(() => GdprRequestKind)
  @Column({ type: "varchar", length: 8 })
  kind: GdprRequestKind;

  @Field(() => JobStatus)
  @Column({ type: "varchar", length: 12 })
  status: JobStatus;

  /** The export archive, for EXPORT requests. */
  @Column({ ...bigintId, nullable: true })
  fileId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  completedAt: Date | null;
}
