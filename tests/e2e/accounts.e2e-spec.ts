import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import {
  AccountArchiveDocument,
  AccountCreateDocument,
  AccountNodeDocument,
  AccountTreeDocument,
  AccountUpdateDocument,
  AccountsDocument,
  NodeDocument,
  TeamCreateDocument,
  UserCreateDocument,
  type AccountCreateInput,
  type AccountFilter,
} from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const ACCOUNTS = ["accounts.read", "accounts.write", "contacts.read"];

describe("accounts", () => {
  let app: TestApp;
  let writer: GraphQLClient;
  let other: GraphQLClient;
  let ownerId: string;
  let colleagueId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    const admin = app.client.as(tokenFor({ tenantId: "1", admin: true }));
    const users = await Promise.all(
      ["owner", "colleague"].map((name) =>
        admin.data(UserCreateDocument, { input: { email: `${name}@one.example`, name, password: "long enough password", roleIds: [], teamIds: [] } }),
      ),
    );
    [ownerId, colleagueId] = users.map(({ userCreate }) => userCreate.user!.id) as [string, string];
    writer = app.client.as(tokenFor({ tenantId: "1", id: fromGlobalId(ownerId).rowId, permissions: ACCOUNTS }));
    other = app.client.as(tokenFor({ tenantId: "2", id: "1", permissions: ACCOUNTS }));
  });
  afterAll(() => app.stop());

  async function create(client: GraphQLClient, input: AccountCreateInput) {
    return (await client.data(AccountCreateDocument, { input })).accountCreate;
  }

  async function created(client: GraphQLClient, input: AccountCreateInput) {
    const result = await create(client, input);
    expect(result.userErrors).toEqual([]);
    return result.account!;
  }

  async function names(client: GraphQLClient, filter: AccountFilter): Promise<string[]> {
    return (await client.data(AccountsDocument, { filter, first: 100 })).accounts.nodes.map((account) => account.name);
  }

  async function count(sql: string, parameters: unknown[] = []): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${sql}`, parameters);
    return Number(n);
  }

  it("creates an account with normalised fields, owned by the caller, and announces it", async () => {
    const { accountCreate } = await writer.data(AccountCreateDocument, {
      input: {
        name: "  Initech, Inc. ",
        domain: "https://www.Initech.com/about",
        industry: "Software",
        employeeCount: 120,
        region: "EMEA",
        country: "fr",
        externalId: "crm-1",
        tags: [" vip ", "VIP", "Key   account"],
      },
    });
    expect(accountCreate).toMatchObject({
      userErrors: [],
      duplicates: [],
      account: {
        name: "Initech, Inc.",
        domain: "initech.com",
        industry: "Software",
        employeeCount: 120,
        region: "EMEA",
        country: "FR",
        externalId: "crm-1",
        archivedAt: null,
        tags: ["Key account", "vip"],
        owner: { id: ownerId, name: "owner" },
        parent: null,
      },
    });
    const rowId = fromGlobalId(accountCreate.account!.id).rowId;
    expect(await app.query("SELECT normalized_name FROM account WHERE id = ?", [rowId])).toEqual([{ normalized_name: "initech" }]);
    const events = await app.query<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.account.created.v1'");
    expect(events.map((event) => JSON.parse(event.payload))).toContainEqual({ accountId: rowId });
    const audit = await app.query<{ action: string; changes: string }>(
      "SELECT action, changes FROM audit_entry WHERE entity_type = 'Account' AND entity_id = ? AND operation = 'accountCreate' ORDER BY id",
      [rowId],
    );
    expect(audit.map((entry) => [entry.action, JSON.parse(entry.changes).tags ?? null])).toEqual([
      ["INSERT", null],
      ["UPDATE", { before: [], after: ["Key account", "vip"] }],
    ]);
  });

  it("updates only the fields given, clears those set to null, and names a team and another owner", async () => {
    const account = await created(writer, { name: "Umbrella", industry: "Pharma", region: "APAC", tags: ["a"] });
    const { teamCreate } = await app.client.as(tokenFor({ tenantId: "1", admin: true })).data(TeamCreateDocument, { input: { name: "North" } });
    const { accountUpdate } = await writer.data(AccountUpdateDocument, {
      input: { id: account.id, name: "Umbrella Corp.", industry: null, ownerId: colleagueId, teamId: teamCreate.team!.id, tags: [] },
    });
    expect(accountUpdate).toMatchObject({
      userErrors: [],
      account: { name: "Umbrella Corp.", industry: null, region: "APAC", tags: [], owner: { name: "colleague" }, team: { name: "North" } },
    });
    const events = await app.query<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.account.updated.v1'");
    expect(events.map((event) => JSON.parse(event.payload))).toContainEqual({ accountId: fromGlobalId(account.id).rowId });
    const audit = await app.query<{ changes: string }>("SELECT changes FROM audit_entry WHERE entity_type = 'Account' AND entity_id = ? AND operation = 'accountUpdate'", [
      fromGlobalId(account.id).rowId,
    ]);
    expect(audit.map((entry) => JSON.parse(entry.changes))).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: { before: "Umbrella", after: "Umbrella Corp." }, industry: { before: "Pharma", after: null } }),
        { tags: { before: ["a"], after: [] } },
      ]),
    );
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await count("account");
    const { teamCreate } = await app.client.as(tokenFor({ tenantId: "2", admin: true })).data(TeamCreateDocument, { input: { name: "Theirs" } });
    const result = await create(writer, {
      name: "",
      domain: "not a domain",
      country: "XX",
      employeeCount: -1,
      ownerId: toGlobalId("User", "999999"),
      teamId: teamCreate.team!.id,
      parentId: "garbage",
      tags: ["x".repeat(65)],
    });
    expect(result.account).toBeNull();
    expect(result.userErrors.map((error) => [error.field!.join("."), error.code]).sort()).toEqual(
      [
        ["input.name", "REQUIRED"],
        ["input.domain", "INVALID"],
        ["input.country", "INVALID"],
        ["input.employeeCount", "INVALID"],
        ["input.ownerId", "NOT_FOUND"],
        ["input.teamId", "NOT_FOUND"],
        ["input.parentId", "INVALID"],
        ["input.tags.0", "INVALID"],
      ].sort(),
    );
    expect(await count("account")).toBe(before);
  });

  it("keeps external ids unique per tenant", async () => {
    await created(writer, { name: "Hooli", externalId: "ext-hooli" });
    const again = await create(writer, { name: "Hooli XYZ", externalId: "ext-hooli" });
    expect(again).toMatchObject({ account: null, userErrors: [{ field: ["input", "externalId"], code: "TAKEN" }] });
    expect(await count("account WHERE name = 'Hooli XYZ'")).toBe(0);
    // Another tenant has its own namespace.
    await created(other, { name: "Hooli", externalId: "ext-hooli" });
  });

  it("warns of accounts with the same name or domain, and refuses them only when asked", async () => {
    const original = await created(writer, { name: "Globex Corporation", domain: "globex.example" });
    await created(other, { name: "Soylent", domain: "soylent.example" });

    const byName = await create(writer, { name: "GLOBEX, Inc." });
    expect(byName.duplicates).toEqual([{ reason: "NAME", value: "GLOBEX, Inc.", record: { __typename: "Account", id: original.id, name: original.name } }]);
    const byDomain = await create(writer, { name: "Something else", domain: "www.globex.example" });
    expect(byDomain.duplicates.map((duplicate) => [duplicate.reason, duplicate.record])).toEqual([
      ["DOMAIN", { __typename: "Account", id: original.id, name: original.name }],
    ]);
    // An update is checked as well.
    const renamed = await writer.data(AccountUpdateDocument, { input: { id: byDomain.account!.id, name: "Globex" } });
    expect(renamed.accountUpdate.duplicates.map((duplicate) => duplicate.reason).sort()).toEqual(["DOMAIN", "NAME"]);

    const before = await count("account");
    const refused = await create(writer, { name: "Globex Corp", rejectDuplicates: true });
    expect(refused).toMatchObject({ account: null, userErrors: [{ field: ["input", "rejectDuplicates"], code: "DUPLICATE" }] });
    expect(await count("account")).toBe(before);
    // Another tenant's accounts never match.
    expect((await create(writer, { name: "Soylent", domain: "soylent.example", rejectDuplicates: true })).userErrors).toEqual([]);
  });

  it("builds a hierarchy and refuses cycles", async () => {
    const root = await created(writer, { name: "Root holding" });
    const child = await created(writer, { name: "Child A", parentId: root.id });
    const grandchild = await created(writer, { name: "Grandchild", parentId: child.id });
    await created(writer, { name: "Child B", parentId: root.id });
    await created(writer, { name: "Child C", parentId: root.id });
    expect(child.parent).toEqual({ id: root.id, name: "Root holding" });

    for (const parentId of [grandchild.id, root.id]) {
      const cycle = await writer.data(AccountUpdateDocument, { input: { id: root.id, parentId } });
      expect(cycle.accountUpdate.userErrors).toEqual([expect.objectContaining({ field: ["input", "parentId"], code: "INVALID" })]);
    }
    const first = await writer.data(AccountNodeDocument, { id: root.id, first: 2 });
    const page1 = first.node?.__typename === "Account" ? first.node.children : null;
    expect(page1).toMatchObject({ totalCount: 3, nodes: [{ name: "Child A" }, { name: "Child B" }], pageInfo: { hasNextPage: true } });
    const next = await writer.data(AccountNodeDocument, { id: root.id, first: 2, after: page1!.pageInfo.endCursor });
    const page2 = next.node?.__typename === "Account" ? next.node.children : null;
    expect(page2).toMatchObject({ nodes: [{ name: "Child C" }], pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    const back = await writer.data(AccountNodeDocument, { id: root.id, last: 2, before: page2!.pageInfo.startCursor });
    expect(back.node?.__typename === "Account" && back.node.children).toMatchObject({
      nodes: page1!.nodes,
      pageInfo: { hasNextPage: true, hasPreviousPage: false },
    });

    const moved = await writer.data(AccountUpdateDocument, { input: { id: grandchild.id, parentId: null } });
    expect(moved.accountUpdate.account?.parent).toBeNull();
    expect(await names(writer, { parentId: child.id })).toEqual([]);
  });

  it("answers another tenant's id exactly as an unknown one", async () => {
    const theirs = await created(other, { name: "Their account" });
    const unknown = toGlobalId("Account", "987654321");
    const answers = await Promise.all(
      [theirs.id, unknown].map(async (id) => [
        (await writer.data(AccountUpdateDocument, { input: { id, name: "Mine now" } })).accountUpdate,
        (await writer.data(AccountArchiveDocument, { input: { id, archived: true } })).accountArchive,
        (await writer.data(NodeDocument, { id })).node,
        (await writer.data(AccountCreateDocument, { input: { name: "Child", parentId: id } })).accountCreate.userErrors,
      ]),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]![0]).toMatchObject({ account: null, userErrors: [{ field: ["input", "id"], code: "NOT_FOUND" }] });
    expect(await app.query("SELECT name FROM account WHERE name = 'Mine now'")).toEqual([]);
    const malformed = await writer.data(AccountUpdateDocument, { input: { id: toGlobalId("Contact", "1"), name: "x" } });
    expect(malformed.accountUpdate.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "INVALID" })]);
  });

  it("lists by name with keyset pages and filters, never showing another tenant's accounts", async () => {
    const region = "Filtered";
    for (const name of ["Zeta Widgets", "Alpha Widgets", "Beta Gadgets", "Gamma Widgets"]) {
      await created(writer, { name, region, tags: name.includes("Widgets") ? ["widgets"] : [] });
    }
    const parent = await created(writer, { name: "Widget Group", region });
    await writer.data(AccountUpdateDocument, { input: { id: parent.id, ownerId: colleagueId } });
    await created(other, { name: "Alpha Widgets", region, tags: ["widgets"] });

    expect(await names(writer, { region })).toEqual(["Alpha Widgets", "Beta Gadgets", "Gamma Widgets", "Widget Group", "Zeta Widgets"]);
    expect(await names(writer, { region, name: "al" })).toEqual(["Alpha Widgets"]);
    expect(await names(writer, { region, name: "%" })).toEqual([]);
    expect(await names(writer, { region, tag: "WIDGETS" })).toEqual(["Alpha Widgets", "Gamma Widgets", "Zeta Widgets"]);
    expect(await names(writer, { region, ownerId: colleagueId })).toEqual(["Widget Group"]);
    expect(await names(writer, { search: "widg" })).toEqual(["Alpha Widgets", "Gamma Widgets", "Widget Group", "Zeta Widgets"]);
    expect(await names(writer, { search: "gamma widgets" })).toEqual(["Gamma Widgets"]);
    // Operators typed by the user are words, not syntax.
    expect(await names(writer, { search: '+gamma -"widgets' })).toEqual(["Gamma Widgets"]);
    expect(await names(other, { region })).toEqual(["Alpha Widgets"]);

    const first = (await writer.data(AccountsDocument, { filter: { region }, first: 2 })).accounts;
    expect(first).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: true, hasPreviousPage: false } });
    const second = (await writer.data(AccountsDocument, { filter: { region }, first: 2, after: first.pageInfo.endCursor })).accounts;
    expect(second.nodes.map((node) => node.name)).toEqual(["Gamma Widgets", "Widget Group"]);
    const back = (await writer.data(AccountsDocument, { filter: { region }, last: 2, before: second.pageInfo.startCursor })).accounts;
    expect(back.nodes).toEqual(first.nodes);
    expect((await writer.request(AccountsDocument, { filter: { search: "  !!  " } })).errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("hides archived accounts from the list unless asked, and brings them back", async () => {
    const account = await created(writer, { name: "Archivable", region: "Archive" });
    const { accountArchive } = await writer.data(AccountArchiveDocument, { input: { id: account.id, archived: true } });
    expect(accountArchive.account?.archivedAt).toEqual(expect.any(String));
    expect(await names(writer, { region: "Archive" })).toEqual([]);
    expect(await names(writer, { region: "Archive", includeArchived: true })).toEqual(["Archivable"]);
    await writer.data(AccountArchiveDocument, { input: { id: account.id, archived: false } });
    expect(await names(writer, { region: "Archive" })).toEqual(["Archivable"]);
  });

  it("requires accounts.read and accounts.write", async () => {
    const account = await created(writer, { name: "Guarded" });
    const reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["accounts.read"] }));
    const nobody = app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.read"] }));
    for (const response of [
      await reader.request(AccountCreateDocument, { input: { name: "Nope" } }),
      await reader.request(AccountUpdateDocument, { input: { id: account.id, name: "Nope" } }),
      await reader.request(AccountArchiveDocument, { input: { id: account.id, archived: true } }),
      await nobody.request(AccountsDocument, { first: 1 }),
    ]) {
      expect(response.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
    expect((await nobody.data(NodeDocument, { id: account.id })).node).toBeNull();
    expect((await reader.data(NodeDocument, { id: account.id })).node).toEqual({ __typename: "Account", id: account.id });
    expect(await count("account WHERE name = 'Nope'")).toBe(0);
  });

  it("loads owners, tags, children and contacts of a page of accounts in a constant number of statements", async () => {
    const client = app.client.as(tokenFor({ tenantId: "3", id: "1", permissions: ACCOUNTS }));
    const parents = [];
    for (let index = 0; index < 20; index++) parents.push(await created(client, { name: `Parent ${String(index).padStart(2, "0")}`, tags: ["t"] }));
    for (const parent of parents) {
      for (const suffix of ["a", "b", "c"]) await created(client, { name: `Zz child ${suffix}`, parentId: parent.id });
    }
    const statements = async (first: number) => {
      const response = await client.request(AccountTreeDocument, { first, childrenFirst: 2 });
      expect(response.errors).toBeUndefined();
      const page = response.data!.accounts.nodes.filter((node) => node.name.startsWith("Parent"));
      expect(page.every((node) => node.children.totalCount === 3 && node.children.nodes.length === 2 && node.children.pageInfo.hasNextPage)).toBe(true);
      return Number(response.headers.get("x-sql-statements"));
    };
    const small = await statements(5);
    // Accounts, owners, tags, children (ranked ids, rows, counts) and contacts (ranked ids: there are none).
    expect(small).toBeLessThanOrEqual(7);
    expect(await statements(20)).toBe(small);
  });
});
