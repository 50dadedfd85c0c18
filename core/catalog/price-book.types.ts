import { IsInt, IsOptional, Matches, Max, MaxLength, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { PriceBook } from "./price-book.entity";

export const PriceBookConnection = Connection(PriceBook, "PriceBook");

/** Segments and channels: short labels, stored in lower case. */
const LABEL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const labelRule = (name: string) => ({ message: `${name} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit` });
const PRIORITY = 1_000_000;

/** Fields create and update share; on update, null clears a field and an absent one stays. */
@InputType()
abstract class PriceBookFields {
  @Field(() => String, { nullable: true, description: "Customer segment the book is for, e.g. partner (compared without case); null: any." })
  @IsOptional()
  @Matches(LABEL, labelRule("segment"))
  segment?: string | null;

  @Field(() => String, { nullable: true, description: "Sales channel the book is for, e.g. web (compared without case); null: any." })
  @IsOptional()
  @Matches(LABEL, labelRule("channel"))
  channel?: string | null;

  @Field(() => Date, { nullable: true, description: "Exclusive end, after `validFrom`; null: open-ended." })
  validTo?: Date | null;
}

@InputType()
export class PriceBookCreateInput extends PriceBookFields {
  @Field(() => String)
  @MaxLength(200)
  name: string;

  @Field(() => String, { description: "ISO 4217; fixed once the book exists." })
  currency: string;

  @Field(() => Date, { nullable: true, description: "Default: now." })
  validFrom?: Date | null;

  @Field(() => Int, { defaultValue: 0 })
  @IsInt()
  @Min(-PRIORITY)
  @Max(PRIORITY)
  priority: number;

  @Field(() => Boolean, { defaultValue: true })
  active: boolean;
}

/** A price book update without its id: what PriceBooksService.update takes. The currency cannot change. */
@InputType()
export abstract class PriceBookChanges extends PriceBookFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  name?: string | null;

  @Field(() => Date, { nullable: true })
  validFrom?: Date | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(-PRIORITY)
  @Max(PRIORITY)
  priority?: number | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType()
export class PriceBookUpdateInput extends PriceBookChanges {
  @Field(() => ID)
  id: string;
}

@InputType({ description: "Narrows the price books; every filter given must match." })
export class PriceBookFilter {
  @Field(() => String, { nullable: true, description: "Names starting with this (any case)." })
  search?: string | null;

  @Field(() => String, { nullable: true })
  currency?: string | null;

  @Field(() => String, { nullable: true })
  segment?: string | null;

  @Field(() => String, { nullable: true })
  channel?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => Date, { nullable: true, description: "Books valid at this moment (validFrom <= validAt < validTo)." })
  validAt?: Date | null;
}

@ObjectType()
export class PriceBookPayload extends MutationPayload {
  @Field(() => PriceBook, { nullable: true })
  priceBook: PriceBook | null = null;
}
