import { Field, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/** Every channel a person can be reached on, from the start. */
export enum ContactPointKind {
  PHONE = "PHONE",
  FAX = "FAX",
  EMAIL = "EMAIL",
  WEB = "WEB",
  ADDRESS = "ADDRESS",
  POSTAL = "POSTAL",
  SMS = "SMS",
  MESSENGER = "MESSENGER",
}
registerEnumType(ContactPointKind, {
  name: "ContactPointKind",
  valuesConfig: {
    ADDRESS: { description: "Where to meet in person." },
    POSTAL: { description: "Where letters go." },
    MESSENGER: { description: "A handle on a messaging service (set `service`)." },
  },
});

@NodeType("ContactPoint")
@Entity()
@Index(["tenantId", "contactId", "kind"])
@Index(["tenantId", "kind", "normalized"])
export class ContactPoint extends TenantEntity {
  @Column(bigintId)
  contactId: string;

  @Field(() => ContactPointKind)
  @Column({ type: "varchar", length: 16 })
  kind: ContactPointKind;

  @Field(() => String, { description: "As entered (or the address on one line)." })
  @Column({ type: "varchar", length: 500 })
  value: string;

  /** E.164 for phones, lower-case for emails and handles, a canonical URL, or the folded address. */
  @Field(() => String)
  @Column({ type: "varchar", length: 500 })
  normalized: string;

  @Field(() => String, { nullable: true, description: "work, home, mobile…" })
  @Column({ type: "varchar", length: 60, nullable: true })
  label: string | null;

  @Field(() => Boolean, { description: "One contact point of each kind is primary." })
  @Column({ type: "boolean", default: false })
  isPrimary: boolean;

  @Field(() => String, { nullable: true, description: "For MESSENGER: whatsapp, telegram, signal, wechat…" })
  @Column({ type: "varchar", length: 32, nullable: true })
  service: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 200, nullable: true })
  street: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 100, nullable: true })
  city: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 100, nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 20, nullable: true })
  postalCode: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  @Column({ type: "char", length: 2, nullable: true })
  country: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  verifiedAt: Date | null;
}
