import { buildSchema, parse, type OperationDefinitionNode } from "graphql";
import { withInputDefaults } from "../../core/graphql/input-defaults";

const schema = buildSchema(`
  input Line { sku: String!, quantity: Int! = 1, note: String }
  input Order { lines: [Line!]!, rush: Boolean! = false, channel: String = "web" }
  type Query { price(order: Order!, plain: Int): Int }
`);

function operation(source: string): OperationDefinitionNode {
  return parse(source).definitions[0] as OperationDefinitionNode;
}

describe("withInputDefaults", () => {
  const query = operation("query ($order: Order!, $plain: Int) { price(order: $order, plain: $plain) }");

  it("fills omitted fields that have defaults, in nested objects and lists, and leaves the rest", () => {
    const variables = { order: { lines: [{ sku: "A" }, { sku: "B", quantity: 3, note: null }] }, plain: 2 };
    expect(withInputDefaults(schema, query, variables)).toEqual({
      order: { lines: [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 3, note: null }], rush: false, channel: "web" },
      plain: 2,
    });
    expect(variables.order).toEqual({ lines: [{ sku: "A" }, { sku: "B", quantity: 3, note: null }] });
  });

  it("returns the very same object when nothing was missing", () => {
    const variables = { order: { lines: [{ sku: "A", quantity: 2 }], rush: true, channel: null } };
    expect(withInputDefaults(schema, query, variables)).toBe(variables);
  });
});
