import { IsEmail, Length, Matches, ValidateNested } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { User } from "../identity/identity.entities";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "../identity/password";
import { MutationPayload } from "../graphql/payload";
import { Tenant } from "./tenant.entity";

@InputType()
export class TenantAdminInput {
  @Field(() => String)
  @IsEmail()
  email: string;

  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String)
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;
}

@InputType()
export class TenantCreateInput {
  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: "Lower-case letters, digits and dashes; users sign in with it." })
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, { message: "slug must be lower-case letters, digits and inner dashes (1-63)" })
  slug: string;

  @Field(() => TenantAdminInput)
  @ValidateNested()
  admin: TenantAdminInput;
}

@ObjectType()
export class TenantCreatePayload extends MutationPayload {
  @Field(() => Tenant, { nullable: true })
  tenant: Tenant | null = null;

  @Field(() => User, { nullable: true })
  admin: User | null = null;
}
