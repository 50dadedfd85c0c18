import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId, timestamp, updatedAt } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";
import { ContactPointKind } from "../contacts/contact-point.entity";

/** What a message is for; consent is given per channel and per purpose. */
export enum MessagePurpose {
  MARKETING = "MARKETING",
  SERVICE = "SERVICE",
  TRANSACTIONAL = "TRANSACTIONAL",
}
registerEnumType(MessagePurpose, { name: "MessagePurpose" });

export enum ConsentStatus {
  GRANTED = "GRANTED",
  DENIED = "DENIED",
  WITHDRAWN = "WITHDRAWN",
}
registerEnumType(ConsentStatus, { name: "ConsentStatus" });

export enum ContactVerdict {
  ALLOWED_NOW = "ALLOWED_NOW",
  ALLOWED_LATER = "ALLOWED_LATER",
  DENIED = "DENIED",
}
registerEnumType(ContactVerdict, {
  name: "ContactVerdict",
  valuesConfig: { ALLOWED_LATER: { description: "Allowed at `allowedAt` (after quiet hours or the frequency cap)." } },
});

/** One consent statement, kept forever: the current state is the latest per channel and purpose. */
@NodeType("ConsentRecord")
@Entity()
@Index(["tenantId", "contactId", "channel", "purpose", "recordedAt"])
export class ConsentRecord extends TenantEntity {
  @Column(bigintId)
  contactId: string;

  @Field(() => ContactPointKind)
  @Column({ type: "varchar", length: 16 })
  channel: ContactPointKind;

  @Field(() => MessagePurpose)
  @Column({ type: "varchar", length: 16 })
  purpose: MessagePurpose;

  @Field(() => ConsentStatus)
  @Column({ type: "varchar", length: 12 })
  status: ConsentStatus;

  @Field(() => String, { description: "Where it was given: web form, call, import, double opt-in…" })
  @Column({ type: "varchar", length: 120 })
  source: string;

  @Field(() => Date)
  @Column(timestamp)
  recordedAt: Date;

  @Field(() => String, { nullable: true, description: "Proof, e.g. the form text or the call reference." })
  @Column({ type: "text", nullable: true })
  evidence: string | null;
}

/** A contact's rules for being reached: quiet hours in their time zone and a cap across channels. */
@Entity()
export class ContactPolicy {
  @PrimaryColumn(bigintId)
  contactId: string;

  @Column(bigintId)
  tenantId: string;

  /** `HH:MM` local time; quiet hours may span midnight (22:00-07:00). */
  @Column({ type: "char", length: 5, nullable: true })
  quietHoursStart: string | null;

  @Column({ type: "char", length: 5, nullable: true })
  quietHoursEnd: string | null;

  @Column({ type: "int", unsigned: true, nullable: true })
  frequencyCap: number | null;

  @Column({ type: "int", unsigned: true, nullable: true })
  frequencyCapHours: number | null;

  @Column(updatedAt)
  updatedAt: Date;
}

/** Every answer the contact-policy service gave, and whether it counted toward the cap. */
@NodeType("ContactDecision")
@Entity()
@Index(["tenantId", "contactId", "decidedAt"])
export class ContactDecision extends TenantEntity {
  @Column(bigintId)
  contactId: string;

  @Field(() => ContactPointKind)
  @Column({ type: "varchar", length: 16 })
  channel: ContactPointKind;

  @Field(() => MessagePurpose)
  @Column({ type: "varchar", length: 16 })
  purpose: MessagePurpose;

  @Field(() => ContactVerdict)
  @Column({ type: "varchar", length: 16 })
  verdict: ContactVerdict;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  allowedAt: Date | null;

  @Field(() => String)
  @Column({ type: "varchar", length: 300 })
  reason: string;

  @Field(() => String, { description: "Who asked: a module, or core." })
  @Column({ type: "varchar", length: 32 })
  requestedBy: string;

  /** True when the caller sends now: it then counts toward the frequency cap. */
  @Field(() => Boolean)
  @Column({ type: "boolean", default: false })
  counted: boolean;

  @Field(() => Date)
  @Column(timestamp)
  decidedAt: Date;
}

