import { IsOptional, Length } from "class-validator";
import { Field, ID, InputType } from "type-graphql";
import { MAX_TAGS } from "../tagging/tags.service";

/** Input fields every owned customer record (account, contact) shares, on create and update alike. */
@InputType()
export abstract class OwnedRecordFields {
  @Field(() => String, { nullable: true, description: "The id in the system the record comes from; unique in your tenant." })
  @IsOptional()
  @Length(1, 100)
  externalId?: string | null;

  @Field(() => ID, { nullable: true, description: "A user; by default the creator." })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => [String], { nullable: true, description: `Replaces the tags (at most ${MAX_TAGS}).` })
  @IsOptional()
  tags?: string[] | null;

  @Field(() => Boolean, { defaultValue: false, description: "Refuse the write (userError DUPLICATE) when probable duplicates exist." })
  rejectDuplicates?: boolean;
}
