import { toGlobalId } from "../../core/graphql/relay/global-id";
import { ledgerModule } from "../harness/fixtures/ledger";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const AUDIT_LOG = `query AuditLog($filter: AuditLogFilter, $first: Int, $after: String, $last: Int, $before: String) {
  auditLog(filter: $filter, first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id actor operation action entityType recordId changes requestId createdAt } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;
const ENTRY_CREATE = `mutation($input: EntryCreateInput!) { entryCreate(input: $input) { entry { id } userErrors { code } } }`;
const ENTRY_UPDATE = `mutation($input: EntryUpdateInput!) { entryUpdate(input: $input) { entry { id } userErrors { code } } }`;
const ENTRY_DELETE = `mutation($input: EntryDeleteInput!) { entryDelete(input: $input) { deletedId userErrors { code } } }`;

interface AuditNode {
  id: string;
  actor: string | null;
  operation: string | null;
  action: "INSERT" | "UPDATE" | "DELETE";
  entityType: string;
  recordId: string | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  requestId: string | null;
  createdAt: string;
}

interface AuditLogPage {
  totalCount: number;
  edges: { cursor: string; node: AuditNode }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

interface AuditFilter {
  entityType?: string;
  recordId?: string;
  actor?: string;
  operation?: string;
  action?: AuditNode["action"];
  from?: string;
  to?: string;
}

describe("audit log", () => {
  let app: TestApp;
  const writer = tokenFor({ tenantId: "1", id: "5", permissions: ["ledger.write"] });
  const otherWriter = tokenFor({ tenantId: "1", id: "6", permissions: ["ledger.write"] });
  const admin = tokenFor({ tenantId: "1", id: "1", admin: true });
  const auditor = tokenFor({ tenantId: "1", id: "2", permissions: ["audit.read"] });
  const otherAdmin = tokenFor({ tenantId: "2", id: "1", admin: true });
  const otherTenantWriter = tokenFor({ tenantId: "2", id: "5", permissions: ["ledger.write"] });

  beforeAll(async () => {
    app = await TestApp.start({ modules: [ledgerModule] });
  });
  afterAll(() => app.stop());

  async function mutate<T>(token: string, document: string, input: object, requestId?: string): Promise<T> {
    const response = await app.client.as(token).request<T, object>(document, { input }, requestId ? { "x-request-id": requestId } : {});
    if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
    return response.data;
  }

  async function createEntry(token: string, input: object, requestId?: string): Promise<string> {
    const { entryCreate } = await mutate<{ entryCreate: { entry: { id: string } } }>(token, ENTRY_CREATE, input, requestId);
    return entryCreate.entry.id;
  }

  function page(client: GraphQLClient, variables: { filter?: AuditFilter; first?: number; after?: string | null; last?: number; before?: string | null }) {
    return client.data<{ auditLog: AuditLogPage }, object>(AUDIT_LOG, variables).then((data) => data.auditLog);
  }

  /** Every entry matching the filter, newest first, walking all pages. */
  async function entries(filter: AuditFilter, token = admin): Promise<AuditNode[]> {
    const all: AuditNode[] = [];
    let after: string | null = null;
    let current: AuditLogPage;
    do {
      current = await page(app.client.as(token), { filter, first: 100, after });
      all.push(...current.edges.map((edge) => edge.node));
      after = current.pageInfo.endCursor;
    } while (current.pageInfo.hasNextPage);
    return all;
  }

  async function auditRowCount(): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM audit_entry");
    return Number(n);
  }

  describe("recording", () => {
    it("records an insert once, with actor, operation, request id and redacted secrets", async () => {
      const id = await createEntry(writer, { amount: 10, memo: "rent", iban: "DE89370400440532013000", secret: "s3cret" }, "req-audit-insert");

      expect(await entries({ recordId: id })).toEqual([
        {
          id: expect.any(String),
          actor: "staff:5",
          operation: "entryCreate",
          action: "INSERT",
          entityType: "Entry",
          recordId: id,
          changes: {
            amount: { before: null, after: 10 },
            memo: { before: null, after: "rent" },
            iban: { before: null, after: "[redacted]" },
            secretHash: { before: null, after: "[redacted]" },
          },
          requestId: "req-audit-insert",
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        },
      ]);
      const [{ secret_hash: hash }] = await app.query<{ secret_hash: string }>("SELECT secret_hash FROM entry WHERE memo = 'rent'");
      const stored = await app.query<{ changes: string }>("SELECT changes FROM audit_entry WHERE changes LIKE ? OR changes LIKE ?", [
        `%${hash}%`,
        "%DE89370400440532013000%",
      ]);
      expect(stored).toEqual([]);
    });

    it("skips entities that opt out with `static audited = false`", async () => {
      const id = await createEntry(writer, { amount: 1, memo: "tally" });
      expect(await entries({ recordId: id })).toHaveLength(1);
      expect(await app.query("SELECT entries FROM ledger_tally WHERE tenant_id = 1")).not.toEqual([]);
      expect(await app.query("SELECT id FROM audit_entry WHERE entity_type = 'LedgerTally'")).toEqual([]);
    });

    it("records an update of two fields once, with only those fields' before and after", async () => {
      const id = await createEntry(writer, { amount: 10, memo: "rent" });
      await mutate(writer, ENTRY_UPDATE, { id, amount: 25, memo: "rent (march)" }, "req-audit-update");

      expect(await entries({ recordId: id, action: "UPDATE" })).toEqual([
        expect.objectContaining({
          actor: "staff:5",
          operation: "entryUpdate",
          requestId: "req-audit-update",
          changes: { amount: { before: 10, after: 25 }, memo: { before: "rent", after: "rent (march)" } },
        }),
      ]);
    });

    it("records nothing for an update that changes nothing, and a changed secret as redacted", async () => {
      const id = await createEntry(writer, { amount: 10, memo: "rent", secret: "old" });
      await mutate(writer, ENTRY_UPDATE, { id, amount: 10, memo: "rent" });
      expect(await entries({ recordId: id, action: "UPDATE" })).toEqual([]);

      await mutate(writer, ENTRY_UPDATE, { id, secret: "new" });
      const [update] = await entries({ recordId: id, action: "UPDATE" });
      expect(update?.changes).toEqual({ secretHash: { before: "[redacted]", after: "[redacted]" } });
    });

    it("records a delete once, with the values the record had", async () => {
      const id = await createEntry(writer, { amount: 7, memo: "refund", secret: "x" });
      await mutate(writer, ENTRY_DELETE, { id }, "req-audit-delete");

      const log = await entries({ recordId: id });
      expect(log.map((entry) => entry.action)).toEqual(["DELETE", "INSERT"]);
      expect(log[0]).toMatchObject({
        actor: "staff:5",
        operation: "entryDelete",
        entityType: "Entry",
        recordId: id,
        requestId: "req-audit-delete",
        changes: { amount: { before: 7, after: null }, memo: { before: "refund", after: null }, secretHash: { before: "[redacted]", after: null } },
      });
    });

    it("leaves no entry when the mutation fails and rolls back", async () => {
      const before = await auditRowCount();
      const response = await app.client.as(writer).request(ENTRY_CREATE, { input: { amount: 1, memo: "doomed", failAfterWrite: true } });
      expect(response.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
      expect(await app.query("SELECT id FROM entry WHERE memo = 'doomed'")).toEqual([]);
      expect(await auditRowCount()).toBe(before);

      await createEntry(writer, { amount: 1, memo: "survives" });
      expect(await auditRowCount()).toBe(before + 1);
    });
  });

  describe("auditLog", () => {
    let record: string;
    let theirs: string;
    let otherTenantRecord: string;

    beforeAll(async () => {
      record = await createEntry(writer, { amount: 100, memo: "invoice" });
      await mutate(writer, ENTRY_UPDATE, { id: record, amount: 120 });
      await mutate(writer, ENTRY_DELETE, { id: record });
      theirs = await createEntry(otherWriter, { amount: 5, memo: "coffee" });
      otherTenantRecord = await createEntry(otherTenantWriter, { amount: 9, memo: "elsewhere" });
    });

    it("filters by record, newest first, and exposes the record's global id", async () => {
      const log = await entries({ recordId: record });
      expect(log.map((entry) => [entry.action, entry.recordId])).toEqual([
        ["DELETE", record],
        ["UPDATE", record],
        ["INSERT", record],
      ]);
      expect(await entries({ recordId: toGlobalId("Tenant", "1") })).toEqual([]);
      const malformed = await app.client.as(admin).request(AUDIT_LOG, { filter: { recordId: "garbage" } });
      expect(malformed.errors?.[0]?.extensions?.code).toBe("INVALID_ID");
    });

    it("filters by actor, action, operation and entity type", async () => {
      expect((await entries({ actor: "staff:6" })).map((entry) => entry.recordId)).toEqual([theirs]);
      const deletes = await entries({ action: "DELETE" });
      expect(deletes.length).toBeGreaterThan(0);
      expect(deletes.every((entry) => entry.action === "DELETE" && entry.operation === "entryDelete")).toBe(true);
      expect(deletes.map((entry) => entry.recordId)).toContain(record);
      expect(await entries({ operation: "entryUpdate", recordId: record })).toHaveLength(1);
      expect(await entries({ entityType: "LedgerTally" })).toEqual([]);
      expect((await entries({ entityType: "Entry", actor: "staff:6" })).map((entry) => entry.recordId)).toEqual([theirs]);
    });

    it("filters by a time range: from inclusive, to exclusive", async () => {
      const [deleted, updated, inserted] = await entries({ recordId: record });
      const window = await entries({ recordId: record, from: updated!.createdAt, to: deleted!.createdAt });
      const expected = [deleted!, updated!, inserted!].filter((entry) => entry.createdAt >= updated!.createdAt && entry.createdAt < deleted!.createdAt);
      expect(window.map((entry) => entry.id)).toEqual(expected.map((entry) => entry.id));
      expect(window.map((entry) => entry.id)).toContain(updated!.id);
      expect(await entries({ recordId: record, from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    });

    it("shows another tenant's admin only that tenant's entries", async () => {
      const visible = await entries({}, otherAdmin);
      expect(visible.map((entry) => entry.recordId)).toEqual([otherTenantRecord]);
      expect(await entries({ recordId: record }, otherAdmin)).toEqual([]);
    });

    it("needs audit.read, and a sign-in", async () => {
      const forbidden = await app.client.as(writer).request(AUDIT_LOG, {});
      expect(forbidden.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(forbidden.data).toBeNull();
      const anonymous = await app.client.request(AUDIT_LOG, {});
      expect(anonymous.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      expect(await entries({ recordId: record }, auditor)).toHaveLength(3);
    });

    it("resolves entries through node(id:) for readers of the log only", async () => {
      const [latest] = await entries({ recordId: record });
      const query = `query($id: ID!) { node(id: $id) { __typename ... on AuditEntry { action recordId } } }`;
      const { node } = await app.client.as(auditor).data<{ node: unknown }, object>(query, { id: latest!.id });
      expect(node).toEqual({ __typename: "AuditEntry", action: "DELETE", recordId: record });
      expect((await app.client.as(writer).data<{ node: unknown }, object>(query, { id: latest!.id })).node).toBeNull();
      expect((await app.client.as(otherAdmin).data<{ node: unknown }, object>(query, { id: latest!.id })).node).toBeNull();
    });

    it("pages through more than one page with keyset cursors, both ways", async () => {
      const bulk = tokenFor({ tenantId: "1", id: "9", permissions: ["ledger.write"] });
      for (let i = 1; i <= 5; i++) await createEntry(bulk, { amount: i, memo: `bulk ${i}` });
      const client = app.client.as(admin);
      const filter = { actor: "staff:9" };

      const seen: AuditNode[] = [];
      let after: string | null = null;
      let current: AuditLogPage;
      let pages = 0;
      do {
        current = await page(client, { filter, first: 2, after });
        seen.push(...current.edges.map((edge) => edge.node));
        after = current.pageInfo.endCursor;
        pages++;
      } while (current.pageInfo.hasNextPage);
      expect(pages).toBe(3);
      expect(current.totalCount).toBe(5);
      expect(new Set(seen.map((entry) => entry.id)).size).toBe(5);
      expect(seen.map((entry) => entry.changes.memo?.after)).toEqual(["bulk 5", "bulk 4", "bulk 3", "bulk 2", "bulk 1"]);

      const back = await page(client, { filter, last: 2, before: current.edges[0]!.cursor });
      expect(back.edges.map((edge) => edge.node.id)).toEqual([seen[2]!.id, seen[3]!.id]);
      expect(back.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: true });
    });
  });
});
