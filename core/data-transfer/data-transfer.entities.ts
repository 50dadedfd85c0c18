import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

export enum DataTransferKind {
  ACCOUNTS = "ACCOUNTS",
  CONTACTS = "CONTACTS",
}
registerEnumType(DataTransferKind, { name: "DataTransferKind" });

export enum JobStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  COMPLETED = "COMPLETED",
  FAILED = "FAILED",
}
registerEnumType(JobStatus, { name: "JobStatus" });

export enum ExportFormat {
  CSV = "CSV",
  JSONL = "JSONL",
}
registerEnumType(ExportFormat, { name: "ExportFormat" });

/**
 * Where a CSV import run as a background job stands; its progress is visible while it runs. Each
 * kind of import (core's accounts and contacts, a module's own) keeps its own table.
 */
@ObjectType()
export abstract class ImportProgress extends TenantEntity {
  @Field(() => JobStatus)
  @Column({ type: "varchar", length: 12 })
  status: JobStatus;

  @Column(bigintId)
  fileId: string;

  @Field(() => Int, { nullable: true, description: "Known once the file has been read through." })
  @Column({ type: "int", unsigned: true, nullable: true })
  totalRows: number | null;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  processedRows: number;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  createdRows: number;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  failedRows: number;

  @Field(() => String, { nullable: true, description: "Why the whole import failed (wrong encoding, wrong columns…)." })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  finishedAt: Date | null;
}

/** One problem with one row of an import; the row was not imported. Each kind of import keeps its own table. */
@ObjectType()
export abstract class ImportRowProblem {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Column(bigintId)
  tenantId: string;

  @Column(bigintId)
  importId: string;

  @Field(() => Int, { description: "The row as a spreadsheet numbers it: the header is row 1." })
  @Column({ type: "int", unsigned: true })
  rowNumber: number;

  @Field(() => String, { nullable: true, description: "The column at fault, e.g. `email`; null for the row as a whole." })
  @Column({ type: "varchar", length: 64, nullable: true })
  field: string | null;

  @Field(() => String, { description: "What is wrong, e.g. REQUIRED, INVALID or TOO_LONG." })
  @Column({ type: "varchar", length: 32 })
  code: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 500 })
  message: string;
}

/** An import of accounts or contacts. */
@NodeType("ImportJob")
@Entity()
export class ImportJob extends ImportProgress {
  /** Progress counters change every batch; the import writes one audit entry of its own when it ends. */
  static audited = false;

  @Field(() => DataTransferKind)
  @Column({ type: "varchar", length: 16 })
  kind: DataTransferKind;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  updatedRows: number;

  /** The per-row error report, once the import has finished. */
  @Column({ ...bigintId, nullable: true })
  reportFileId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  startedAt: Date | null;
}

@ObjectType({ description: "A problem with one row of an import file. A row may have several; it was not imported." })
@Entity()
@Index(["importId", "rowNumber"])
export class ImportRowError extends ImportRowProblem {}

/** An export of accounts or contacts to CSV or JSON Lines, run as a job. */
@NodeType("ExportJob")
@Entity()
export class ExportJob extends TenantEntity {
  @Field(() => DataTransferKind)
  @Column({ type: "varchar", length: 16 })
  kind: DataTransferKind;

  @Field(() => ExportFormat)
  @Column({ type: "varchar", length: 8 })
  format: ExportFormat;

  @Field(() => JobStatus)
  @Column({ type: "varchar", length: 12 })
  status: JobStatus;

  @Field(() => Int)
  @Column({ type: "int", unsigned: true, default: 0 })
  rows: number;

  @Column({ ...bigintId, nullable: true })
  fileId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 500, nullable: true })
  error: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  finishedAt: Date | null;
}
