import { ArrayMaxSize, ArrayMinSize, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { Order } from "../entities/order.entity";
import { Quote, QuoteStatus } from "../entities/quote.entity";
import { LineFields } from "./line-item.types";

export const QuoteConnection = Connection(Quote, "Quote");

export const MAX_QUOTE_LINES = 200;

@InputType({ description: "A line of a quote: a product at a quantity and a discount." })
export class QuoteLineInput extends LineFields {}

/** What making a quote and revising one share: the pricing terms and the lines. */
@InputType()
abstract class QuoteTermsInput {
  @Field(() => ID, { nullable: true, description: "Price every line without a book of its own from this book." })
  priceBookId?: string | null;

  @Field(() => String, { nullable: true, description: "The sales channel to price for (e.g. web), for lines without one of their own." })
  @IsOptional()
  @Length(1, 64)
  channel?: string | null;

  @Field(() => [QuoteLineInput], {
    nullable: true,
    description: `1..${MAX_QUOTE_LINES} lines. Default: the opportunity's line items (on a revision: the revised version's lines), priced again at today's prices.`,
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_QUOTE_LINES)
  @ValidateNested({ each: true })
  lines?: QuoteLineInput[] | null;
}

@InputType()
export class QuoteCreateInput extends QuoteTermsInput {
  @Field(() => ID)
  opportunityId: string;

  @Field(() => ID, { description: "The recipient: a contact of the opportunity's account or of the deal itself." })
  contactId: string;

  @Field(() => GraphQLLocalDate, { description: "Last day the offer stands (inclusive, UTC); today or later." })
  validUntil: string;
}

@InputType({ description: "Makes the next version of a quote; fields left out are taken from the version revised." })
export class QuoteReviseInput extends QuoteTermsInput {
  @Field(() => ID, { description: "The latest version of the quote." })
  id: string;

  @Field(() => ID, { nullable: true })
  contactId?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true })
  validUntil?: string | null;
}

@InputType()
export class QuoteIdInput {
  @Field(() => ID)
  id: string;
}

@InputType()
export class QuoteSendInput extends QuoteIdInput {
  @Field(() => String, { nullable: true, description: "Your note to the recipient: the email's text (a standard one if left out)." })
  @IsOptional()
  @MaxLength(5_000)
  message?: string | null;
}

@InputType()
export class QuoteRejectInput extends QuoteIdInput {
  @Field(() => String, { description: "Why the customer turned it down." })
  @Length(1, 500)
  reason: string;
}

@InputType({ description: "Narrows the quotes; every filter given must match." })
export class QuoteFilter {
  @Field(() => ID, { nullable: true })
  opportunityId?: string | null;

  @Field(() => ID, { nullable: true })
  accountId?: string | null;

  @Field(() => [QuoteStatus], { nullable: true, description: "Any of these statuses. Default: all but SUPERSEDED (the latest version of each quote)." })
  statuses?: QuoteStatus[] | null;

  @Field(() => String, { nullable: true, description: "Every version of this number, e.g. Q-000123." })
  number?: string | null;
}

@ObjectType()
export class QuotePayload extends MutationPayload {
  @Field(() => Quote, { nullable: true })
  quote: Quote | null = null;
}

@ObjectType()
export class QuoteAcceptPayload extends QuotePayload {
  @Field(() => Order, { nullable: true, description: "The order made from the quote." })
  order: Order | null = null;
}
