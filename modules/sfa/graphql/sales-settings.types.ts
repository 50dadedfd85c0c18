import { IsInt, IsOptional, Max, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { DiscountApprovalLimit } from "../entities/discount-approval-limit.entity";

const MAX_BPS = 10_000;

@ObjectType("SalesSettings", { description: "How far reps may discount, and from where on a quote needs approval." })
export class SalesSettingsView {
  @Field(() => Int, { description: "A quote whose largest discount is above this (basis points) needs approval before it is sent. Default 1000 (10 %)." })
  quoteApprovalThresholdBps: number;

  @Field(() => Int, { description: "No line may be discounted more than this (basis points). Default 5000 (50 %)." })
  maxDiscountBps: number;

  @Field(() => Date, { nullable: true, description: "Null while the defaults apply." })
  updatedAt: Date | null;
}

@InputType({ description: "Fields left out stay as they are." })
export class SalesSettingsUpdateInput {
  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BPS)
  quoteApprovalThresholdBps?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BPS)
  maxDiscountBps?: number | null;
}

@ObjectType()
export class SalesSettingsPayload extends MutationPayload {
  @Field(() => SalesSettingsView, { nullable: true })
  salesSettings: SalesSettingsView | null = null;
}

@InputType()
export class DiscountApprovalLimitSetInput {
  @Field(() => ID)
  userId: string;

  @Field(() => Int, { description: "Basis points, 0..10000." })
  @IsInt()
  @Min(0)
  @Max(MAX_BPS)
  maxDiscountBps: number;
}

@InputType()
export class DiscountApprovalLimitRemoveInput {
  @Field(() => ID)
  userId: string;
}

@ObjectType()
export class DiscountApprovalLimitPayload extends MutationPayload {
  @Field(() => DiscountApprovalLimit, { nullable: true })
  discountApprovalLimit: DiscountApprovalLimit | null = null;
}

@ObjectType()
export class DiscountApprovalLimitRemovePayload extends MutationPayload {
  @Field(() => ID, { nullable: true, description: "The user whose limit was removed." })
  removedUserId: string | null = null;
}
