import { Column, Entity, PrimaryColumn } from "typeorm";
import { bigintId, timestamp } from "../db/columns";

/** Ledger of (handler, event) pairs already applied: a redelivered event has no second effect. */
@Entity()
export class ProcessedEvent {
  @PrimaryColumn({ type: "varchar", length: 120 })
  handler: string;

  @PrimaryColumn(bigintId)
  eventId: string;

  @Column(timestamp)
  processedAt: Date;
}
