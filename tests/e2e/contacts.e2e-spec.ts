import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import {
  AccountCreateDocument,
  AccountNodeDocument,
  AuthLoginDocument,
  ContactCreateDocument,
  ContactLinkAccountDocument,
  ContactNodeDocument,
  ContactPageDocument,
  ContactPointAddDocument,
  ContactPointRemoveDocument,
  ContactPointUpdateDocument,
  ContactUnlinkAccountDocument,
  ContactUpdateDocument,
  ContactsDocument,
  RoleSaveDocument,
  TeamCreateDocument,
  TenantCreateDocument,
  UserCreateDocument,
  type ContactCreateInput,
  type ContactFilter,
} from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";

const OPERATOR = "operator-token-for-contact-tests-0123456789";
const PASSWORD = "correct horse battery";
const CUSTOMER_GRAPH = ["contacts.read", "contacts.write", "accounts.read", "accounts.write"];

describe("contacts", () => {
  let app: TestApp;
  let admin: GraphQLClient;
  let globex: GraphQLClient;
  let rep1: GraphQLClient;
  let rep2: GraphQLClient;
  let reader: GraphQLClient;
  let teamRep: GraphQLClient;
  let rep1Id: string;
  let northId: string;

  async function signIn(tenant: string, email: string): Promise<GraphQLClient> {
    const { authLogin } = await app.client.data(AuthLoginDocument, { input: { tenant, email, password: PASSWORD } });
    expect(authLogin.userErrors).toEqual([]);
    return app.client.as(authLogin.session!.accessToken);
  }

  beforeAll(async () => {
    app = await TestApp.start({ authenticate: "identity", env: { PLATFORM_ADMIN_TOKEN: OPERATOR } });
    for (const slug of ["acme", "globex"]) {
      await app.client.as(OPERATOR).data(TenantCreateDocument, {
        input: { name: slug, slug, admin: { email: `admin@${slug}.example`, name: "Admin", password: PASSWORD } },
      });
    }
    admin = await signIn("acme", "admin@acme.example");
    globex = await signIn("globex", "admin@globex.example");
    const roles = await Promise.all([
      admin.data(RoleSaveDocument, { input: { name: "Rep", permissions: CUSTOMER_GRAPH, visibility: "OWN" } }),
      admin.data(RoleSaveDocument, { input: { name: "Reader", permissions: ["contacts.read", "accounts.read"], visibility: "ALL" } }),
      admin.data(RoleSaveDocument, { input: { name: "Team rep", permissions: CUSTOMER_GRAPH, visibility: "TEAM" } }),
    ]);
    const [rep, read, team] = roles.map(({ roleSave }) => roleSave.role!.id);
    northId = (await admin.data(TeamCreateDocument, { input: { name: "North" } })).teamCreate.team!.id;
    const users = [
      ["rep1", rep, []],
      ["rep2", rep, []],
      ["reader", read, []],
      ["teamrep", team, [northId]],
    ] as const;
    for (const [name, roleId, teamIds] of users) {
      const { userCreate } = await admin.data(UserCreateDocument, { input: { email: `${name}@acme.example`, name, password: PASSWORD, roleIds: [roleId!], teamIds: [...teamIds] } });
      if (name === "rep1") rep1Id = userCreate.user!.id;
    }
    [rep1, rep2, reader, teamRep] = await Promise.all(users.map(([name]) => signIn("acme", `${name}@acme.example`)));
  });
  afterAll(() => app.stop());

  async function create(client: GraphQLClient, input: ContactCreateInput) {
    return (await client.data(ContactCreateDocument, { input })).contactCreate;
  }

  async function created(client: GraphQLClient, input: ContactCreateInput) {
    const result = await create(client, input);
    expect(result.userErrors).toEqual([]);
    return result.contact!;
  }

  async function account(client: GraphQLClient, name: string, country?: string): Promise<string> {
    const { accountCreate } = await client.data(AccountCreateDocument, { input: { name, country } });
    expect(accountCreate.userErrors).toEqual([]);
    return accountCreate.account!.id;
  }

  async function names(client: GraphQLClient, filter: ContactFilter): Promise<string[]> {
    return (await client.data(ContactsDocument, { filter, first: 100 })).contacts.nodes.map((contact) => `${contact.firstName} ${contact.lastName}`);
  }

  async function count(sql: string, parameters: unknown[] = []): Promise<number> {
    const [{ n }] = await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${sql}`, parameters);
    return Number(n);
  }

  const rowId = (id: string) => fromGlobalId(id).rowId;

  describe("create and update", () => {
    it("creates a contact with normalised points and account links, owned by the caller", async () => {
      const initech = await account(rep1, "Initech", "FR");
      const contact = await created(rep1, {
        firstName: " Ada ",
        lastName: "Lovelace",
        title: "CTO",
        timeZone: "europe/paris",
        language: "fr-ca",
        externalId: "ext-ada",
        tags: ["vip"],
        accounts: [{ accountId: initech, role: "Buyer" }],
        contactPoints: [
          { kind: "EMAIL", value: " Ada@Example.COM ", label: "work" },
          { kind: "EMAIL", value: "ada@home.example", isPrimary: true },
          // No +country code: read in the primary account's country (FR).
          { kind: "PHONE", value: "01 23 45 67 89" },
          { kind: "PHONE", value: "+44 20 7946 0958", country: "GB" },
          { kind: "FAX", value: "01 23 45 67 00" },
          { kind: "SMS", value: "06 12 34 56 78" },
          { kind: "WEB", value: "Ada.example/about#me" },
          { kind: "ADDRESS", value: "12, Rue de l'Église", city: "Paris", postalCode: "75001", country: "fr" },
          { kind: "POSTAL", value: "BP 42, Paris" },
          { kind: "MESSENGER", value: "@Ada_L", service: "Telegram" },
        ],
      });
      expect(contact).toMatchObject({
        firstName: "Ada",
        lastName: "Lovelace",
        timeZone: "Europe/Paris",
        language: "fr-CA",
        externalId: "ext-ada",
        primaryEmail: "ada@home.example",
        primaryPhone: "+33123456789",
        tags: ["vip"],
        owner: { id: rep1Id },
        accounts: [{ role: "Buyer", isPrimary: true, account: { id: initech, name: "Initech" } }],
      });
      expect(contact.contactPoints.map((point) => [point.kind, point.normalized, point.isPrimary])).toEqual([
        ["EMAIL", "ada@example.com", false],
        ["EMAIL", "ada@home.example", true],
        ["PHONE", "+33123456789", true],
        ["PHONE", "+442079460958", false],
        ["FAX", "+33123456700", true],
        ["SMS", "+33612345678", true],
        ["WEB", "https://ada.example/about", true],
        ["ADDRESS", "12 rue de l eglise", true],
        ["POSTAL", "bp 42 paris", true],
        ["MESSENGER", "ada_l", true],
      ]);
      expect(contact.contactPoints.find((point) => point.kind === "MESSENGER")?.service).toBe("telegram");
      const events = await app.query<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.contact.created.v1'");
      expect(events.map((event) => JSON.parse(event.payload))).toContainEqual({ contactId: rowId(contact.id) });
    });

    it("refuses every bad field at once, and one bad contact point writes nothing at all", async () => {
      const before = await Promise.all(["contact", "contact_point", "account_contact", "record_tag", "audit_entry"].map((table) => count(table)));
      const result = await create(rep1, {
        lastName: "Broken",
        timeZone: "Mars/Olympus",
        language: "not a language",
        tags: ["ok"],
        ownerId: toGlobalId("User", "999999"),
        accounts: [{ accountId: toGlobalId("Account", "999999") }],
        contactPoints: [
          { kind: "EMAIL", value: "fine@example.com" },
          { kind: "EMAIL", value: "not-an-email" },
          // No country code, no country, no account with a country: the number cannot be read.
          { kind: "PHONE", value: "01 23 45 67 89" },
          { kind: "EMAIL", value: "FINE@example.com" },
          { kind: "WEB", value: "nowhere" },
        ],
      });
      expect(result.contact).toBeNull();
      expect(result.userErrors.map((error) => [error.field!.join("."), error.code])).toEqual([
        ["input.ownerId", "NOT_FOUND"],
        ["input.timeZone", "INVALID"],
        ["input.language", "INVALID"],
        ["input.accounts.0.accountId", "NOT_FOUND"],
        ["input.contactPoints.1.value", "INVALID"],
        ["input.contactPoints.2.value", "INVALID"],
        ["input.contactPoints.4.value", "INVALID"],
        ["input.contactPoints.3.value", "TAKEN"],
      ]);
      expect(result.userErrors.find((error) => error.field?.join(".") === "input.contactPoints.2.value")?.message).toMatch(/country code/);
      const after = await Promise.all(["contact", "contact_point", "account_contact", "record_tag", "audit_entry"].map((table) => count(table)));
      expect(after).toEqual(before);
    });

    it("keeps external ids unique per tenant", async () => {
      await created(rep1, { lastName: "First", externalId: "ext-dup" });
      const again = await create(rep2, { lastName: "Second", externalId: "ext-dup" });
      expect(again).toMatchObject({ contact: null, userErrors: [{ field: ["input", "externalId"], code: "TAKEN" }] });
      expect(await count("contact WHERE last_name = 'Second'")).toBe(0);
      await created(globex, { lastName: "Elsewhere", externalId: "ext-dup" });
    });

    it("updates the fields given, clears those set to null, and validates like create", async () => {
      const contact = await created(rep1, { firstName: "Grace", lastName: "Hopper", title: "RADM", timeZone: "America/New_York", tags: ["navy"] });
      const { contactUpdate } = await rep1.data(ContactUpdateDocument, { input: { id: contact.id, title: null, language: "en-us", tags: [] } });
      expect(contactUpdate).toMatchObject({
        userErrors: [],
        contact: { firstName: "Grace", title: null, timeZone: "America/New_York", language: "en-US", tags: [] },
      });
      const bad = await rep1.data(ContactUpdateDocument, { input: { id: contact.id, lastName: null, timeZone: "Nowhere/Else" } });
      expect(bad.contactUpdate.userErrors.map((error) => [error.field!.join("."), error.code])).toEqual([
        ["input.lastName", "REQUIRED"],
        ["input.timeZone", "INVALID"],
      ]);
      expect(await app.query("SELECT last_name, time_zone FROM contact WHERE id = ?", [rowId(contact.id)])).toEqual([
        { last_name: "Hopper", time_zone: "America/New_York" },
      ]);
    });
  });

  describe("contact points", () => {
    it("keep exactly one primary per kind, in step with the contact's primary email and phone", async () => {
      const contact = await created(rep1, { lastName: "Points" });
      const add = async (value: string, isPrimary?: boolean) => {
        const { contactPointAdd } = await rep1.data(ContactPointAddDocument, { input: { contactId: contact.id, kind: "EMAIL", value, isPrimary } });
        expect(contactPointAdd.userErrors).toEqual([]);
        return contactPointAdd;
      };
      const first = await add("one@points.example");
      expect(first).toMatchObject({ contactPoint: { isPrimary: true }, contact: { primaryEmail: "one@points.example" } });
      const second = await add("two@points.example", true);
      expect(second.contact?.contactPoints.map((point) => [point.normalized, point.isPrimary])).toEqual([
        ["one@points.example", false],
        ["two@points.example", true],
      ]);
      await add("three@points.example");
      const twice = await rep1.data(ContactPointAddDocument, { input: { contactId: contact.id, kind: "EMAIL", value: "ONE@points.example" } });
      expect(twice.contactPointAdd.userErrors).toEqual([expect.objectContaining({ field: ["input", "value"], code: "TAKEN" })]);

      // Giving up primacy hands it to the oldest other point of the kind.
      const demoted = await rep1.data(ContactPointUpdateDocument, { input: { id: second.contactPoint!.id, isPrimary: false, label: "old" } });
      expect(demoted.contactPointUpdate.contact).toMatchObject({ primaryEmail: "one@points.example" });
      const renamed = await rep1.data(ContactPointUpdateDocument, { input: { id: first.contactPoint!.id, value: "Uno@Points.example" } });
      expect(renamed.contactPointUpdate).toMatchObject({ contactPoint: { normalized: "uno@points.example", isPrimary: true }, contact: { primaryEmail: "uno@points.example" } });
      const invalid = await rep1.data(ContactPointUpdateDocument, { input: { id: first.contactPoint!.id, value: "nope" } });
      expect(invalid.contactPointUpdate.userErrors).toEqual([expect.objectContaining({ field: ["input", "value"], code: "INVALID" })]);

      // Removing the primary promotes the next oldest; removing the last clears the copy on the contact.
      const removed = await rep1.data(ContactPointRemoveDocument, { input: { id: first.contactPoint!.id } });
      expect(removed.contactPointRemove).toMatchObject({ removedId: first.contactPoint!.id, contact: { primaryEmail: "two@points.example" } });
      for (const point of removed.contactPointRemove.contact!.contactPoints) await rep1.data(ContactPointRemoveDocument, { input: { id: point.id } });
      const { node } = await rep1.data(ContactNodeDocument, { id: contact.id });
      expect(node).toMatchObject({ primaryEmail: null, contactPoints: [] });
    });

    it("read phones in the primary account's country, filter by kind, and reject unknown or hidden ids", async () => {
      const contact = await created(rep1, { lastName: "Caller", accounts: [{ accountId: await account(rep1, "London Ltd", "GB") }] });
      const { contactPointAdd } = await rep1.data(ContactPointAddDocument, { input: { contactId: contact.id, kind: "PHONE", value: "020 7946 0958" } });
      expect(contactPointAdd).toMatchObject({ userErrors: [], contact: { primaryPhone: "+442079460958" } });
      await rep1.data(ContactPointAddDocument, { input: { contactId: contact.id, kind: "EMAIL", value: "caller@london.example" } });
      const phones = await rep1.data(ContactNodeDocument, { id: contact.id, kind: "PHONE" });
      expect(phones.node?.__typename === "Contact" && phones.node.contactPoints.map((point) => point.normalized)).toEqual(["+442079460958"]);

      const pointId = contactPointAdd.contactPoint!.id;
      const hidden = [
        (await rep2.data(ContactPointAddDocument, { input: { contactId: contact.id, kind: "EMAIL", value: "x@y.example" } })).contactPointAdd.userErrors,
        (await rep2.data(ContactPointUpdateDocument, { input: { id: pointId, label: "mine" } })).contactPointUpdate.userErrors,
        (await rep2.data(ContactPointRemoveDocument, { input: { id: pointId } })).contactPointRemove.userErrors,
      ];
      expect(hidden.map((errors) => errors.map((error) => error.code))).toEqual([["NOT_FOUND"], ["NOT_FOUND"], ["NOT_FOUND"]]);
      expect((await rep2.data(ContactNodeDocument, { id: pointId })).node).toBeNull();
      expect((await rep1.data(ContactNodeDocument, { id: pointId })).node).toEqual({ __typename: "ContactPoint", id: pointId, normalized: "+442079460958" });
    });
  });

  describe("account links", () => {
    it("link with a role, keep one primary account, and list the contact under the account", async () => {
      const [north, south] = [await account(rep1, "North Co"), await account(rep1, "South Co")];
      const contact = await created(rep1, { lastName: "Linked", accounts: [{ accountId: north, role: "Buyer" }] });
      const linked = await rep1.data(ContactLinkAccountDocument, { input: { contactId: contact.id, accountId: south, role: "Advisor", isPrimary: true } });
      expect(linked.contactLinkAccount.contact?.accounts).toEqual([
        { role: "Advisor", isPrimary: true, account: { id: south, name: "South Co" } },
        { role: "Buyer", isPrimary: false, account: { id: north, name: "North Co" } },
      ]);
      const { node } = await rep1.data(AccountNodeDocument, { id: south, first: 10 });
      expect(node?.__typename === "Account" && node.contacts).toMatchObject({ totalCount: 1, nodes: [{ id: contact.id }] });

      const unlinked = await rep1.data(ContactUnlinkAccountDocument, { input: { contactId: contact.id, accountId: south } });
      expect(unlinked.contactUnlinkAccount.contact?.accounts).toEqual([{ role: "Buyer", isPrimary: true, account: { id: north, name: "North Co" } }]);
      const [northId, southId] = [north, south].map((id) => fromGlobalId(id).rowId);
      const trail = await app.query<{ changes: string | object }>(
        "SELECT changes FROM audit_entry WHERE entity_type = 'Contact' AND entity_id = ? AND JSON_CONTAINS_PATH(changes, 'one', '$.accountLinks') ORDER BY id",
        [fromGlobalId(contact.id).rowId],
      );
      expect(trail.map(({ changes }) => (typeof changes === "string" ? JSON.parse(changes) : changes).accountLinks)).toEqual([
        {
          before: [{ accountId: northId, role: "Buyer", isPrimary: true }],
          after: [
            { accountId: northId, role: "Buyer", isPrimary: false },
            { accountId: southId, role: "Advisor", isPrimary: true },
          ],
        },
        {
          before: [
            { accountId: northId, role: "Buyer", isPrimary: false },
            { accountId: southId, role: "Advisor", isPrimary: true },
          ],
          after: [{ accountId: northId, role: "Buyer", isPrimary: true }],
        },
      ]);
      const again = await rep1.data(ContactUnlinkAccountDocument, { input: { contactId: contact.id, accountId: south } });
      expect(again.contactUnlinkAccount.userErrors).toEqual([expect.objectContaining({ field: ["input", "accountId"], code: "NOT_FOUND" })]);
      const theirs = await globex.data(AccountCreateDocument, { input: { name: "Globex account" } });
      const foreign = await rep1.data(ContactLinkAccountDocument, { input: { contactId: contact.id, accountId: theirs.accountCreate.account!.id } });
      expect(foreign.contactLinkAccount.userErrors).toEqual([expect.objectContaining({ field: ["input", "accountId"], code: "NOT_FOUND" })]);
    });
  });

  describe("duplicates", () => {
    it("are reported by email, phone, and name at a company of the same name, and refused only when asked", async () => {
      const company = await account(admin, "Duplicate Industries", "FR");
      const original = await created(admin, {
        firstName: "Jean",
        lastName: "Dupont",
        accounts: [{ accountId: company }],
        contactPoints: [
          { kind: "EMAIL", value: "jean@dupont.example" },
          { kind: "PHONE", value: "+33 6 11 22 33 44" },
        ],
      });
      await created(globex, { lastName: "Dupont", contactPoints: [{ kind: "EMAIL", value: "jean@dupont.example" }] });
      const record = { __typename: "Contact", id: original.id, firstName: "Jean", lastName: "Dupont" };

      const byEmail = await create(admin, { lastName: "Other", contactPoints: [{ kind: "EMAIL", value: "JEAN@dupont.example" }] });
      expect(byEmail.duplicates).toEqual([{ reason: "EMAIL", value: "jean@dupont.example", record }]);
      const byPhone = await create(admin, { lastName: "Another", contactPoints: [{ kind: "SMS", value: "06 11 22 33 44", country: "FR" }] });
      expect(byPhone.duplicates).toEqual([{ reason: "PHONE", value: "+33611223344", record }]);
      const sameCompany = await account(admin, "DUPLICATE INDUSTRIES LTD");
      const byName = await create(admin, { firstName: "jean", lastName: "DUPONT", accounts: [{ accountId: sameCompany }] });
      expect(byName.duplicates).toEqual([{ reason: "NAME_AND_COMPANY", value: "jean DUPONT", record }]);
      expect((await create(admin, { firstName: "Jean", lastName: "Dupont" })).duplicates).toEqual([]);

      // An update is checked too.
      const updated = await admin.data(ContactPointAddDocument, { input: { contactId: byName.contact!.id, kind: "PHONE", value: "+33611223344" } });
      // One entry per record, with its strongest reason: the phone, for the original, though its name and company match too.
      const reasons = updated.contactPointAdd.duplicates.map(({ reason, record }) => [reason, record.__typename === "Contact" ? record.lastName : null]);
      expect(reasons.sort()).toEqual([
        ["PHONE", "Another"],
        ["PHONE", "Dupont"],
      ]);

      const before = await count("contact");
      const refused = await create(admin, { lastName: "Refused", rejectDuplicates: true, contactPoints: [{ kind: "EMAIL", value: "jean@dupont.example" }] });
      expect(refused).toMatchObject({ contact: null, duplicates: [], userErrors: [{ field: ["input", "rejectDuplicates"], code: "DUPLICATE" }] });
      expect(await count("contact")).toBe(before);
      expect(await count("contact_point WHERE normalized = 'jean@dupont.example'")).toBe(3);
    });
  });

  describe("visibility and isolation", () => {
    it("a rep with OWN visibility neither sees nor changes another rep's contact; an unknown id looks the same", async () => {
      const mine = await created(rep1, { firstName: "Secret", lastName: "Visibility", contactPoints: [{ kind: "EMAIL", value: "secret@vis.example" }] });
      const theirs = await created(globex, { firstName: "Secret", lastName: "Visibility" });
      expect(await names(rep2, { name: "Secret" })).toEqual([]);
      expect(await names(rep2, { search: "secret" })).toEqual([]);
      expect(await names(rep2, { email: "secret@vis.example" })).toEqual([]);
      expect(await names(admin, { name: "Secret" })).toEqual(["Secret Visibility"]);
      expect(await names(globex, { search: "visibility" })).toEqual(["Secret Visibility"]);

      for (const id of [mine.id, theirs.id, toGlobalId("Contact", "999999")]) {
        expect((await rep2.data(ContactNodeDocument, { id })).node).toBeNull();
        const { contactUpdate } = await rep2.data(ContactUpdateDocument, { input: { id, firstName: "Changed" } });
        expect(contactUpdate).toEqual({ contact: null, duplicates: [], userErrors: [{ field: ["input", "id"], code: "NOT_FOUND", message: "No such contact." }] });
      }
      expect(await count("contact WHERE first_name = 'Changed'")).toBe(0);
      // Their duplicates stay hidden too.
      expect((await create(rep2, { lastName: "Peek", contactPoints: [{ kind: "EMAIL", value: "secret@vis.example" }] })).duplicates).toEqual([]);
    });

    it("a rep with TEAM visibility sees and changes their team's contacts, and no others", async () => {
      const teamContact = await created(rep1, { firstName: "Team", lastName: "Shared", teamId: northId });
      const personal = await created(rep1, { firstName: "Team", lastName: "Private" });
      expect(await names(teamRep, { name: "Team" })).toEqual(["Team Shared"]);
      const { contactUpdate } = await teamRep.data(ContactUpdateDocument, { input: { id: teamContact.id, title: "Shared lead" } });
      expect(contactUpdate).toMatchObject({ userErrors: [], contact: { title: "Shared lead", team: { id: northId, name: "North" } } });
      const hidden = await teamRep.data(ContactUpdateDocument, { input: { id: personal.id, title: "Nope" } });
      expect(hidden.contactUpdate.userErrors).toEqual([expect.objectContaining({ field: ["input", "id"], code: "NOT_FOUND" })]);
      // Their own contacts stay theirs, in or out of a team.
      await created(teamRep, { firstName: "Team", lastName: "Mine" });
      expect(await names(teamRep, { name: "Team" })).toEqual(["Team Mine", "Team Shared"]);
    });

    it("requires contacts.read and contacts.write", async () => {
      const contact = await created(admin, { lastName: "Guarded" });
      expect((await reader.request(ContactCreateDocument, { input: { lastName: "Nope" } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await reader.request(ContactUpdateDocument, { input: { id: contact.id, lastName: "Nope" } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await reader.data(ContactsDocument, { filter: { name: "Guarded" } })).contacts.nodes).toEqual([expect.objectContaining({ id: contact.id })]);
      expect(await count("contact WHERE last_name = 'Nope'")).toBe(0);
    });
  });

  describe("lists", () => {
    it("filter by name, email, phone, tag, owner, account and words, page by keyset, and stay in the tenant", async () => {
      const acct = await account(rep1, "Filter Corp", "US");
      const rows = [
        { firstName: "Anna", lastName: "Filterson", tags: ["beta"], contactPoints: [{ kind: "EMAIL" as const, value: "anna@filter.example" }] },
        { firstName: "Bert", lastName: "Filterson", accounts: [{ accountId: acct }], contactPoints: [{ kind: "PHONE" as const, value: "(212) 555-0123" }] },
        { firstName: "Carl", lastName: "Filterman", tags: ["beta"] },
        { firstName: "Dora", lastName: "Filterwood" },
      ];
      for (const row of rows) await created(rep1, row);
      await created(globex, { firstName: "Anna", lastName: "Filterson", tags: ["beta"], contactPoints: [{ kind: "EMAIL", value: "anna@filter.example" }] });

      expect(await names(rep1, { name: "filter" })).toEqual(["Carl Filterman", "Anna Filterson", "Bert Filterson", "Dora Filterwood"]);
      expect(await names(rep1, { name: "Anna F" })).toEqual(["Anna Filterson"]);
      expect(await names(rep1, { email: " ANNA@filter.example" })).toEqual(["Anna Filterson"]);
      expect(await names(rep1, { phone: "+1 212-555-0123" })).toEqual(["Bert Filterson"]);
      expect(await names(rep1, { tag: "Beta", name: "filter" })).toEqual(["Carl Filterman", "Anna Filterson"]);
      expect(await names(rep1, { ownerId: rep1Id, name: "filterw" })).toEqual(["Dora Filterwood"]);
      expect(await names(rep1, { accountId: acct })).toEqual(["Bert Filterson"]);
      expect(await names(rep1, { search: "filters" })).toEqual(["Anna Filterson", "Bert Filterson"]);
      expect(await names(rep1, { search: "anna@filter.example" })).toEqual(["Anna Filterson"]);
      expect(await names(globex, { name: "filter" })).toEqual(["Anna Filterson"]);
      const bad = await rep1.request(ContactsDocument, { filter: { email: "not an email" } });
      expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");

      const first = (await rep1.data(ContactsDocument, { filter: { name: "filter" }, first: 3 })).contacts;
      expect(first).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
      const rest = (await rep1.data(ContactsDocument, { filter: { name: "filter" }, first: 3, after: first.pageInfo.endCursor })).contacts;
      expect(rest.nodes.map((node) => node.firstName)).toEqual(["Dora"]);
      const back = (await rep1.data(ContactsDocument, { filter: { name: "filter" }, last: 3, before: rest.pageInfo.startCursor })).contacts;
      expect(back.nodes).toEqual(first.nodes);
    });

    it("load points, accounts, tags and owners of a page of contacts in a constant number of statements", async () => {
      const client = await signIn("globex", "admin@globex.example");
      const company = await account(client, "Statement Co", "FR");
      for (let index = 0; index < 20; index++) {
        await created(client, {
          lastName: `Aaa statement ${String(index).padStart(2, "0")}`,
          tags: ["counted", `n${index}`],
          accounts: [{ accountId: company, role: "Staff" }],
          contactPoints: [
            { kind: "EMAIL", value: `s${index}@statement.example` },
            { kind: "PHONE", value: `01 23 45 67 ${String(index).padStart(2, "0")}` },
          ],
        });
      }
      const statements = async (first: number) => {
        const response = await client.request(ContactPageDocument, { first });
        expect(response.errors).toBeUndefined();
        const page = response.data!.contacts.nodes;
        expect(page).toHaveLength(first);
        expect(page.every((node) => node.contactPoints.length === 2 && node.accounts?.length === 1 && node.tags.length === 2 && node.owner)).toBe(true);
        return Number(response.headers.get("x-sql-statements"));
      };
      const small = await statements(5);
      // Contacts, points, links, accounts, tags, owners.
      expect(small).toBeLessThanOrEqual(6);
      expect(await statements(20)).toBe(small);
    });
  });
});
