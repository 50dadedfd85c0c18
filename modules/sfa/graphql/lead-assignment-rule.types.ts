import { ArrayMaxSize, IsISO31661Alpha2, IsInt, IsOptional, Length, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { AssignmentStrategy, LeadAssignmentRule } from "../entities/lead-assignment-rule.entity";
import { LeadSource } from "../entities/lead.entity";

/** The most members a rule has, and the most values per criterion: lists that are never paged stay short. */
export const MAX_RULE_ITEMS = 100;

@InputType({ description: "Which leads a rule takes: every list given must hold the lead's value; an empty list matches anything." })
export class LeadAssignmentCriteriaInput {
  @Field(() => [String], { defaultValue: [] })
  @ArrayMaxSize(MAX_RULE_ITEMS)
  @Length(1, 80, { each: true })
  regions: string[];

  @Field(() => [String], { defaultValue: [], description: "ISO 3166-1 alpha-2." })
  @ArrayMaxSize(MAX_RULE_ITEMS)
  @IsISO31661Alpha2({ each: true })
  countries: string[];

  @Field(() => [LeadSource], { defaultValue: [] })
  sources: LeadSource[];
}

/** What create and update share; on update a field left out stays. */
@InputType()
abstract class LeadAssignmentRuleFields {
  @Field(() => Int, { nullable: true, description: "Rules are tried from the lowest position up; after the last rule by default." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  position?: number | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => LeadAssignmentCriteriaInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  criteria?: LeadAssignmentCriteriaInput | null;

  @Field(() => Int, { nullable: true, description: "Minutes the rep has to act before the lead goes to the next member (at most a week); null: no deadline." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  responseMinutes?: number | null;
}

@InputType()
export class LeadAssignmentRuleCreateInput extends LeadAssignmentRuleFields {
  @Field(() => String)
  @Length(1, 120)
  name: string;

  @Field(() => AssignmentStrategy)
  strategy: AssignmentStrategy;

  @Field(() => [ID], { description: "Users, in turn order." })
  memberIds: string[];
}

@InputType()
export class LeadAssignmentRuleUpdateInput extends LeadAssignmentRuleFields {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 120)
  name?: string | null;

  @Field(() => AssignmentStrategy, { nullable: true })
  strategy?: AssignmentStrategy | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the members; the turn starts again from the first." })
  memberIds?: string[] | null;
}

@InputType()
export class LeadAssignmentRuleDeleteInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class LeadAssignmentRulePayload extends MutationPayload {
  @Field(() => LeadAssignmentRule, { nullable: true })
  rule: LeadAssignmentRule | null = null;
}

@ObjectType()
export class LeadAssignmentRuleDeletePayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: "The deleted rule's id. Leads it assigned keep their owner, without a response deadline." })
  deletedId: string | null = null;
}
