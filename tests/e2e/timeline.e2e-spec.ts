import type { Contact } from "../../core/contacts/contact.entity";
import type { Account } from "../../core/accounts/account.entity";
import { fromGlobalId, toGlobalId } from "../../core/graphql/relay/global-id";
import { InteractionChannel, InteractionDirection } from "../../core/interactions/interaction.entity";
import { TimelineInputError, participantKey } from "../../core/interactions/timeline.service";
import {
  AccountTimelineDocument,
  ContactTimelineDetailsDocument,
  ContactTimelineDocument,
  ContactsTimelinesDocument,
  InteractionNodeDocument,
  InteractionRecordDocument,
  type InteractionRecordInput,
  type TimelineFilter,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const READ = ["contacts.read", "accounts.read", "interactions.read"];
const WRITE = [...READ, "interactions.write"];

describe("interaction timeline", () => {
  let app: TestApp;
  let acme: Customers;
  let globex: Customers;
  let writer: GraphQLClient;
  let writerId: string;

  beforeAll(async () => {
    app = await TestApp.start();
    acme = new Customers(app, "1");
    globex = new Customers(app, "2");
    writerId = (await acme.user({ name: "Wendy Writer" })).id;
    writer = app.client.as(tokenFor({ tenantId: "1", id: writerId, permissions: WRITE }));
  });
  afterAll(() => app.stop());

  const clientOf = (tenantId: string, permissions: string[]) => app.client.as(tokenFor({ tenantId, id: "999", permissions }));

  async function record(input: InteractionRecordInput, client = writer) {
    return (await client.data(InteractionRecordDocument, { input })).interactionRecord;
  }

  /** Records an interaction that must succeed; returns its global id. */
  async function recorded(input: Partial<InteractionRecordInput> & Pick<InteractionRecordInput, "participants">): Promise<string> {
    const payload = await record({ channel: "PHONE", direction: "INBOUND", ...input });
    expect(payload.userErrors).toEqual([]);
    return payload.interaction!.id;
  }

  async function contactPage(contact: Contact, variables: { filter?: TimelineFilter; first?: number; after?: string | null; last?: number; before?: string | null }) {
    const { node } = await writer.data(ContactTimelineDocument, { id: gid.contact(contact), ...variables });
    return nodeOf(node, "Contact").timeline!;
  }

  const count = async (table: string) => Number((await app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`))[0]!.n);

  describe("recording", () => {
    it("writes the interaction, one participant row per contact and account, and the event", async () => {
      const anna = await acme.contact({ firstName: "Anna" });
      const bob = await acme.contact({ firstName: "Bob" });
      const company = await acme.account({ name: "Acme Corp" });
      const payload = await record({
        channel: "EMAIL",
        direction: "OUTBOUND",
        occurredAt: "2026-03-01T09:30:00.000Z",
        subject: "Renewal",
        body: "Your contract renews next month.",
        outcome: "sent",
        participants: {
          contactIds: [gid.contact(bob), gid.contact(anna)],
          accountIds: [gid.account(company)],
          roles: [
            { participant: gid.contact(anna), role: "recipient" },
            { participant: gid.account(company), role: "customer" },
          ],
        },
      });
      expect(payload.userErrors).toEqual([]);
      expect(payload.interaction).toMatchObject({
        channel: "EMAIL",
        direction: "OUTBOUND",
        occurredAt: "2026-03-01T09:30:00.000Z",
        subject: "Renewal",
        outcome: "sent",
        sourceModule: null,
        // The signed-in staff user handled it, unless the input says who did.
        user: { id: gid.user({ id: writerId }), name: "Wendy Writer" },
        // Contacts first, then accounts, each by id.
        participants: [
          { role: "recipient", contact: { id: gid.contact(anna), firstName: "Anna" }, account: null },
          { role: null, contact: { id: gid.contact(bob), firstName: "Bob" }, account: null },
          { role: "customer", contact: null, account: { id: gid.account(company), name: "Acme Corp" } },
        ],
      });

      const interactionId = fromGlobalId(payload.interaction!.id, "Interaction").rowId;
      const rows = await app.query<{ participant_key: string; channel: string; occurred_at: Date; tenant_id: string }>(
        "SELECT participant_key, channel, occurred_at, tenant_id FROM interaction_participant WHERE interaction_id = ? ORDER BY participant_key",
        [interactionId],
      );
      // Channel and time are copied, so each timeline is one index range.
      expect(rows.map((r) => [r.participant_key, r.channel, r.occurred_at.toISOString(), String(r.tenant_id)])).toEqual([
        [`a:${company.id}`, "EMAIL", "2026-03-01T09:30:00.000Z", "1"],
        [`c:${anna.id}`, "EMAIL", "2026-03-01T09:30:00.000Z", "1"],
        [`c:${bob.id}`, "EMAIL", "2026-03-01T09:30:00.000Z", "1"],
      ]);
      const [event] = await app.query<{ payload: string | object; actor: string }>(
        "SELECT payload, actor FROM outbox_event WHERE type = 'core.interaction.recorded.v1' AND JSON_VALUE(payload, '$.interactionId') = ?",
        [interactionId],
      );
      expect(typeof event!.payload === "string" ? JSON.parse(event!.payload) : event!.payload).toEqual({
        interactionId,
        channel: "EMAIL",
        direction: "OUTBOUND",
        occurredAt: "2026-03-01T09:30:00.000Z",
        contactIds: [bob.id, anna.id],
        accountIds: [company.id],
        source: null,
      });
      expect(event!.actor).toBe(`staff:${writerId}`);
      // The whole interaction is readable by id, with interactions.read.
      const { node } = await clientOf("1", ["interactions.read"]).data(InteractionNodeDocument, { id: payload.interaction!.id });
      expect(node).toMatchObject({ __typename: "Interaction", id: payload.interaction!.id, subject: "Renewal" });
    });

    it("refuses an unknown, another tenant's or a merged-away participant alike, as NOT_FOUND, and writes nothing", async () => {
      const mine = await acme.contact();
      const merged = await acme.contact({ mergedIntoId: mine.id });
      const theirs = await globex.contact();
      const theirAccount = await globex.account();
      const before = await Promise.all([count("interaction"), count("interaction_participant"), count("outbox_event")]);
      const payload = await record({
        channel: "PHONE",
        direction: "INBOUND",
        participants: {
          contactIds: [gid.contact(mine), toGlobalId("Contact", "987654321"), gid.contact(theirs), gid.contact(merged)],
          accountIds: [gid.account(theirAccount)],
        },
      });
      expect(payload.interaction).toBeNull();
      expect(payload.userErrors).toEqual([
        { field: ["input", "participants", "contactIds", "1"], code: "NOT_FOUND", message: "No such contact." },
        { field: ["input", "participants", "contactIds", "2"], code: "NOT_FOUND", message: "No such contact." },
        { field: ["input", "participants", "contactIds", "3"], code: "NOT_FOUND", message: "No such contact." },
        { field: ["input", "participants", "accountIds", "0"], code: "NOT_FOUND", message: "No such account." },
      ]);
      expect(await Promise.all([count("interaction"), count("interaction_participant"), count("outbox_event")])).toEqual(before);
    });

    it("refuses malformed ids, no participants, a future time, overlong text, stray roles and an unknown user", async () => {
      const anna = await acme.contact();
      const before = await count("interaction");
      const malformed = await record({
        channel: "PHONE",
        direction: "INBOUND",
        userId: "not-an-id",
        participants: { contactIds: [gid.account({ id: "1" }), "garbage"], roles: [{ participant: toGlobalId("User", "1"), role: "x" }] },
      });
      expect(malformed.userErrors.map((e) => [e.field, e.code])).toEqual([
        [["input", "participants", "contactIds", "0"], "INVALID"],
        [["input", "participants", "contactIds", "1"], "INVALID"],
        [["input", "userId"], "INVALID"],
        [["input", "participants", "roles", "0", "participant"], "INVALID"],
      ]);

      const invalid = await record({
        channel: "PHONE",
        direction: "INBOUND",
        occurredAt: new Date(Date.now() + 3_600_000).toISOString(),
        subject: "x".repeat(301),
        userId: gid.user({ id: "987654321" }),
        participants: { contactIds: [gid.contact(anna)], roles: [{ participant: gid.account({ id: "5" }), role: "buyer" }, { participant: gid.contact(anna), role: " " }] },
      });
      expect(invalid.userErrors.map((e) => [e.field, e.code])).toEqual([
        [["input", "subject"], "INVALID"],
        [["input", "occurredAt"], "INVALID"],
        [["input", "participants", "roles", "0", "participant"], "INVALID"],
        [["input", "participants", "roles", "1", "role"], "INVALID"],
        [["input", "userId"], "NOT_FOUND"],
      ]);

      const nobody = await record({ channel: "PHONE", direction: "INBOUND", participants: {} });
      expect(nobody.userErrors).toEqual([expect.objectContaining({ field: ["input", "participants"], code: "REQUIRED" })]);
      expect(await count("interaction")).toBe(before);
    });

    it("refuses new history about an erased person", async () => {
      const erased = await acme.contact({ erasedAt: new Date() });
      const payload = await record({ channel: "PHONE", direction: "INBOUND", participants: { contactIds: [gid.contact(erased)] } });
      expect(payload.userErrors).toEqual([expect.objectContaining({ field: ["input", "participants", "contactIds", "0"], code: "INVALID" })]);
    });

    it("needs interactions.write to record and interactions.read to read", async () => {
      const anna = await acme.contact();
      const input: InteractionRecordInput = { channel: "SMS", direction: "OUTBOUND", participants: { contactIds: [gid.contact(anna)] } };
      const denied = await clientOf("1", READ).request(InteractionRecordDocument, { input });
      expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const id = await recorded(input);

      const blind = clientOf("1", ["contacts.read", "accounts.read"]);
      const timeline = await blind.request(ContactTimelineDocument, { id: gid.contact(anna) });
      expect(timeline.errors?.[0]).toMatchObject({ path: ["node", "timeline"], extensions: { code: "FORBIDDEN" } });
      expect((await blind.data(InteractionNodeDocument, { id })).node).toBeNull();
      expect((await app.client.request(ContactTimelineDocument, { id: gid.contact(anna) })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });

  describe("reading", () => {
    let anna: Contact;
    let other: Contact;
    let company: Account;
    /** Subjects of anna's timeline, newest first. */
    let newestFirst: string[];

    beforeAll(async () => {
      anna = await acme.contact();
      company = await acme.account();
      await acme.link(anna, company);
      other = await acme.contact();
      const entries: [string, InteractionChannel, string, "both" | "contact" | "account" | "other"][] = [
        ["t1", InteractionChannel.EMAIL, "2026-01-01T10:00:00.000Z", "both"],
        ["t2", InteractionChannel.PHONE, "2026-01-02T10:00:00.000Z", "contact"],
        ["t3", InteractionChannel.SMS, "2026-01-03T10:00:00.000Z", "both"],
        // Same moment as t3: the later id comes first.
        ["t4", InteractionChannel.EMAIL, "2026-01-03T10:00:00.000Z", "contact"],
        ["t5", InteractionChannel.PHONE, "2026-01-04T10:00:00.000Z", "account"],
        ["t6", InteractionChannel.EMAIL, "2026-01-05T10:00:00.000Z", "contact"],
        ["t7", InteractionChannel.WEB, "2026-01-06T10:00:00.000Z", "both"],
        ["t8", InteractionChannel.PHONE, "2026-01-07T10:00:00.000Z", "other"],
      ];
      for (const [subject, channel, occurredAt, who] of entries) {
        await recorded({
          subject,
          channel: channel as InteractionRecordInput["channel"],
          occurredAt,
          participants: {
            contactIds: who === "both" || who === "contact" ? [gid.contact(anna)] : who === "other" ? [gid.contact(other)] : [],
            accountIds: who === "both" || who === "account" ? [gid.account(company)] : [],
          },
        });
      }
      newestFirst = ["t7", "t6", "t4", "t3", "t2", "t1"];
    });

    it("lists a contact's interactions newest first, ties broken by the latest recorded", async () => {
      const page = await contactPage(anna, { first: 10 });
      expect(page.edges.map((e) => e.node.subject)).toEqual(newestFirst);
      expect(page.totalCount).toBe(6);
      expect(page.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
    });

    it("pages forward with first/after and back with last/before, seeing every item once", async () => {
      const forward: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const page = await contactPage(anna, { first: 4, after });
        forward.push(...page.edges.map((e) => e.node.subject!));
        pages += 1;
        expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect([forward, pages]).toEqual([newestFirst, 2]);

      const backward: string[] = [];
      let before: string | null = null;
      for (;;) {
        const page = await contactPage(anna, { last: 4, before });
        backward.unshift(...page.edges.map((e) => e.node.subject!));
        expect(page.pageInfo.hasNextPage).toBe(before !== null);
        if (!page.pageInfo.hasPreviousPage) break;
        before = page.pageInfo.startCursor;
      }
      expect(backward).toEqual(newestFirst);

      // From the middle both ways: the items around a cursor, on each side.
      const middle = (await contactPage(anna, { first: 3 })).pageInfo.endCursor;
      expect((await contactPage(anna, { first: 2, after: middle })).edges.map((e) => e.node.subject)).toEqual(["t3", "t2"]);
      expect((await contactPage(anna, { last: 2, before: middle })).edges.map((e) => e.node.subject)).toEqual(["t7", "t6"]);
    });

    it("filters by channel set and by time window [from, to)", async () => {
      const subjects = async (filter: TimelineFilter) => (await contactPage(anna, { first: 20, filter })).edges.map((e) => e.node.subject);
      expect(await subjects({ channels: ["EMAIL"] })).toEqual(["t6", "t4", "t1"]);
      expect(await subjects({ channels: ["SMS", "WEB"] })).toEqual(["t7", "t3"]);
      expect(await subjects({ channels: [] })).toEqual([]);
      expect(await subjects({ from: "2026-01-03T10:00:00.000Z", to: "2026-01-05T10:00:00.000Z" })).toEqual(["t4", "t3"]);
      expect(await subjects({ channels: ["EMAIL"], from: "2026-01-02T00:00:00.000Z" })).toEqual(["t6", "t4"]);
      const filtered = await contactPage(anna, { first: 1, filter: { channels: ["EMAIL"] } });
      expect([filtered.totalCount, filtered.pageInfo.hasNextPage]).toEqual([3, true]);
      const next = await contactPage(anna, { first: 5, after: filtered.pageInfo.endCursor, filter: { channels: ["EMAIL"] } });
      expect(next.edges.map((e) => e.node.subject)).toEqual(["t4", "t1"]);
    });

    it("rejects an empty or reversed time window, bad cursors and page sizes", async () => {
      const errorOf = async (variables: { filter?: TimelineFilter; first?: number; after?: string; last?: number }) =>
        (await writer.request(ContactTimelineDocument, { id: gid.contact(anna), ...variables })).errors?.[0]?.extensions?.code;
      expect(await errorOf({ filter: { from: "2026-01-05T00:00:00.000Z", to: "2026-01-01T00:00:00.000Z" } })).toBe("BAD_USER_INPUT");
      expect(await errorOf({ filter: { from: "2026-01-05T00:00:00.000Z", to: "2026-01-05T00:00:00.000Z" } })).toBe("BAD_USER_INPUT");
      expect(await errorOf({ filter: { from: "yesterday" } })).toBe("BAD_USER_INPUT");
      expect(await errorOf({ after: "not-a-cursor" })).toBe("INVALID_CURSOR");
      expect(await errorOf({ first: 101 })).toBe("INVALID_PAGINATION");
      expect(await errorOf({ first: 1, last: 1 })).toBe("INVALID_PAGINATION");
    });

    it("lists an account's own interactions on its timeline", async () => {
      const page = async (variables: { filter?: TimelineFilter; first?: number; last?: number }) =>
        nodeOf((await writer.data(AccountTimelineDocument, { id: gid.account(company), ...variables })).node, "Account").timeline!;
      expect((await page({ first: 10 })).edges.map((e) => e.node.subject)).toEqual(["t7", "t5", "t3", "t1"]);
      expect((await page({ filter: { channels: ["PHONE"] }, last: 1 })).edges.map((e) => e.node.subject)).toEqual(["t5"]);
    });

    it("loads participants and users in a constant number of statements, whatever the page size", async () => {
      const statements = async (first: number) => {
        const response = await writer.request(ContactTimelineDetailsDocument, { id: gid.contact(anna), first });
        expect(response.errors).toBeUndefined();
        expect(nodeOf(response.data!.node, "Contact").timeline!.nodes).toHaveLength(first);
        return Number(response.headers.get("x-sql-statements"));
      };
      const small = await statements(2);
      // The contact; the page (ranked ids joined to their rows); their participants, contacts, accounts and users.
      expect(small).toBe(6);
      expect(await statements(6)).toBe(small);
    });

    it("pages many contacts' timelines together, in the statements one costs", async () => {
      const timelines = async (contacts: Contact[]) => {
        const response = await writer.request(ContactsTimelinesDocument, { ids: contacts.map(gid.contact), first: 2 });
        expect(response.errors).toBeUndefined();
        const pages = response.data!.nodes.map((node) => nodeOf(node, "Contact").timeline!);
        return { pages: pages.map((page) => [page.totalCount, page.nodes.map((n) => n.subject)]), statements: response.headers.get("x-sql-statements") };
      };
      const one = await timelines([anna]);
      const three = await timelines([anna, other, await acme.contact()]);
      expect(three.pages).toEqual([
        [6, ["t7", "t6"]],
        [1, ["t8"]],
        [0, []],
      ]);
      expect(three.statements).toBe(one.statements);
    });

    it("are invisible to another tenant", async () => {
      const outsiderId = (await globex.user()).id;
      const outsider = app.client.as(tokenFor({ tenantId: "2", id: outsiderId, permissions: WRITE }));
      expect((await outsider.data(ContactTimelineDocument, { id: gid.contact(anna) })).node).toBeNull();
      const id = (await contactPage(anna, { first: 1 })).edges[0]!.node.id;
      expect((await outsider.data(InteractionNodeDocument, { id })).node).toBeNull();
      const payload = await record({ channel: "PHONE", direction: "INBOUND", participants: { contactIds: [gid.contact(anna)], accountIds: [gid.account(company)] } }, outsider);
      expect(payload.userErrors.map((e) => [e.field, e.code])).toEqual([
        [["input", "participants", "contactIds", "0"], "NOT_FOUND"],
        [["input", "participants", "accountIds", "0"], "NOT_FOUND"],
      ]);
      expect((await contactPage(anna, { first: 10 })).totalCount).toBe(6);
    });
  });

  describe("TimelineService, for modules", () => {
    it("records with the module record as source, in the caller's unit of work, and refuses what the API refuses", async () => {
      const anna = await acme.contact();
      const company = await acme.account();
      const { timeline, transactions } = app.services;
      const work = { tenantId: "1", actor: null, requestId: null, operation: "css.ticketReply" };
      const interaction = await transactions.run(work, (uow) =>
        timeline.record(uow, {
          channel: InteractionChannel.EMAIL,
          direction: InteractionDirection.OUTBOUND,
          occurredAt: new Date("2026-02-01T08:00:00Z"),
          subject: "Re: your ticket",
          participants: { contactIds: [anna.id], accountIds: [company.id], roles: [{ participant: participantKey.contact(anna.id), role: "requester" }] },
          source: { module: "css", type: "Ticket", id: toGlobalId("Ticket", "42") },
        }),
      );
      const { node } = await writer.data(ContactTimelineDetailsDocument, { id: gid.contact(anna), first: 1 });
      expect(nodeOf(node, "Contact").timeline!.nodes[0]).toMatchObject({
        id: interaction.globalId,
        sourceModule: "css",
        sourceType: "Ticket",
        sourceId: toGlobalId("Ticket", "42"),
        user: null,
        participants: [{ role: "requester", contact: { id: gid.contact(anna) } }, { role: null, account: { id: gid.account(company) } }],
      });

      const theirs = await globex.contact();
      const before = await count("interaction");
      const refused = transactions.run(work, (uow) =>
        timeline.record(uow, {
          channel: InteractionChannel.EMAIL,
          direction: InteractionDirection.OUTBOUND,
          occurredAt: new Date(),
          participants: { contactIds: [theirs.id] },
          source: { module: "Not A Module", type: "Ticket", id: "1" },
        }),
      );
      await expect(refused).rejects.toBeInstanceOf(TimelineInputError);
      await expect(refused).rejects.toMatchObject({
        userErrors: [
          expect.objectContaining({ field: ["source", "module"], code: "INVALID" }),
          expect.objectContaining({ field: ["participants", "contactIds", "0"], code: "NOT_FOUND" }),
        ],
      });
      expect(await count("interaction")).toBe(before);
    });
  });
});
