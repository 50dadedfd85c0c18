import { Column, Entity, Index, PrimaryGeneratedColumn } from "typeorm";
import { bigintId, jsonTransformer, timestamp } from "../db/columns";

/**
 * A domain event written in the same transaction as the change that caused it. The relay marks
 * it dispatched once its jobs are in BullMQ; until then a crash or a Redis outage loses nothing.
 */
@Entity()
@Index(["dispatchedAt", "id"])
export class OutboxEvent {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Column(bigintId)
  tenantId: string;

  @Column({ type: "varchar", length: 120 })
  type: string;

  @Column({ type: "longtext", transformer: jsonTransformer })
  payload: unknown;

  @Column({ type: "varchar", length: 120, nullable: true })
  actor: string | null;

  @Column({ type: "varchar", length: 64, nullable: true })
  requestId: string | null;

  @Column(timestamp)
  occurredAt: Date;

  @Column({ ...timestamp, nullable: true })
  dispatchedAt: Date | null;
}
