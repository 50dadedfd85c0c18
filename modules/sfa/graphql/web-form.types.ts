import { ArrayMaxSize, IsInt, IsOptional, Length, Matches, Max, Min, ValidateNested } from "class-validator";
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { LeadFormField, WebForm } from "../entities/web-form.entity";

/** Names a page may post: letters, digits, `_`, `-`, `.`, `[` and `]` (PHP-style names). */
const FORM_FIELD_NAME = /^[A-Za-z0-9_.\-[\]]{1,64}$/;

@InputType()
export class WebFormFieldMappingInput {
  @Field(() => String)
  @Matches(FORM_FIELD_NAME, { message: "formField must be 1-64 letters, digits, '_', '-', '.', '[' or ']'" })
  formField: string;

  @Field(() => LeadFormField)
  leadField: LeadFormField;
}

/** What create and update share; on update a field left out stays. */
@InputType()
abstract class WebFormFields {
  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => [String], { nullable: true, description: "Origins allowed to post from a browser, e.g. https://www.example.com. None: only server-side posts (without an Origin header)." })
  @IsOptional()
  @ArrayMaxSize(20)
  allowedOrigins?: string[] | null;

  @Field(() => [WebFormFieldMappingInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  fieldMapping?: WebFormFieldMappingInput[] | null;

  @Field(() => String, { nullable: true, description: "Name of the hidden trap field; `fax` by default." })
  @IsOptional()
  @Matches(FORM_FIELD_NAME, { message: "honeypotField must be 1-64 letters, digits, '_', '-', '.', '[' or ']'" })
  honeypotField?: string | null;

  @Field(() => Int, { nullable: true, description: "Seconds between handing out a token and accepting it; 3 by default." })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(3_600)
  minFillSeconds?: number | null;

  @Field(() => Int, { nullable: true, description: "Submissions per client address per hour; 20 by default." })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  rateLimitPerHour?: number | null;
}

@InputType()
export class WebFormCreateInput extends WebFormFields {
  @Field(() => String)
  @Length(1, 120)
  name: string;
}

@InputType()
export class WebFormUpdateInput extends WebFormFields {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 120)
  name?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Gives the form a new key (and signing secret): pages with the old one stop working." })
  regenerateKey?: boolean | null;
}

@ObjectType()
export class WebFormPayload extends MutationPayload {
  @Field(() => WebForm, { nullable: true })
  webForm: WebForm | null = null;
}
