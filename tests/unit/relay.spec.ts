import { GraphQLError } from "graphql";
import { maskError } from "../../core/graphql/errors";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";

describe("global ids", () => {
  it("round-trip and stay opaque", () => {
    const id = toGlobalId("Contact", "42");
    expect(id).not.toContain("Contact");
    expect(fromGlobalId(id)).toEqual({ typeName: "Contact", rowId: "42" });
    expect(fromGlobalId(id, "Contact").rowId).toBe("42");
  });

  it.each(["", "abc", toGlobalId("Contact", "0"), toGlobalId("contact", "1"), Buffer.from("Contact:1:2").toString("base64url"), `${toGlobalId("Contact", "1")}=`])(
    "rejects %j as INVALID_ID",
    (id) => {
      expect(() => fromGlobalId(id)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: "INVALID_ID" }) }));
    },
  );

  it("rejects an id of another type when one is expected", () => {
    expect(() => fromGlobalId(toGlobalId("Account", "1"), "Contact")).toThrow("is not the id of a Contact");
  });
});

describe("maskError", () => {
  it("passes errors raised on purpose, without stack traces", () => {
    const formatted = new GraphQLError("no", { extensions: { code: "INVALID_CURSOR", stacktrace: ["at x"] } }).toJSON();
    expect(maskError(formatted)).toEqual({ message: "no", extensions: { code: "INVALID_CURSOR" } });
  });

  it("renames type-graphql's UNAUTHORIZED to FORBIDDEN", () => {
    expect(maskError({ message: "Access denied!", extensions: { code: "UNAUTHORIZED" } }).extensions?.code).toBe("FORBIDDEN");
  });

  it("hides everything about a fault", () => {
    const masked = maskError({ message: "ER_NO_SUCH_TABLE: secret_table", path: ["x"], extensions: { code: "INTERNAL_SERVER_ERROR", exception: {} } });
    expect(masked).toEqual({ message: "Internal server error", path: ["x"], locations: undefined, extensions: { code: "INTERNAL_SERVER_ERROR" } });
  });
});
