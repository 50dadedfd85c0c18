import {
  isInputObjectType,
  isListType,
  isNonNullType,
  typeFromAST,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from "graphql";

/**
 * The operation's variables with the defaults of omitted input-object fields filled in, as
 * graphql-js would coerce them. graphql-jit 0.8 reports an omitted non-null field as missing even
 * when the schema gives it a default (`rejectDuplicates: Boolean! = false`). Defaults are the
 * fields' internal values, the same as their external ones for this schema's scalars and
 * string enums.
 */
export function withInputDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode, variables: Record<string, unknown>): Record<string, unknown> {
  let result = variables;
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const type = typeFromAST(schema, definition.type) as GraphQLInputType | undefined;
    if (!type || variables[name] == null) continue;
    const filled = fill(type, variables[name]);
    if (filled !== variables[name]) result = { ...result, [name]: filled };
  }
  return result;
}

/** The value with defaults filled in, or the value itself when nothing was missing. */
function fill(type: GraphQLInputType, value: unknown): unknown {
  if (value == null) return value;
  if (isNonNullType(type)) return fill(type.ofType, value);
  if (isListType(type)) {
    if (!Array.isArray(value)) return fill(type.ofType, value);
    const items = value.map((item) => fill(type.ofType, item));
    return items.some((item, index) => item !== value[index]) ? items : value;
  }
  if (!isInputObjectType(type) || typeof value !== "object") return value;
  const given = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const field of Object.values(type.getFields())) {
    const current = given[field.name];
    const next = current === undefined ? field.defaultValue : fill(field.type, current);
    if (next !== current) {
      copy ??= { ...given };
      copy[field.name] = next;
    }
  }
  return copy ?? value;
}
