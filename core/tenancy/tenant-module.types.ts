import { IsBoolean, IsString, Length } from "class-validator";
import { Field, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";

@ObjectType({ description: "A module this deployment serves, and whether the tenant has it switched on." })
export class TenantModuleState {
  @Field(() => String)
  module: string;

  @Field(() => String)
  description: string;

  @Field(() => Boolean)
  enabled: boolean;

  /** Carried for subscription filtering; not a GraphQL field. */
  tenantId: string;
}

@InputType()
export class TenantModuleSwitchInput {
  @Field(() => String)
  @IsString()
  @Length(1, 16)
  module: string;

  @Field(() => Boolean)
  @IsBoolean()
  enabled: boolean;
}

@ObjectType()
export class TenantModuleSwitchPayload extends MutationPayload {
  @Field(() => TenantModuleState, { nullable: true })
  tenantModule: TenantModuleState | null = null;
}
