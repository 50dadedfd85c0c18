import { IsOptional, Length, Matches, MaxLength } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { Product } from "./product.entity";

export const ProductConnection = Connection(Product, "Product");

/** Letters, digits and . _ - / inside, starting with a letter or digit; 64 at most. */
const SKU = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$/;
const SKU_RULE = { message: "sku must be 1-64 letters, digits, '.', '_', '-' or '/', starting with a letter or digit" };

/** Fields create and update share; on update, null clears a field and an absent one stays. */
@InputType()
abstract class ProductFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(2000)
  description?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 80)
  family?: string | null;
}

@InputType()
export class ProductCreateInput extends ProductFields {
  @Field(() => String, { description: "Unique in your tenant (without case)." })
  @Matches(SKU, SKU_RULE)
  sku: string;

  @Field(() => String)
  @MaxLength(200)
  name: string;

  @Field(() => Boolean, { defaultValue: true })
  active: boolean;
}

/** A product update without the product's id: what ProductsService.update takes. */
@InputType()
export abstract class ProductChanges extends ProductFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(SKU, SKU_RULE)
  sku?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  name?: string | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;
}

@InputType()
export class ProductUpdateInput extends ProductChanges {
  @Field(() => ID)
  id: string;
}

@InputType()
export class ProductArchiveInput {
  @Field(() => ID)
  id: string;

  @Field(() => Boolean, { defaultValue: true, description: "false brings an archived product back." })
  archived: boolean;
}

@InputType({ description: "Narrows the products; every filter given must match." })
export class ProductFilter {
  @Field(() => String, { nullable: true, description: "Names or SKUs starting with this (any case)." })
  search?: string | null;

  @Field(() => String, { nullable: true })
  family?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Only active (true) or only inactive (false) products." })
  active?: boolean | null;

  @Field(() => Boolean, { defaultValue: false, description: "Archived products are left out unless this is true." })
  includeArchived?: boolean;
}

@ObjectType()
export class ProductPayload extends MutationPayload {
  @Field(() => Product, { nullable: true })
  product: Product | null = null;
}
