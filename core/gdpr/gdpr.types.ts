import { Field, ID, InputType, ObjectType } from "type-graphql";
import { MutationPayload } from "../graphql/payload";
import { GdprRequest } from "./gdpr-request.entity";

@InputType()
export class GdprRequestInput {
  @Field(() => ID, { description: "The person's Contact id." })
  contactId: string;
}

@ObjectType()
export class GdprRequestPayload extends MutationPayload {
  @Field(() => GdprRequest, { nullable: true, description: "Processed in the background; follow it with `gdprRequest(id:)`." })
  gdprRequest: GdprRequest | null = null;
}
