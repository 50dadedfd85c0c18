import { IsNotEmpty, IsString, Length, MaxLength } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { User } from "./identity.entities";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password";

@InputType()
export class AuthLoginInput {
  @Field(() => String, { description: "The tenant's slug." })
  @IsNotEmpty()
  @MaxLength(63)
  tenant: string;

  @Field(() => String)
  @IsNotEmpty()
  @MaxLength(254)
  email: string;

  @Field(() => String)
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password: string;
}

@InputType()
export class AuthRefreshInput {
  @Field(() => String)
  @IsString()
  @IsNotEmpty()
  refreshToken: string;
}

@InputType()
export class AuthPasswordChangeInput {
  @Field(() => String)
  @IsNotEmpty()
  currentPassword: string;

  @Field(() => String, { description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @Length(PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH)
  newPassword: string;
}

@ObjectType({ description: "A signed-in session. Send the access token as `Authorization: Bearer …`." })
export class AuthSession {
  @Field(() => String)
  accessToken: string;

  @Field(() => Date)
  accessTokenExpiresAt: Date;

  @Field(() => String, { description: "Single use: authRefresh returns a new one." })
  refreshToken: string;

  @Field(() => Date)
  refreshTokenExpiresAt: Date;

  @Field(() => User)
  user: User;
}

@ObjectType()
export class AuthPayload extends MutationPayload {
  @Field(() => AuthSession, { nullable: true })
  session: AuthSession | null = null;
}

@ObjectType()
export class AuthLogoutPayload extends MutationPayload {}
