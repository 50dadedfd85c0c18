import { validate, type ValidationError } from "class-validator";
import { Field, ObjectType } from "type-graphql";

/** Codes shared by every mutation; a module may add its own, documented next to its mutation. */
export const UserErrorCode = {
  INVALID: "INVALID",
  REQUIRED: "REQUIRED",
  NOT_FOUND: "NOT_FOUND",
  TAKEN: "TAKEN",
  CONFLICT: "CONFLICT",
  FORBIDDEN: "FORBIDDEN",
} as const;

/** An expected failure of a mutation, returned in its payload rather than as a GraphQL error. */
@ObjectType({ description: "Why a mutation did not do what was asked. Nothing was written." })
export class UserError {
  @Field(() => [String], { nullable: true, description: "Path to the input field at fault, e.g. [\"input\", \"email\"]." })
  field: string[] | null;

  @Field(() => String)
  message: string;

  @Field(() => String, { description: "Stable machine-readable code, e.g. INVALID, NOT_FOUND, TAKEN." })
  code: string;
}

export function userError(field: string[] | null, code: string, message: string): UserError {
  return Object.assign(new UserError(), { field, code, message });
}

/**
 * Base of every mutation payload: the record (declared by the subclass) and what went wrong.
 * Never reached by a resolver itself, so it stays out of the schema; subclasses inherit its field.
 */
@ObjectType()
export abstract class MutationPayload {
  @Field(() => [UserError])
  userErrors: UserError[] = [];
}

/** Runs class-validator on an input object and reports each failure under `input.<path>`. */
export async function validateInput(input: object): Promise<UserError[]> {
  const flatten = (errors: ValidationError[], path: string[]): UserError[] =>
    errors.flatMap((error) => [
      ...Object.entries(error.constraints ?? {}).map(([rule, message]) =>
        userError([...path, error.property], rule === "isNotEmpty" || rule === "isDefined" ? UserErrorCode.REQUIRED : UserErrorCode.INVALID, message),
      ),
      ...flatten(error.children ?? [], [...path, error.property]),
    ]);
  return flatten(await validate(input, { forbidUnknownValues: false }), ["input"]);
}
