import { TenantModulesDocument } from "../../schema/generated/graphql";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import { notesModule } from "../harness/fixtures/notes";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const NOTES = `query Notes($first: Int, $after: String, $last: Int, $before: String) {
  notes(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id body } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const CREATE = `mutation Create($input: NoteCreateInput!) {
  noteCreate(input: $input) { note { id body } userErrors { field message code } }
}`;

interface NotesPage {
  notes: {
    totalCount: number;
    edges: { cursor: string; node: { id: string; body: string } }[];
    pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  };
}

describe("GraphQL conventions over HTTP", () => {
  let app: TestApp;
  const writer = tokenFor({ tenantId: "1", permissions: ["notes.write"] });
  const otherTenant = tokenFor({ tenantId: "2", permissions: ["notes.write"] });

  beforeAll(async () => {
    app = await TestApp.start({ modules: [notesModule] });
    for (let i = 1; i <= 7; i++) await app.client.as(writer).data(CREATE, { input: { body: `note ${i}` } });
    await app.client.as(otherTenant).data(CREATE, { input: { body: "someone else's" } });
  });
  afterAll(() => app.stop());

  describe("keyset connections", () => {
    it("walks forward and backward through every item exactly once, newest first", async () => {
      const client = app.client.as(writer);
      const seen: string[] = [];
      let after: string | null = null;
      let page: NotesPage["notes"];
      do {
        page = (await client.data<NotesPage, object>(NOTES, { first: 3, after })).notes;
        seen.push(...page.edges.map((e) => e.node.body));
        after = page.pageInfo.endCursor;
      } while (page.pageInfo.hasNextPage);
      expect(seen).toEqual(["note 7", "note 6", "note 5", "note 4", "note 3", "note 2", "note 1"]);
      expect(page.totalCount).toBe(7);

      const back = (await client.data<NotesPage, object>(NOTES, { last: 2, before: page.edges[0]!.cursor })).notes;
      expect(back.edges.map((e) => e.node.body)).toEqual(["note 3", "note 2"]);
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    });

    it.each([
      [{ first: 0 }, "INVALID_PAGINATION"],
      [{ first: 101 }, "INVALID_PAGINATION"],
      [{ last: -1 }, "INVALID_PAGINATION"],
      [{ first: 2, last: 2 }, "INVALID_PAGINATION"],
      [{ first: 2, after: "not-a-cursor" }, "INVALID_CURSOR"],
      [{ first: 2, after: Buffer.from('["x"]').toString("base64url") }, "INVALID_CURSOR"],
    ])("rejects %j with %s", async (variables, code) => {
      const response = await app.client.as(writer).request(NOTES, variables);
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(response.data).toBeNull();
    });
  });

  describe("node and nodes", () => {
    it("fetches the caller's objects by global id and hides other tenants'", async () => {
      const mine = (await app.client.as(writer).data<NotesPage, object>(NOTES, { first: 1 })).notes.edges[0]!.node;
      const theirs = (await app.client.as(otherTenant).data<NotesPage, object>(NOTES, { first: 1 })).notes.edges[0]!.node;
      const query = `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Note { body } } }`;
      const { nodes } = await app.client.as(writer).data<{ nodes: ({ id: string; body: string } | null)[] }, object>(query, {
        ids: [mine.id, theirs.id, toGlobalId("Note", "999999"), toGlobalId("Unknown", "1")],
      });
      expect(nodes).toEqual([{ __typename: "Note", id: mine.id, body: mine.body }, null, null, null]);
    });

    it.each(["garbage", toGlobalId("Note", "1").slice(0, -2), Buffer.from("Note:abc").toString("base64url")])(
      "rejects the malformed id %s with INVALID_ID",
      async (id) => {
        const response = await app.client.as(writer).request(`query($id: ID!) { node(id: $id) { id } }`, { id });
        expect(response.errors?.[0]?.extensions?.code).toBe("INVALID_ID");
      },
    );
  });

  describe("mutations", () => {
    it("returns validation failures as userErrors and writes nothing", async () => {
      const before = await app.query("SELECT COUNT(*) AS n FROM note");
      const { noteCreate } = await app.client.as(writer).data<{ noteCreate: { note: null; userErrors: unknown[] } }, object>(CREATE, {
        input: { body: "" },
      });
      expect(noteCreate.note).toBeNull();
      expect(noteCreate.userErrors).toEqual([{ field: ["input", "body"], code: "INVALID", message: expect.stringContaining("body") }]);
      expect(await app.query("SELECT COUNT(*) AS n FROM note")).toEqual(before);
    });

    it("answers a missing permission with FORBIDDEN", async () => {
      const response = await app.client.as(tokenFor({ tenantId: "1" })).request(CREATE, { input: { body: "x" } });
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("bad requests get a stable code, never a stack trace", () => {
    it.each([
      ["a malformed query", JSON.stringify({ query: "{ notes(" }), "GRAPHQL_PARSE_FAILED", 400],
      ["an unknown field", JSON.stringify({ query: "{ notes { nope } }" }), "GRAPHQL_VALIDATION_FAILED", 400],
      ["a variable of the wrong type", JSON.stringify({ query: NOTES, variables: { first: "ten" } }), "BAD_USER_INPUT", 400],
      ["malformed JSON", "{not json", "BAD_REQUEST", 400],
    ])("%s", async (_label, body, code, status) => {
      const response = await app.client.as(writer).raw(body);
      expect(response.status).toBe(status);
      expect(response.errors?.[0]?.extensions?.code).toBe(code);
      expect(JSON.stringify(response)).not.toMatch(/at .+\.(ts|js):\d+/);
    });

    it("asks anonymous callers to authenticate", async () => {
      const response = await app.client.request(TenantModulesDocument);
      expect(response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });

    it("masks an internal failure, logs it, and gives the client the request id", async () => {
      const response = await app.client
        .as(writer)
        .request(CREATE, { input: { body: "boom", failAfterWrite: true } }, { "x-request-id": "req-test-12345" });
      expect(response.errors).toEqual([
        expect.objectContaining({
          message: "Internal server error",
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "req-test-12345" },
        }),
      ]);
      expect(JSON.stringify(response)).not.toContain("10.0.0.7");
      expect(response.headers.get("x-request-id")).toBe("req-test-12345");
      expect(await app.query("SELECT id FROM note WHERE body = 'boom'")).toEqual([]);
      expect(await app.query("SELECT id FROM outbox_event WHERE payload LIKE '%boom%'")).toEqual([]);
    });
  });
});
