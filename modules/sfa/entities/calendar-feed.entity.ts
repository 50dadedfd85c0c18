import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";

/**
 * A user's private iCalendar subscription. Only the SHA-256 of its token is kept, like API keys:
 * the URL is shown once. One row per user; creating a feed again replaces the token.
 */
@Entity()
@Index(["tokenHash"], { unique: true })
@Index(["tenantId", "userId"], { unique: true })
export class CalendarFeed extends TenantEntity {
  @Column(bigintId)
  userId: string;

  /** Hex SHA-256 of the token in the URL. */
  @Column({ type: "char", length: 64 })
  tokenHash: string;

  @Column({ ...timestamp, nullable: true })
  revokedAt: Date | null;
}
