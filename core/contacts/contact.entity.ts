import { Field } from "type-graphql";
import { Column, Entity, Index, PrimaryColumn } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { OwnedEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/** A person. Linked to accounts many-to-many; reached through contact points. */
// Read by the thousand in nested lists: see NodeType on simpleResolvers.
@NodeType("Contact", { simpleResolvers: true })
@Entity()
@Index(["tenantId", "lastName", "firstName", "id"])
@Index(["tenantId", "externalId"], { unique: true })
@Index(["tenantId", "primaryEmail"])
@Index(["tenantId", "primaryPhone"])
@Index(["tenantId", "ownerId"])
@Index(["firstName", "lastName", "primaryEmail"], { fulltext: true })
export class Contact extends OwnedEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 100 })
  firstName: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 100 })
  lastName: string;

  @Field(() => String, { nullable: true, description: "Job title." })
  @Column({ type: "varchar", length: 120, nullable: true })
  title: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone, e.g. Europe/Paris; quiet hours are in it." })
  @Column({ type: "varchar", length: 64, nullable: true })
  timeZone: string | null;

  @Field(() => String, { nullable: true, description: "Preferred language as a BCP 47 tag, e.g. fr-CA." })
  @Column({ type: "varchar", length: 35, nullable: true })
  language: string | null;

  @Field(() => String, { nullable: true, description: "The id in the system this contact came from; unique per tenant." })
  @Column({ type: "varchar", length: 100, nullable: true })
  externalId: string | null;

  /** Normalised primary email and E.164 phone, copied from the contact points for search and duplicates. */
  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 254, nullable: true })
  primaryEmail: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 20, nullable: true })
  primaryPhone: string | null;

  /** Set on the loser of a merge; such rows are hidden everywhere. */
  @Column({ ...bigintId, nullable: true })
  mergedIntoId: string | null;

  @Field(() => Date, { nullable: true, description: "When the person's data was erased (GDPR); the row stays as a tombstone." })
  @Column({ ...timestamp, nullable: true })
  erasedAt: Date | null;
}

/** A contact's link to an account, with the role the person plays there. */
@Entity()
@Index(["tenantId", "contactId"])
export class AccountContact {
  @PrimaryColumn(bigintId)
  accountId: string;

  @PrimaryColumn(bigintId)
  contactId: string;

  @Column(bigintId)
  tenantId: string;

  @Column({ type: "varchar", length: 120, nullable: true })
  role: string | null;

  @Column({ type: "boolean", default: false })
  isPrimary: boolean;
}
