import { ObjectType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId } from "../../../core/db/columns";
import { ImportProgress, ImportRowProblem } from "../../../core/data-transfer/data-transfer.entities";
import { NodeType } from "../../../core/graphql/relay/node";

/** A CSV file of leads, captured row by row by a job on `sfa.imports`; bad rows are recorded and skipped. */
@NodeType("LeadImport")
@Entity()
export class LeadImport extends ImportProgress {
  /** Progress changes every batch; the rows themselves are audited as they are created. */
  static audited = false;

  /** The staff user who uploaded the file. */
  @Column({ ...bigintId, nullable: true })
  requestedById: string | null;
}

/** One problem with one row of a lead import; the row was not imported. */
@ObjectType("LeadImportRowError")
@Entity()
@Index(["importId", "rowNumber"])
export class LeadImportRowError extends ImportRowProblem {}
