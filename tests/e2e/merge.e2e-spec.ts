import { contactsService } from "../../core/contacts/contacts.service";
import type { MergeParties } from "../../core/contacts/merge.hooks";
import { TenantScope } from "../../core/db/tenant-scope";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import { defineModule } from "../../core/kernel/module";
import { RecordTag } from "../../core/tagging/record-tag.entity";
import {
  AccountCreateDocument,
  AccountMergeDocument,
  AccountNodeDocument,
  AccountsDocument,
  ContactCreateDocument,
  ContactLinkAccountDocument,
  ContactMergeDocument,
  ContactsDocument,
  NodeDocument,
  type AccountCreateInput,
  type ContactCreateInput,
} from "../../schema/generated/graphql";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const WRITER = ["contacts.read", "contacts.write", "accounts.read", "accounts.write"];

/** A module taking part in merges: it records each call and tags the survivor in the merge's transaction, or fails when told to. */
const hookCalls: (MergeParties & { hook: string })[] = [];
let failNextHook = false;
const probeModule = defineModule({
  name: "mergeprobe",
  description: "Test fixture: takes part in merges",
  hooks: {
    async mergeContacts(uow, parties) {
      hookCalls.push({ hook: "mergeContacts", ...parties });
      await uow.manager.insert(RecordTag, { tenantId: uow.tenantId, recordType: "Contact", recordId: parties.survivorId, tag: "hooked" });
      if (failNextHook) throw new Error("The probe module refuses this merge.");
    },
    async mergeAccounts(_uow, parties) {
      hookCalls.push({ hook: "mergeAccounts", ...parties });
    },
  },
});

