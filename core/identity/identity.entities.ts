import { Field, registerEnumType } from "type-graphql";
import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from "typeorm";
import { bigintId, createdAt, jsonTransformer, timestamp } from "../db/columns";
import { TenantEntity } from "../db/tenant-entity";
import { NodeType } from "../graphql/relay/node";

export enum UserStatus {
  ACTIVE = "ACTIVE",
  DISABLED = "DISABLED",
}
registerEnumType(UserStatus, { name: "UserStatus" });

export enum RecordVisibility {
  OWN = "OWN",
  TEAM = "TEAM",
  ALL = "ALL",
}
registerEnumType(RecordVisibility, {
  name: "RecordVisibility",
  description: "Which owned records (accounts, contacts, ...) a role may see: its own, its teams', or all.",
});

/** A staff user of one tenant, signing in with a password. */
@NodeType("User")
@Entity()
@Index(["tenantId", "email"], { unique: true })
export class User extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 254 })
  email: string;

  @Field(() => String)
  @Column({ type: "varchar", length: 200 })
  name: string;

  @Column({ type: "varchar", length: 255 })
  passwordHash: string;

  @Field(() => UserStatus)
  @Column({ type: "varchar", length: 16, default: UserStatus.ACTIVE })
  status: UserStatus;

  @Column({ type: "int", default: 0 })
  failedLogins: number;

  @Column({ ...timestamp, nullable: true })
  lockedUntil: Date | null;

  /** Bumped to revoke every token the user holds (password change, role change, disable). */
  @Column({ type: "int", default: 0 })
  tokenVersion: number;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  lastLoginAt: Date | null;
}

@NodeType("Team")
@Entity()
@Index(["tenantId", "name"], { unique: true })
export class Team extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;
}

@Entity()
@Index(["tenantId", "userId"])
export class TeamMember {
  @PrimaryColumn(bigintId)
  teamId: string;

  @PrimaryColumn(bigintId)
  userId: string;

  @Column(bigintId)
  tenantId: string;
}

/** Grants permissions and a record visibility. The built-in Administrator role grants everything. */
@NodeType("Role")
@Entity()
@Index(["tenantId", "name"], { unique: true })
export class Role extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;

  @Field(() => [String])
  @Column({ type: "text", transformer: jsonTransformer })
  permissions: string[];

  @Field(() => RecordVisibility)
  @Column({ type: "varchar", length: 8, default: RecordVisibility.OWN })
  visibility: RecordVisibility;

  @Field(() => Boolean, { description: "The built-in Administrator role: every permission, every record." })
  @Column({ type: "boolean", default: false })
  administrator: boolean;
}

@Entity()
@Index(["tenantId", "roleId"])
export class UserRole {
  @PrimaryColumn(bigintId)
  userId: string;

  @PrimaryColumn(bigintId)
  roleId: string;

  @Column(bigintId)
  tenantId: string;
}

/** A refresh token, stored as a hash. Rotated on use; reuse of a rotated one revokes its family. */
@Entity()
export class RefreshToken {
  @PrimaryGeneratedColumn(bigintId)
  id: string;

  @Column(bigintId)
  tenantId: string;

  @Index()
  @Column(bigintId)
  userId: string;

  @Index({ unique: true })
  @Column({ type: "char", length: 64 })
  tokenHash: string;

  @Index()
  @Column({ type: "char", length: 36 })
  familyId: string;

  @Column(timestamp)
  expiresAt: Date;

  @Column({ ...timestamp, nullable: true })
  revokedAt: Date | null;

  @CreateDateColumn(createdAt)
  createdAt: Date;
}

/** A partner's or integration's key: shown once, stored as a hash, scoped to some permissions. */
@NodeType("ApiClient")
@Entity()
export class ApiClient extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;

  @Field(() => String, { description: "The key's public prefix, to recognise it in logs and lists." })
  @Index({ unique: true })
  @Column({ type: "char", length: 12 })
  keyPrefix: string;

  @Column({ type: "char", length: 64 })
  keyHash: string;

  @Field(() => [String])
  @Column({ type: "text", transformer: jsonTransformer })
  scopes: string[];

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  expiresAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  lastUsedAt: Date | null;

  @Field(() => Date, { nullable: true })
  @Column({ ...timestamp, nullable: true })
  revokedAt: Date | null;
}
