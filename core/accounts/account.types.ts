import { IsISO31661Alpha2, IsInt, IsOptional, Length, Max, MaxLength, Min } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { OwnedRecordFields } from "../contacts/owned-record.input";
import { DuplicateMatch } from "../contacts/duplicates.service";
import { Account } from "./account.entity";

export const AccountConnection = Connection(Account, "Account");

/** Fields of an account that create and update share; on update, null clears a field and an absent one stays. */
@InputType()
abstract class AccountFields extends OwnedRecordFields {
  @Field(() => String, { nullable: true, description: "Web domain or address, stored as the bare host name (acme.com)." })
  @IsOptional()
  @Length(1, 253)
  domain?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 80)
  industry?: string | null;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  employeeCount?: number | null;

  @Field(() => String, { nullable: true, description: "Sales region or territory." })
  @IsOptional()
  @Length(1, 80)
  region?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 3166-1 alpha-2; also where contacts' local phone numbers are read." })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string | null;

  @Field(() => ID, { nullable: true, description: "The parent company; an account cannot be its own ancestor." })
  parentId?: string | null;
}

@InputType()
export class AccountCreateInput extends AccountFields {
  @Field(() => String)
  @MaxLength(200)
  name: string;
}

/** An account update without the account's id: what AccountsService.updateAccount takes. */
@InputType()
export abstract class AccountChanges extends AccountFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(200)
  name?: string | null;
}

@InputType()
export class AccountUpdateInput extends AccountChanges {
  @Field(() => ID)
  id: string;
}

@InputType()
export class AccountArchiveInput {
  @Field(() => ID)
  id: string;

  @Field(() => Boolean, { defaultValue: true, description: "false brings an archived account back." })
  archived: boolean;
}

@InputType()
export class AccountMergeInput {
  @Field(() => ID, { description: "The account that stays." })
  survivorId: string;

  @Field(() => ID, { description: "The account merged into the survivor, then hidden everywhere." })
  mergedId: string;
}

@InputType({ description: "Narrows the accounts; every filter given must match." })
export class AccountFilter {
  @Field(() => String, { nullable: true, description: "Names starting with this (any case)." })
  name?: string | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => ID, { nullable: true, description: "Direct children of this account." })
  parentId?: string | null;

  @Field(() => String, { nullable: true, description: "Words (or beginnings of words) in the name or domain." })
  search?: string | null;

  @Field(() => Boolean, { defaultValue: false, description: "Archived accounts are left out unless this is true." })
  includeArchived?: boolean;
}

@ObjectType()
export class AccountPayload extends MutationPayload {
  @Field(() => Account, { nullable: true })
  account: Account | null = null;

  @Field(() => [DuplicateMatch], { description: "Probable duplicates of the account as written: a warning." })
  duplicates: DuplicateMatch[] = [];
}

@ObjectType()
export class AccountMergePayload extends MutationPayload {
  @Field(() => Account, { nullable: true, description: "The survivor, holding everything the merged account had." })
  account: Account | null = null;

  @Field(() => ID, { nullable: true, description: "The merged account's id, which no longer resolves." })
  mergedId: string | null = null;
}
