import { Field, Int, ObjectType, registerEnumType } from "type-graphql";
import { Column, Entity, Index } from "typeorm";
import { jsonTransformer } from "../../../core/db/columns";
import { TenantEntity } from "../../../core/db/tenant-entity";
import { NodeType } from "../../../core/graphql/relay/node";
import { LeadSource } from "./lead.entity";

export enum AssignmentStrategy {
  ROUND_ROBIN = "ROUND_ROBIN",
  TERRITORY = "TERRITORY",
  LOAD = "LOAD",
}
registerEnumType(AssignmentStrategy, {
  name: "AssignmentStrategy",
  description:
    "ROUND_ROBIN: members in turn. TERRITORY: the rule must name regions or countries; members in turn. LOAD: the member with the fewest open (NEW, WORKING) leads.",
});

/** Which leads a rule takes: every list given must contain the lead's value; an empty list matches anything. */
@ObjectType("LeadAssignmentCriteria")
export class LeadAssignmentCriteria {
  @Field(() => [String], { description: "Regions, compared without case." })
  regions: string[];

  @Field(() => [String], { description: "ISO 3166-1 alpha-2 codes." })
  countries: string[];

  @Field(() => [LeadSource])
  sources: LeadSource[];
}

/**
 * Routes new leads to reps. Active rules are tried in `position` order; the first that matches
 * a lead and has an active member assigns it. `lastTurn` is the index in `memberIds` of the member
 * who got the last lead; it is read and advanced under a row lock, so concurrent captures never
 * pick the same member for the same turn.
 */
@NodeType("LeadAssignmentRule")
@Entity()
@Index(["tenantId", "position", "id"])
export class LeadAssignmentRule extends TenantEntity {
  @Field(() => String)
  @Column({ type: "varchar", length: 120 })
  name: string;

  @Field(() => Int, { description: "Rules are tried from the lowest position up." })
  @Column({ type: "int" })
  position: number;

  @Field(() => Boolean)
  @Column({ type: "boolean", default: true })
  active: boolean;

  @Field(() => AssignmentStrategy)
  @Column({ type: "varchar", length: 16 })
  strategy: AssignmentStrategy;

  @Column({ type: "json", transformer: jsonTransformer })
  criteria: LeadAssignmentCriteria;

  /** User row ids, in turn order. */
  @Column({ type: "json", transformer: jsonTransformer })
  memberIds: string[];

  @Column({ type: "int", default: -1 })
  lastTurn: number;

  @Field(() => Int, { nullable: true, description: "Minutes the assigned rep has to act before the lead goes to the next member; null: no deadline." })
  @Column({ type: "int", unsigned: true, nullable: true })
  responseMinutes: number | null;
}
