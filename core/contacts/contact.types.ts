import { ArrayMaxSize, IsISO31661Alpha2, IsOptional, Length, MaxLength, ValidateNested } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { Account } from "../accounts/account.entity";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { OwnedRecordFields } from "./owned-record.input";
import { ContactPoint, ContactPointKind } from "./contact-point.entity";
import { Contact } from "./contact.entity";
import { DuplicateMatch } from "./duplicates.service";

export const ContactConnection = Connection(Contact, "Contact");

/** The most contact points, and the most account links, a contact has: lists that are never paged stay short. */
export const MAX_ITEMS = 50;

/** The optional details of a contact point, shared by add and update. */
@InputType()
abstract class ContactPointDetails {
  @Field(() => String, { nullable: true, description: "work, home, mobile…" })
  @IsOptional()
  @Length(1, 60)
  label?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Makes it the primary of its kind; the first of a kind always is." })
  isPrimary?: boolean | null;

  @Field(() => String, { nullable: true, description: "For MESSENGER: whatsapp, telegram, signal, wechat…" })
  @IsOptional()
  @Length(1, 32)
  service?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  street?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  city?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 100)
  region?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 20)
  postalCode?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "ISO 3166-1 alpha-2. For phone numbers without a +country code, the country to read them in (default: the contact's primary account's).",
  })
  @IsOptional()
  @IsISO31661Alpha2()
  country?: string | null;
}

@InputType({ description: "A way to reach a contact." })
export class ContactPointInput extends ContactPointDetails {
  @Field(() => ContactPointKind)
  kind: ContactPointKind;

  @Field(() => String, { description: "As entered; for ADDRESS and POSTAL the address on one line." })
  @Length(1, 500)
  value: string;
}

@InputType()
export class ContactPointAddInput extends ContactPointInput {
  @Field(() => ID)
  contactId: string;
}

@InputType({ description: "Changes a contact point; its kind cannot change (remove it and add another)." })
export class ContactPointUpdateInput extends ContactPointDetails {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 500)
  value?: string | null;
}

@InputType()
export class ContactPointRemoveInput {
  @Field(() => ID)
  id: string;
}

@InputType({ description: "A contact's link to an account." })
export class ContactAccountInput {
  @Field(() => ID)
  accountId: string;

  @Field(() => String, { nullable: true, description: "What the person does there, e.g. Buyer or CTO." })
  @IsOptional()
  @Length(1, 120)
  role?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Makes it the contact's primary account; the first link always is." })
  isPrimary?: boolean | null;
}

@InputType()
export class ContactLinkAccountInput extends ContactAccountInput {
  @Field(() => ID)
  contactId: string;
}

@InputType()
export class ContactUnlinkAccountInput {
  @Field(() => ID)
  contactId: string;

  @Field(() => ID)
  accountId: string;
}

/** Fields of a contact that create and update share; on update, null clears a field and an absent one stays. */
@InputType()
abstract class ContactFields extends OwnedRecordFields {
  @Field(() => String, { nullable: true, description: "Job title." })
  @IsOptional()
  @Length(1, 120)
  title?: string | null;

  @Field(() => String, { nullable: true, description: "IANA time zone, e.g. Europe/Paris." })
  @IsOptional()
  @Length(1, 64)
  timeZone?: string | null;

  @Field(() => String, { nullable: true, description: "BCP 47 language tag, e.g. fr-CA." })
  @IsOptional()
  @Length(2, 35)
  language?: string | null;
}

@InputType()
export class ContactCreateInput extends ContactFields {
  @Field(() => String, { nullable: true, description: "May be left out for people known by one name." })
  @IsOptional()
  @MaxLength(100)
  firstName?: string | null;

  @Field(() => String)
  @MaxLength(100)
  lastName: string;

  @Field(() => [ContactPointInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  contactPoints?: ContactPointInput[] | null;

  @Field(() => [ContactAccountInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(MAX_ITEMS)
  @ValidateNested({ each: true })
  accounts?: ContactAccountInput[] | null;
}

/** A contact update without the contact's id: what ContactsService.updateContact takes. */
@InputType()
export abstract class ContactChanges extends ContactFields {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  firstName?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @MaxLength(100)
  lastName?: string | null;
}

@InputType()
export class ContactUpdateInput extends ContactChanges {
  @Field(() => ID)
  id: string;
}

@InputType()
export class ContactMergeInput {
  @Field(() => ID, { description: "The contact that stays." })
  survivorId: string;

  @Field(() => ID, { description: "The contact merged into the survivor, then hidden everywhere." })
  mergedId: string;
}

@InputType({ description: "Narrows the contacts; every filter given must match." })
export class ContactFilter {
  @Field(() => String, { nullable: true, description: "First name, last name or full name starting with this." })
  name?: string | null;

  @Field(() => String, { nullable: true, description: "Any of the contact's email addresses, in any case." })
  email?: string | null;

  @Field(() => String, { nullable: true, description: "Any of the contact's phone numbers, with its +country code." })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  tag?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: "Contacts linked to this account." })
  accountId?: string | null;

  @Field(() => String, { nullable: true, description: "Words (or beginnings of words) in the name or primary email." })
  search?: string | null;
}

@ObjectType({ description: "A contact's link to an account." })
export class ContactAccountLink {
  @Field(() => Account)
  account: Account;

  @Field(() => String, { nullable: true })
  role: string | null;

  @Field(() => Boolean, { description: "The contact's primary account; phone numbers without a country code are read in its country." })
  isPrimary: boolean;
}

@ObjectType()
abstract class ContactWritePayload extends MutationPayload {
  @Field(() => Contact, { nullable: true })
  contact: Contact | null = null;

  @Field(() => [DuplicateMatch], { description: "Probable duplicates of the contact as written: a warning." })
  duplicates: DuplicateMatch[] = [];
}

@ObjectType()
export class ContactPayload extends ContactWritePayload {}

@ObjectType()
export class ContactPointPayload extends ContactWritePayload {
  @Field(() => ContactPoint, { nullable: true })
  contactPoint: ContactPoint | null = null;
}

@ObjectType()
export class ContactPointRemovePayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  removedId: string | null = null;

  @Field(() => Contact, { nullable: true, description: "The contact, with the next point of the kind promoted if the primary went." })
  contact: Contact | null = null;
}

@ObjectType()
export class ContactMergePayload extends MutationPayload {
  @Field(() => Contact, { nullable: true, description: "The survivor, holding everything the merged contact had." })
  contact: Contact | null = null;

  @Field(() => ID, { nullable: true, description: "The merged contact's id, which no longer resolves." })
  mergedId: string | null = null;
}
