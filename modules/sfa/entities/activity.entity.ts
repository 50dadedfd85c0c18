import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId, timestamp } from "../../../core/db/columns";
import { OwnedEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";

export enum ActivityKind {
  TASK = "TASK",
  CALL = "CALL",
  MEETING = "MEETING",
}
registerEnumType(ActivityKind, { name: "ActivityKind" });

export enum ActivityStatus {
  OPEN = "OPEN",
  COMPLETED = "COMPLETED",
  CANCELLED = "CANCELLED",
}
registerEnumType(ActivityStatus, { name: "ActivityStatus" });

/**
 * A task, call or meeting on a rep's calendar (the owner is the rep). It may be about any record
 * (`relatedTo`) and involve contacts and accounts, whose timelines get the call or meeting once
 * it is completed.
 */
@NodeType("Activity")
@Entity()
// The calendar of one rep, and everyone's agenda, in due order (keyset pages on dueAt, id).
@Index(["tenantId", "ownerId", "dueAt", "id"])
@Index(["tenantId", "dueAt", "id"])
@Index(["tenantId", "relatedType", "relatedId"])
@Index(["tenantId", "seriesId", "dueAt"])
// The reminder sweep, across tenants: open activities whose reminder is due and not sent.
@Index(["status", "reminderSentAt", "remindAt"])
export class Activity extends OwnedEntity {
  @Field(() => ActivityKind)
  @Column({ type: "varchar", length: 8 })
  kind: ActivityKind;

  @Field(() => String)
  @Column({ type: "varchar", length: 300 })
  subject: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "text", nullable: true })
  notes: string | null;

  @Field(() => ActivityStatus)
  @Column({ type: "varchar", length: 10 })
  status: ActivityStatus;

  @Field(() => Date, { description: "When a task is due, a call is planned or a meeting starts. For an all-day item, midnight UTC of its day." })
  @Column(timestamp)
  dueAt: Date;

  @Field(() => Date, { nullable: true, description: "When a call or meeting ends." })
  @Column({ ...timestamp, nullable: true })
  endsAt: Date | null;

  @Field(() => Boolean)
  @Column({ type: "boolean", default: false })
  allDay: boolean;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  location: string | null;

  /** The node type name of the record the activity is about (`Opportunity`, `Contact`...). */
  @Column({ type: "varchar", length: 64, nullable: true })
  relatedType: string | null;

  @Column({ ...bigintId, nullable: true })
  relatedId: string | null;

  @Field(() => Date, { nullable: true, description: "When the owner is reminded (sfa.activity.reminderDue.v1)." })
  @Column({ ...timestamp, nullable: true })
  remindAt: Date | null;

  @Field(() => Date, { nullable: true, description: "When the reminder for the current remindAt went out." })
  @Column({ ...timestamp, nullable: true })
  reminderSentAt: Date | null;

  @Field(() => String, { nullable: true, description: "How it went, given on completion (answered, voicemail, demo booked...)." })
  @Column({ type: "varchar", length: 120, nullable: true })
  outcome: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  completedAt: Date | null;

  /** The recurring series this activity is an occurrence of. */
  @Column({ ...bigintId, nullable: true })
  seriesId: string | null;
}

/** A contact or an account taking part in an activity: one row each, keyed like the timeline's participants. */
@Entity()
@Index(["tenantId", "contactId"])
@Index(["tenantId", "accountId"])
export class ActivityParticipant {
  @PrimaryColumn(bigintId)
  activityId: string;

  /** `c:<contactId>` or `a:<accountId>`. */
  @PrimaryColumn({ type: "varchar", length: 24 })
  participantKey: string;

  @Column(bigintId)
  tenantId: string;

  @Column({ ...bigintId, nullable: true })
  contactId: string | null;

  @Column({ ...bigintId, nullable: true })
  accountId: string | null;
}
