import { ArrayMaxSize, IsEmail, IsOptional, Length } from "class-validator";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { Connection } from "../graphql/relay/connection";
import { ApiClient, RecordVisibility, Role, Team, User, UserStatus } from "./identity.entities";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password";

export const UserConnection = Connection(User, "User");

@ObjectType({ description: "A permission that roles and API keys can grant." })
export class Permission {
  @Field(() => String)
  key: string;

  @Field(() => String)
  description: string;

  @Field(() => String, { description: "`core` or the module that declares it." })
  module: string;
}

@InputType()
export class UserCreateInput {
  @Field(() => String)
  @IsEmail()
  email: string;

  @Field(() => String)
  @Length(1, 200)
  name: string;

  @Field(() => String, { description: "An initial password the user should change." })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  password: string;

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(50)
  roleIds: string[];

  @Field(() => [ID], { defaultValue: [] })
  @ArrayMaxSize(50)
  teamIds: string[];
}

@InputType()
export class UserUpdateInput {
  @Field(() => ID)
  id: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @Length(1, 200)
  name?: string | null;

  @Field(() => UserStatus, { nullable: true, description: "DISABLED signs the user out everywhere." })
  status?: UserStatus | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the user's roles; their tokens are renewed on next refresh." })
  @IsOptional()
  @ArrayMaxSize(50)
  roleIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: "Replaces the user's teams." })
  @IsOptional()
  @ArrayMaxSize(50)
  teamIds?: string[] | null;
}

@ObjectType()
export class UserPayload extends MutationPayload {
  @Field(() => User, { nullable: true })
  user: User | null = null;
}

@InputType()
export class RoleInput {
  @Field(() => ID, { nullable: true, description: "Set to change an existing role; omit to create one." })
  id?: string | null;

  @Field(() => String)
  @Length(1, 120)
  name: string;

  @Field(() => [String])
  @ArrayMaxSize(500)
  permissions: string[];

  @Field(() => RecordVisibility)
  visibility: RecordVisibility;
}

@ObjectType()
export class RolePayload extends MutationPayload {
  @Field(() => Role, { nullable: true })
  role: Role | null = null;
}

@InputType()
export class TeamCreateInput {
  @Field(() => String)
  @Length(1, 120)
  name: string;
}

@ObjectType()
export class TeamPayload extends MutationPayload {
  @Field(() => Team, { nullable: true })
  team: Team | null = null;
}

@InputType()
export class ApiClientCreateInput {
  @Field(() => String)
  @Length(1, 120)
  name: string;

  @Field(() => [String], { description: "Permissions the key grants; a subset of what exists." })
  @ArrayMaxSize(500)
  scopes: string[];

  @Field(() => Date, { nullable: true })
  expiresAt?: Date | null;
}

@ObjectType()
export class ApiClientCreatePayload extends MutationPayload {
  @Field(() => ApiClient, { nullable: true })
  apiClient: ApiClient | null = null;

  @Field(() => String, { nullable: true, description: "The key itself. Shown only here, once; store it now." })
  key: string | null = null;
}

@InputType()
export class ApiClientRevokeInput {
  @Field(() => ID)
  id: string;
}

@ObjectType()
export class ApiClientPayload extends MutationPayload {
  @Field(() => ApiClient, { nullable: true })
  apiClient: ApiClient | null = null;
}
