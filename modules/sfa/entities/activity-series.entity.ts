import { Field } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { timestamp } from "../../../core/db/columns";
import { OwnedEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";

/**
 * A recurring activity. Its occurrences are ordinary Activity rows, materialised ahead of time
 * (see ActivitySeriesService), each with its own reminder; a daily job keeps open-ended series
 * filled.
 */
@NodeType("ActivitySeries")
@Entity()
// The extension job: series still producing occurrences, least far ahead first.
@Index(["complete", "cancelledAt", "scheduledThrough"])
export class ActivitySeries extends OwnedEntity {
  @Field(() => String, { description: "The RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO;COUNT=10." })
  @Column({ type: "varchar", length: 500 })
  recurrence: string;

  @Field(() => String, { description: "IANA zone whose wall clock the rule follows (a 9:00 meeting stays at 9:00 across DST)." })
  @Column({ type: "varchar", length: 64 })
  timeZone: string;

  @Field(() => Date, { description: "The rule's DTSTART: the due time of the activity that created the series." })
  @Column(timestamp)
  startsAt: Date;

  @Field(() => Date, { description: "Due time of the last occurrence created so far." })
  @Column(timestamp)
  scheduledThrough: Date;

  @Field(() => Boolean, { description: "True once every occurrence of a finite rule exists." })
  @Column({ type: "boolean", default: false })
  complete: boolean;

  @Field(() => Date, { nullable: true, description: "Set when the series, or its rest, was cancelled: no more occurrences." })
  @Column({ ...timestamp, nullable: true })
  cancelledAt: Date | null;
}