describe("merges", () => {
  let app: TestApp;
  let writer: GraphQLClient;
  let other: GraphQLClient;

  beforeAll(async () => {
    app = await TestApp.start({ modules: [probeModule] });
    writer = app.client.as(tokenFor({ tenantId: "1", permissions: WRITER }));
    other = app.client.as(tokenFor({ tenantId: "2", permissions: WRITER }));
  });
  afterAll(() => app.stop());

  async function contact(input: ContactCreateInput, client = writer): Promise<{ id: string; row: string }> {
    const { contactCreate } = await client.data(ContactCreateDocument, { input });
    expect(contactCreate.userErrors).toEqual([]);
    return { id: contactCreate.contact!.id, row: fromGlobalId(contactCreate.contact!.id).rowId };
  }

  async function account(input: AccountCreateInput, client = writer): Promise<{ id: string; row: string }> {
    const { accountCreate } = await client.data(AccountCreateDocument, { input });
    expect(accountCreate.userErrors).toEqual([]);
    return { id: accountCreate.account!.id, row: fromGlobalId(accountCreate.account!.id).rowId };
  }

  /** An interaction with the given participants (`c:<id>` / `a:<id>`), as the timeline stores it. */
  async function interaction(participants: string[]): Promise<string> {
    const { insertId } = (await app.query("INSERT INTO interaction (tenant_id, channel, direction, occurred_at) VALUES (1, 'EMAIL', 'INBOUND', NOW(3))")) as unknown as {
      insertId: number;
    };
    for (const key of participants) {
      const [kind, id] = key.split(":");
      await app.query(
        "INSERT INTO interaction_participant (interaction_id, participant_key, tenant_id, contact_id, account_id, channel, occurred_at) VALUES (?, ?, 1, ?, ?, 'EMAIL', NOW(3))",
        [insertId, key, kind === "c" ? id : null, kind === "a" ? id : null],
      );
    }
    return String(insertId);
  }

  async function rows<T>(sql: string, parameters: unknown[] = []): Promise<T[]> {
    return app.query<T>(sql, parameters);
  }

  it("moves every row of the merged contact to the survivor in one transaction, then hides it", async () => {
    const [paris, lyon] = [await account({ name: "Paris SA", country: "FR" }), await account({ name: "Lyon SA" })];
    const survivor = await contact({
      firstName: "Marie",
      lastName: "Curie",
      timeZone: "Europe/Paris",
      tags: ["s"],
      accounts: [{ accountId: paris.id, role: "Buyer" }],
      contactPoints: [
        { kind: "EMAIL", value: "marie@curie.example" },
        { kind: "PHONE", value: "01 23 45 67 89" },
      ],
    });
    const merged = await contact({
      firstName: "M.",
      lastName: "Curie",
      title: "Physicist",
      externalId: "ext-curie",
      tags: ["m", "S"],
      accounts: [
        { accountId: lyon.id, role: "Owner", isPrimary: true },
        { accountId: paris.id, role: "Owner" },
      ],
      contactPoints: [
        { kind: "EMAIL", value: "other@curie.example", isPrimary: true },
        { kind: "EMAIL", value: "MARIE@curie.example" },
        { kind: "PHONE", value: "+33 6 12 34 56 78" },
        { kind: "WEB", value: "curie.example" },
      ],
    });
    const earlier = await contact({ lastName: "Merged earlier" });
    await app.query("UPDATE contact SET merged_into_id = ? WHERE id = ?", [merged.row, earlier.row]);
    const both = await interaction([`c:${survivor.row}`, `c:${merged.row}`]);
    const only = await interaction([`c:${merged.row}`]);
    await app.query(
      "INSERT INTO consent_record (tenant_id, contact_id, channel, purpose, status, source, recorded_at) VALUES (1, ?, 'EMAIL', 'MARKETING', 'GRANTED', 'web', NOW(3))",
      [merged.row],
    );
    for (const [id, start] of [[survivor.row, "22:00"], [merged.row, "20:00"]]) {
      await app.query("INSERT INTO contact_policy (contact_id, tenant_id, quiet_hours_start, quiet_hours_end) VALUES (?, 1, ?, '07:00')", [id, start]);
    }
    await app.query(
      `INSERT INTO contact_decision (tenant_id, contact_id, channel, purpose, verdict, reason, reason_code, requested_by, decided_at)
       VALUES (1, ?, 'EMAIL', 'MARKETING', 'ALLOWED_NOW', 'ok', 'ALLOWED', 'core', NOW(3))`,
      [merged.row],
    );
    await app.query("INSERT INTO gdpr_request (tenant_id, contact_id, kind, status) VALUES (1, ?, 'EXPORT', 'PENDING')", [merged.row]);
    hookCalls.length = 0;

    const { contactMerge } = await writer.data(ContactMergeDocument, { input: { survivorId: survivor.id, mergedId: merged.id } });
    expect(contactMerge).toMatchObject({
      userErrors: [],
      mergedId: merged.id,
      contact: {
        id: survivor.id,
        firstName: "Marie",
        title: "Physicist",
        timeZone: "Europe/Paris",
        externalId: "ext-curie",
        primaryEmail: "marie@curie.example",
        primaryPhone: "+33123456789",
        tags: ["hooked", "m", "s"],
        accounts: [
          { account: { id: paris.id }, role: "Buyer", isPrimary: true },
          { account: { id: lyon.id }, role: "Owner", isPrimary: false },
        ],
      },
    });
    // The exact twin is dropped; one primary per kind, the survivor's.
    expect(contactMerge.contact!.contactPoints.map((point) => [point.kind, point.normalized, point.isPrimary])).toEqual([
      ["EMAIL", "marie@curie.example", true],
      ["PHONE", "+33123456789", true],
      ["EMAIL", "other@curie.example", false],
      ["PHONE", "+33612345678", false],
      ["WEB", "https://curie.example", true],
    ]);
    expect(hookCalls).toEqual([{ hook: "mergeContacts", survivorId: survivor.row, mergedId: merged.row }]);

    expect(await rows("SELECT merged_into_id, external_id, primary_email FROM contact WHERE id IN (?, ?) ORDER BY id", [merged.row, earlier.row])).toEqual([
      { merged_into_id: survivor.row, external_id: null, primary_email: null },
      { merged_into_id: survivor.row, external_id: null, primary_email: null },
    ]);
    expect(await rows("SELECT interaction_id, participant_key, contact_id FROM interaction_participant WHERE interaction_id IN (?, ?) ORDER BY interaction_id", [both, only])).toEqual([
      { interaction_id: both, participant_key: `c:${survivor.row}`, contact_id: survivor.row },
      { interaction_id: only, participant_key: `c:${survivor.row}`, contact_id: survivor.row },
    ]);
    for (const table of ["consent_record", "contact_decision", "gdpr_request", "contact_point", "account_contact"]) {
      expect(await rows(`SELECT contact_id FROM ${table} WHERE contact_id = ?`, [merged.row])).toEqual([]);
    }
    expect(await rows("SELECT contact_id FROM consent_record WHERE contact_id = ?", [survivor.row])).toHaveLength(1);
    expect(await rows("SELECT contact_id, quiet_hours_start FROM contact_policy WHERE contact_id IN (?, ?)", [survivor.row, merged.row])).toEqual([
      { contact_id: survivor.row, quiet_hours_start: "22:00" },
    ]);
    const events = await rows<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.contact.merged.v1'");
    expect(events.map((event) => JSON.parse(event.payload))).toEqual([{ survivorId: survivor.row, mergedId: merged.row }]);
    const audit = await rows<{ changes: string }>("SELECT changes FROM audit_entry WHERE entity_type = 'Contact' AND entity_id = ? AND operation = 'contactMerge'", [merged.row]);
    expect(JSON.parse(audit[0]!.changes)).toMatchObject({ mergedIntoId: { before: null, after: survivor.row } });

    // Hidden everywhere: node, lists, further writes; the importer's lookup answers with the survivor.
    expect((await writer.data(NodeDocument, { id: merged.id })).node).toBeNull();
    expect((await writer.data(ContactsDocument, { filter: { name: "Curie" } })).contacts.nodes.map((node) => node.id)).toEqual([survivor.id]);
    const again = await writer.data(ContactLinkAccountDocument, { input: { contactId: merged.id, accountId: paris.id } });
    expect(again.contactLinkAccount.userErrors).toEqual([expect.objectContaining({ field: ["input", "contactId"], code: "NOT_FOUND" })]);
    const scope = new TenantScope(app.services.dataSource.manager, "1");
    expect((await contactsService.findByExternalIdOrEmail(scope, { externalId: "ext-curie" }))?.id).toBe(survivor.row);
    expect((await contactsService.findByExternalIdOrEmail(scope, { email: "OTHER@curie.example" }))?.id).toBe(survivor.row);
  });

  it("refuses merging into itself, unknown, merged-away, malformed and other tenants' ids, writing nothing", async () => {
    const mine = await contact({ lastName: "Kept" });
    const spare = await contact({ lastName: "Spare" });
    const theirs = await contact({ lastName: "Theirs" }, other);
    const merge = async (survivorId: string, mergedId: string) => (await writer.data(ContactMergeDocument, { input: { survivorId, mergedId } })).contactMerge;

    expect((await merge(mine.id, mine.id)).userErrors).toEqual([{ field: ["input", "mergedId"], code: "INVALID", message: "The contact cannot be merged into itself." }]);
    const unknown = await merge(mine.id, toGlobalId("Contact", "999999"));
    expect(unknown).toEqual({ contact: null, mergedId: null, userErrors: [{ field: ["input", "mergedId"], code: "NOT_FOUND", message: "No such contact." }] });
    expect(await merge(mine.id, theirs.id)).toEqual(unknown);
    expect((await merge(theirs.id, mine.id)).userErrors).toEqual([{ field: ["input", "survivorId"], code: "NOT_FOUND", message: "No such contact." }]);
    expect((await merge(mine.id, toGlobalId("Account", "1"))).userErrors).toEqual([expect.objectContaining({ field: ["input", "mergedId"], code: "INVALID" })]);
    expect((await merge(mine.id, spare.id)).userErrors).toEqual([]);
    expect((await merge(mine.id, spare.id)).userErrors).toEqual(unknown.userErrors);
    expect(await rows("SELECT merged_into_id FROM contact WHERE id = ?", [theirs.row])).toEqual([{ merged_into_id: null }]);

    const reader = app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.read", "accounts.write"] }));
    expect((await reader.request(ContactMergeDocument, { input: { survivorId: mine.id, mergedId: spare.id } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("undoes the whole merge when a module's hook fails", async () => {
    const survivor = await contact({ lastName: "Hook survivor" });
    const merged = await contact({ lastName: "Hook merged", tags: ["t"], contactPoints: [{ kind: "EMAIL", value: "hook@merge.example" }] });
    const participation = await interaction([`c:${merged.row}`]);
    failNextHook = true;
    try {
      const response = await writer.request(ContactMergeDocument, { input: { survivorId: survivor.id, mergedId: merged.id } });
      expect(response.errors?.[0]?.extensions?.code).toBe("INTERNAL_SERVER_ERROR");
    } finally {
      failNextHook = false;
    }
    expect(await rows("SELECT merged_into_id FROM contact WHERE id = ?", [merged.row])).toEqual([{ merged_into_id: null }]);
    expect(await rows("SELECT contact_id FROM contact_point WHERE normalized = 'hook@merge.example'")).toEqual([{ contact_id: merged.row }]);
    expect(await rows("SELECT record_id, tag FROM record_tag WHERE record_type = 'Contact' AND record_id IN (?, ?)", [survivor.row, merged.row])).toEqual([
      { record_id: merged.row, tag: "t" },
    ]);
    expect(await rows("SELECT contact_id FROM interaction_participant WHERE interaction_id = ?", [participation])).toEqual([{ contact_id: merged.row }]);
    expect(await rows("SELECT id FROM outbox_event WHERE type = 'core.contact.merged.v1' AND payload LIKE ?", [`%"mergedId":"${merged.row}"%`])).toEqual([]);
  });

  it("moves an account's contacts, subsidiaries, tags and interactions to the survivor", async () => {
    const survivor = await account({ name: "Wayne Enterprises", tags: ["s"] });
    const merged = await account({ name: "Wayne Ent.", domain: "wayne.example", industry: "Conglomerate", tags: ["m"], externalId: "ext-wayne" });
    for (const name of ["Wayne Foods", "Wayne Tech"]) await account({ name, parentId: merged.id });
    const elsewhere = await account({ name: "Elsewhere Inc" });
    const both = await contact({ lastName: "Both", accounts: [{ accountId: merged.id, role: "CFO", isPrimary: true }, { accountId: survivor.id }] });
    const onlyMerged = await contact({ lastName: "Only", accounts: [{ accountId: elsewhere.id, isPrimary: true }, { accountId: merged.id, role: "Buyer" }] });
    const participation = await interaction([`a:${survivor.row}`, `a:${merged.row}`, `c:${both.row}`]);
    hookCalls.length = 0;

    const { accountMerge } = await writer.data(AccountMergeDocument, { input: { survivorId: survivor.id, mergedId: merged.id } });
    expect(accountMerge).toMatchObject({
      userErrors: [],
      mergedId: merged.id,
      account: { id: survivor.id, name: "Wayne Enterprises", domain: "wayne.example", industry: "Conglomerate", externalId: "ext-wayne", tags: ["m", "s"] },
    });
    expect(hookCalls).toEqual([{ hook: "mergeAccounts", survivorId: survivor.row, mergedId: merged.row }]);
    const { node } = await writer.data(AccountNodeDocument, { id: survivor.id, first: 10 });
    expect(node?.__typename === "Account" && [node.children.nodes.map((c) => c.name), node.contacts?.nodes.map((c) => c.lastName)]).toEqual([
      ["Wayne Foods", "Wayne Tech"],
      ["Both", "Only"],
    ]);
    // A contact whose primary account was merged away keeps the survivor as primary; roles move with the links.
    expect(await rows("SELECT contact_id, account_id, role, is_primary FROM account_contact WHERE contact_id IN (?, ?) ORDER BY contact_id, account_id", [both.row, onlyMerged.row])).toEqual([
      { contact_id: both.row, account_id: survivor.row, role: "CFO", is_primary: 1 },
      { contact_id: onlyMerged.row, account_id: survivor.row, role: "Buyer", is_primary: 0 },
      { contact_id: onlyMerged.row, account_id: elsewhere.row, role: null, is_primary: 1 },
    ]);
    expect(await rows("SELECT participant_key FROM interaction_participant WHERE interaction_id = ? ORDER BY participant_key", [participation])).toEqual([
      { participant_key: `a:${survivor.row}` },
      { participant_key: `c:${both.row}` },
    ]);
    expect((await writer.data(NodeDocument, { id: merged.id })).node).toBeNull();
    expect((await writer.data(AccountsDocument, { filter: { name: "Wayne" } })).accounts.nodes.map((a) => a.name)).toEqual([
      "Wayne Enterprises",
      "Wayne Foods",
      "Wayne Tech",
    ]);
    const events = await rows<{ payload: string }>("SELECT payload FROM outbox_event WHERE type = 'core.account.merged.v1'");
    expect(events.map((event) => JSON.parse(event.payload))).toContainEqual({ survivorId: survivor.row, mergedId: merged.row });
  });

  it("keeps the hierarchy a tree when the survivor sits below the merged account", async () => {
    const top = await account({ name: "Tree top" });
    const merged = await account({ name: "Tree merged", parentId: top.id });
    const middle = await account({ name: "Tree middle", parentId: merged.id });
    const survivor = await account({ name: "Tree survivor", parentId: middle.id });
    const sibling = await account({ name: "Tree sibling", parentId: merged.id });
    const { accountMerge } = await writer.data(AccountMergeDocument, { input: { survivorId: survivor.id, mergedId: merged.id } });
    expect(accountMerge.userErrors).toEqual([]);
    const parents = await rows<{ id: string; parent_id: string | null }>("SELECT id, parent_id FROM account WHERE id IN (?, ?, ?) ORDER BY id", [
      middle.row,
      survivor.row,
      sibling.row,
    ]);
    expect(parents).toEqual([
      { id: middle.row, parent_id: top.row },
      { id: survivor.row, parent_id: middle.row },
      { id: sibling.row, parent_id: survivor.row },
    ]);
    const refused = await app.client.as(tokenFor({ tenantId: "1", permissions: ["accounts.read", "contacts.write"] })).request(AccountMergeDocument, {
      input: { survivorId: top.id, mergedId: middle.id },
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const self = await writer.data(AccountMergeDocument, { input: { survivorId: top.id, mergedId: top.id } });
    expect(self.accountMerge.userErrors).toEqual([{ field: ["input", "mergedId"], code: "INVALID", message: "The account cannot be merged into itself." }]);
  });
});
