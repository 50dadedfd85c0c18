import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
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

/** Why the contact-policy service answered as it did; stored with every decision for reporting. */
export enum ContactPolicyReason {
  ALLOWED = "ALLOWED",
  CONTACT_NOT_FOUND = "CONTACT_NOT_FOUND",
  CONTACT_MERGED = "CONTACT_MERGED",
  CONTACT_ERASED = "CONTACT_ERASED",
  NO_CONTACT_POINT = "NO_CONTACT_POINT",
  CONSENT_MISSING = "CONSENT_MISSING",
  CONSENT_DENIED = "CONSENT_DENIED",
  CONSENT_WITHDRAWN = "CONSENT_WITHDRAWN",
  QUIET_HOURS = "QUIET_HOURS",
  FREQUENCY_CAP = "FREQUENCY_CAP",
}
registerEnumType(ContactPolicyReason, {
  name: "ContactPolicyReason",
  valuesConfig: {
    ALLOWED: { description: "Nothing stands in the way (the verdict is ALLOWED_NOW)." },
    CONTACT_NOT_FOUND: { description: "No such contact, or not one the caller may see." },
    CONTACT_MERGED: { description: "The contact was merged into another; use that one." },
    CONTACT_ERASED: { description: "The person's data was erased." },
    NO_CONTACT_POINT: { description: "The contact has no contact point of the channel's kind." },
    CONSENT_MISSING: { description: "MARKETING needs an explicit GRANTED consent for the channel." },
    CONSENT_DENIED: { description: "The latest consent for the channel and purpose is DENIED." },
    CONSENT_WITHDRAWN: { description: "The latest consent for the channel and purpose is WITHDRAWN." },
    QUIET_HOURS: { description: "Within the contact's quiet hours (ALLOWED_LATER at their end)." },
    FREQUENCY_CAP: { description: "The contact's frequency cap is reached (ALLOWED_LATER when room frees up)." },
  },
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
@ObjectType({ description: "A contact's rules for being reached: quiet hours in their time zone, and a cap on messages across channels." })
@Entity()
export class ContactPolicy {
  @PrimaryColumn(bigintId)
  contactId: string;

  @Column(bigintId)
  tenantId: string;

  /** `HH:MM` local time; quiet hours may span midnight (22:00-07:00). */
  @Field(() => String, { nullable: true, description: "`HH:MM` in the contact's time zone (UTC when it has none); inclusive." })
  @Column({ type: "char", length: 5, nullable: true })
  quietHoursStart: string | null;

  @Field(() => String, { nullable: true, description: "`HH:MM`, exclusive; earlier than the start when quiet hours span midnight." })
  @Column({ type: "char", length: 5, nullable: true })
  quietHoursEnd: string | null;

  @Field(() => Int, { nullable: true, description: "At most this many non-transactional messages, on all channels together..." })
  @Column({ type: "int", unsigned: true, nullable: true })
  frequencyCap: number | null;

  @Field(() => Int, { nullable: true, description: "...in any window of this many hours." })
  @Column({ type: "int", unsigned: true, nullable: true })
  frequencyCapHours: number | null;

  @Field(() => Date)
  @Column(updatedAt)
  updatedAt: Date;
}

/** Every answer the contact-policy service gave, and whether it counted toward the cap. */
@NodeType("ContactDecision")
@Entity()
@Index(["tenantId", "contactId", "decidedAt"])
export class ContactDecision extends TenantEntity {
  /** The decisions are themselves the log; auditing each one would double every write. */
  static audited = false;

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

  @Field(() => ContactPolicyReason)
  @Column({ type: "varchar", length: 24 })
  reasonCode: ContactPolicyReason;

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

