import { Field, Int, ObjectType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { JobStatus } from "../../../core/data-transfer/data-transfer.entities";
import { NodeType } from "../../../core/graphql/relay/node";

/** A CSV file of leads, captured row by row by a job on `sfa.imports`; bad rows are recorded and skipped. */
@NodeType("LeadImport")
@Entity()
export class LeadImport extends TenantEntity {
  /** Progress changes every batch; the rows themselves are audited as they are created. */
  static audited = false;

  @Field(() => JobStatus)
  @Column({ type: "varchar", length: 12 })
  status: JobStatus;

  @Column(bigintId)
  fileId: string;

  /** The staff user who uploaded the file. */
  @Column({ ...bigintId, nullable: true })
  requestedById: string | null;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  processedRows: number;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  createdRows: number;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  failedRows: number;

  @Field(() => String, { nullable: true, description: "Why the whole file was refused (encoding, columns)." })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  finishedAt: Date | null;
}

/** One problem with one row of a lead import; the row was not imported. */
@ObjectType("LeadImportRowError")
@Entity()
@Index(["importId", "rowNumber"])
export class LeadImportRowError {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Column(bigintId)
  tenantId: string;

  @Column(bigintId)
  importId: string;

  @Field(() => Int, { description: "The row as a spreadsheet numbers it: the header is row 1." })
  @Column({ type: "int", unsigned: true })
  rowNumber: number;

  @Field(() => String, { nullable: true, description: "The column at fault; null for the row as a whole." })
  @Column({ type: "varchar", length: 64, nullable: true })
  field: string | null;

  @Field(() => String)
  @Column({ type: "varchar", length: 32 })
  code: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 500 })
  message: string;
}
