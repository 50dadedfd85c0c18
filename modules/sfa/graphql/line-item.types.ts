import { IsInt, IsOptional, Length, Max, MaxLength, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { OpportunityLineItem } from "../entities/opportunity-line-item.entity";
import { Opportunity } from "../entities/opportunity.entity";

export const MAX_QUANTITY = 1_000_000;
const MAX_BPS = 10_000;

/** A product at a quantity and discount, as opportunity line items and quote lines take it. */
@InputType()
export abstract class LineFields {
  @Field(() => ID)
  productId: string;

  @Field(() => Int, { defaultValue: 1, description: `Units, 1..${MAX_QUANTITY}; picks the price book's volume tier.` })
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity: number;

  @Field(() => Int, { defaultValue: 0, description: "Discount in basis points (1250 is 12.5 %), at most the tenant's maxDiscountBps." })
  @IsInt()
  @Min(0)
  @Max(MAX_BPS)
  discountBps: number;

  @Field(() => ID, { nullable: true, description: "Price from this book only; it must be active, valid now and in the opportunity's currency. Default: the price rules choose." })
  priceBookId?: string | null;

  @Field(() => String, { nullable: true, description: "The sales channel to price for (e.g. web), if any." })
  @IsOptional()
  @Length(1, 64)
  channel?: string | null;

  @Field(() => String, { nullable: true, description: "What the line is for, shown on quotes." })
  @IsOptional()
  @MaxLength(300)
  description?: string | null;
}

@InputType()
export class OpportunityLineItemAddInput extends LineFields {
  @Field(() => ID)
  opportunityId: string;
}

@InputType({ description: "Fields left out stay as they are; the line is priced again at today's prices." })
export class OpportunityLineItemUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_QUANTITY)
  quantity?: number | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_BPS)
  discountBps?: number | null;

  @Field(() => ID, { nullable: true, description: "null lets the price rules choose again." })
  priceBookId?: string | null;

  @Field(() => String, { nullable: true, description: "null prices for no particular channel." })
  @IsOptional()
  @Length(1, 64)
  channel?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(300)
  description?: string | null;
}

@InputType()
export class OpportunityLineItemRemoveInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class OpportunityLineItemPayload extends MutationPayload {
  @Field(() => OpportunityLineItem, { nullable: true })
  opportunityLineItem: OpportunityLineItem | null = null;

  @Field(() => Opportunity, { nullable: true, description: "The opportunity, with its amount now the sum of its line items." })
  opportunity: Opportunity | null = null;
}

@ObjectType()
export class OpportunityLineItemRemovePayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  removedId: string | null = null;

  @Field(() => Opportunity, { nullable: true })
  opportunity: Opportunity | null = null;
}
