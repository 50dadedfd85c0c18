import { Field, Int } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { bigintId, timestamp } from "../db/columns";
import { OwnedEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

/** A company: a customer, a prospect or a partner. Accounts form a parent/child hierarchy. */
// Read by the thousand in nested lists: see NodeType on simpleResolvers.
@NodeType("Account", { simpleResolvers: true })
@Entity()
@Index(["tenantId", "name", "id"])
@Index(["tenantId", "normalizedName"])
@Index(["tenantId", "externalId"], { unique: true })
@Index(["tenantId", "parentId"])
/** Duplicate detection and importers look accounts up by web domain. */
@Index(["tenantId", "domain"])
@Index(["tenantId", "ownerId"])
@Index(["name", "domain"], { fulltext: true })
export class Account extends OwnedEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  /** Lower-case, punctuation and legal suffixes stripped: "ACME, Inc." and "Acme" collide. */
  @Column({ type: "varchar", length: 200 })
  normalizedName: string;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 253, nullable: true })
  domain: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: "varchar", length: 80, nullable: true })
  industry: string | null;

  @Field(() => Int, { nullable: true, description: "Number of employees." })
  @Column({ type: "int", unsigned: true, nullable: true })
  employeeCount: number | null;

  @Field(() => String, { nullable: true, description: "Sales region or territory." })
  @Column({ type: "varchar", length: 80, nullable: true })
  region: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2." })
  @Column({ type: "char", length: 2, nullable: true })
  country: string | null;

  @Column({ ...bigintId, nullable: true })
  parentId: string | null;

  @Field(() => String, { nullable: true, description: "The id in the system this account came from; unique per tenant." })
  @Column({ type: "varchar", length: 100, nullable: true })
  externalId: string | null;

  /** Set on the loser of a merge; such rows are hidden everywhere. */
  @Column({ ...bigintId, nullable: true })
  mergedIntoId: string | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  archivedAt: Date | null;
}
