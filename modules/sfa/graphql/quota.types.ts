import { GraphQLLocalDate } from "graphql-scalars";
import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../../../core/graphql/payload";
import { Connection } from "../../../core/graphql/relay/connection";
import { MoneyInput } from "../../../core/money/money";
import { Quota } from "../entities/quota.entity";
import { PERIOD_FORMAT } from "../services/forecast-input";

export const QuotaConnection = Connection(Quota, "Quota");

@InputType({ description: "A quota for one user or one team (exactly one of the two), over a period or from..to." })
export class QuotaSetInput {
  @Field(() => ID, { nullable: true })
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: `A calendar period: ${PERIOD_FORMAT}. Or give \`from\` and \`to\`.` })
  period?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "First day counted." })
  from?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "The day after the last day counted (excluded)." })
  to?: string | null;

  @Field(() => MoneyInput, { description: "The target, in minor units; 0 or more." })
  amount: MoneyInput;
}

@InputType()
export class QuotaRemoveInput {
  @Field(() => ID)
  id: string;
}

@InputType({ description: "Narrows the quotas; every filter given must match." })
export class QuotaFilter {
  @Field(() => ID, { nullable: true })
  userId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "Quotas whose period ends after this day." })
  from?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: "Quotas whose period starts before this day." })
  to?: string | null;
}

@ObjectType()
export class QuotaPayload extends MutationPayload {
  @Field(() => Quota, { nullable: true })
  quota: Quota | null = null;
}

@ObjectType()
export class QuotaRemovePayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  removedId: string | null = null;
}
