import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

export enum InteractionChannel {
  PHONE = "PHONE",
  EMAIL = "EMAIL",
  SMS = "SMS",
  MESSENGER = "MESSENGER",
  WEB = "WEB",
  IN_PERSON = "IN_PERSON",
  POSTAL = "POSTAL",
  FAX = "FAX",
  SOCIAL = "SOCIAL",
  OTHER = "OTHER",
}
registerEnumType(InteractionChannel, { name: "InteractionChannel" });

export enum InteractionDirection {
  INBOUND = "INBOUND",
  OUTBOUND = "OUTBOUND",
  INTERNAL = "INTERNAL",
}
registerEnumType(InteractionDirection, { name: "InteractionDirection" });

/** One contact with the customer on any channel: the unit of the unified history. */
// Read by the thousand in nested lists: see NodeType on simpleResolvers.
@NodeType("Interaction", { simpleResolvers: true })
@Entity()
@Index(["tenantId", "occurredAt", "id"])
@Index(["tenantId", "sourceModule", "sourceType", "sourceId"])
export class Interaction extends TenantEntity {
  @Field(() => InteractionChannel)
  @Column({ type: "varchar", length: 16 })
  channel: InteractionChannel;

  @Field(() => InteractionDirection)
  @Column({ type: "varchar", length: 8 })
  direction: InteractionDirection;

  @Field(() => Date)
  @Column(timestamp)
  occurredAt: Date;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 300, nullable: true })
  subject: string | null;

  @Field(() => String, { nullable: true, description: "A summary, or the message body." })
  @Column({ type: "mediumtext", nullable: true })
  body: string | null;

  @Field(() => String, { nullable: true, description: "e.g. answered, voicemail, bounced, meeting held." })
  @Column({ type: "varchar", length: 120, nullable: true })
  outcome: string | null;

  /** The staff user who handled it. */
  @Column({ ...bigintId, nullable: true })
  userId: string | null;

  @Field(() => String, { nullable: true, description: "The module whose record this interaction belongs to (sfa, ma, css)." })
  @Column({ type: "varchar", length: 16, nullable: true })
  sourceModule: string | null;

  @Field(() => String, { nullable: true, description: "The type of that record, e.g. Opportunity or Ticket." })
  @Column({ type: "varchar", length: 64, nullable: true })
  sourceType: string | null;

  @Field(() => String, { nullable: true, description: "The global id of that record." })
  @Column({ type: "varchar", length: 64, nullable: true })
  sourceId: string | null;
}

/**
 * Who took part. Channel and time are copied here so a contact's or an account's timeline,
 * filtered by channel and time, is one index range.
 */
@Entity()
@Index(["tenantId", "contactId", "occurredAt", "interactionId"])
@Index(["tenantId", "accountId", "occurredAt", "interactionId"])
export class InteractionParticipant {
  @PrimaryColumn(bigintId)
  interactionId: string;

  /** Contact or account: exactly one is set. A participant row per contact and per account. */
  @PrimaryColumn({ type: "varchar", length: 24 })
  participantKey: string;

  @Column(bigintId)
  tenantId: string;

  @Column({ ...bigintId, nullable: true })
  contactId: string | null;

  @Column({ ...bigintId, nullable: true })
  accountId: string | null;

  @Column({ type: "varchar", length: 16 })
  channel: InteractionChannel;

  @Column(timestamp)
  occurredAt: Date;

  @Column({ type: "varchar", length: 40, nullable: true })
  role: string | null;
}
