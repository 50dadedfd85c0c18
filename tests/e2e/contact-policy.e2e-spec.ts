import { ContactVerdict, MessagePurpose } from "../../core/consent/consent.entities";
import type { ContactRequest } from "../../core/consent/contact-policy.service";
import type { Contact } from "../../core/contacts/contact.entity";
import { ContactPointKind } from "../../core/contacts/contact-point.entity";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import {
  ConsentRecordDocument,
  ContactConsentsDocument,
  ContactDecisionsDocument,
  ContactPolicyCheckDocument,
  ContactPolicySetDocument,
  type ConsentRecordInput,
  type ContactPolicyCheckInput,
  type ContactPolicySetInput,
} from "../../schema/generated/graphql";
import { Customers, gid, nodeOf } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const HOUR = 3_600_000;
const READ = ["contacts.read", "consent.read"];
const WRITE = [...READ, "consent.write"];

describe("consent and contact policy", () => {
  let app: TestApp;
  let acme: Customers;
  let globex: Customers;
  let writer: GraphQLClient;
  let reader: GraphQLClient;

  beforeAll(async () => {
    app = await TestApp.start();
    acme = new Customers(app, "1");
    globex = new Customers(app, "2");
    writer = app.client.as(tokenFor({ tenantId: "1", id: "7", permissions: WRITE }));
    reader = app.client.as(tokenFor({ tenantId: "1", id: "8", permissions: READ }));
  });
  afterAll(() => app.stop());

  /** A contact with an email and an SMS contact point. */
  async function reachable(values: Partial<Contact> = {}): Promise<Contact> {
    const contact = await acme.contact(values);
    await acme.point(contact, ContactPointKind.EMAIL);
    await acme.point(contact, ContactPointKind.SMS);
    return contact;
  }

  async function consent(contact: Contact, input: Partial<ConsentRecordInput>) {
    const { consentRecord } = await writer.data(ConsentRecordDocument, {
      input: { contactId: gid.contact(contact), channel: "EMAIL", purpose: "MARKETING", status: "GRANTED", source: "web form", ...input },
    });
    expect(consentRecord.userErrors).toEqual([]);
    return consentRecord.consentRecord!;
  }

  async function setPolicy(contact: Contact, input: Omit<ContactPolicySetInput, "contactId">) {
    const { contactPolicySet } = await writer.data(ContactPolicySetDocument, { input: { contactId: gid.contact(contact), ...input } });
    expect(contactPolicySet.userErrors).toEqual([]);
    return contactPolicySet.contactPolicy;
  }

  async function check(contact: Contact | string, input: Partial<ContactPolicyCheckInput>, client = reader) {
    const contactId = typeof contact === "string" ? contact : gid.contact(contact);
    return (await client.data(ContactPolicyCheckDocument, { input: { contactId, purpose: "MARKETING", channels: ["EMAIL"], ...input } })).contactPolicyCheck;
  }

  async function verdict(contact: Contact, input: Partial<ContactPolicyCheckInput>) {
    const { result, userErrors } = await check(contact, input);
    expect(userErrors).toEqual([]);
    return result!;
  }

  const decide = (contact: Contact, request: Partial<ContactRequest>) =>
    app.services.contactPolicy.decide(acme.scope, {
      contactId: contact.id,
      channel: ContactPointKind.EMAIL,
      purpose: MessagePurpose.SERVICE,
      requestedBy: "test.sender",
      ...request,
    });

  describe("consent", () => {
    it("keeps every statement; the latest per channel and purpose is the consent", async () => {
      const anna = await reachable();
      await consent(anna, { status: "GRANTED", recordedAt: "2026-01-01T00:00:00.000Z" });
      await consent(anna, { channel: "SMS", status: "GRANTED", recordedAt: "2026-01-02T00:00:00.000Z" });
      const withdrawn = await consent(anna, { status: "WITHDRAWN", source: "unsubscribe link", evidence: "List-Unsubscribe", recordedAt: "2026-01-03T00:00:00.000Z" });
      // A statement backfilled from an import, older than the latest, does not override it.
      await consent(anna, { status: "GRANTED", source: "import", recordedAt: "2026-01-02T12:00:00.000Z" });
      await consent(anna, { purpose: "SERVICE", status: "DENIED", recordedAt: "2026-01-04T00:00:00.000Z" });
      expect(withdrawn).toMatchObject({ status: "WITHDRAWN", source: "unsubscribe link", evidence: "List-Unsubscribe", contact: { id: gid.contact(anna) } });

      const history = async (variables: { first?: number; after?: string | null; last?: number; before?: string | null }) => {
        const contact = nodeOf((await reader.data(ContactConsentsDocument, { id: gid.contact(anna), ...variables })).node, "Contact");
        return { consents: contact.consents!, consentHistory: contact.consentHistory! };
      };
      const { consents, consentHistory } = await history({ first: 2 });
      expect(consents.map((c) => [c.channel, c.purpose, c.status])).toEqual([
        ["EMAIL", "MARKETING", "WITHDRAWN"],
        ["EMAIL", "SERVICE", "DENIED"],
        ["SMS", "MARKETING", "GRANTED"],
      ]);
      expect(consentHistory.totalCount).toBe(5);
      expect(consentHistory.nodes.map((c) => c.recordedAt)).toEqual(["2026-01-04T00:00:00.000Z", "2026-01-03T00:00:00.000Z"]);
      const rest = await history({ first: 10, after: consentHistory.pageInfo.endCursor });
      expect(rest.consentHistory.nodes.map((c) => c.source)).toEqual(["import", "web form", "web form"]);
      const back = await history({ last: 1, before: consentHistory.pageInfo.startCursor });
      expect(back.consentHistory).toMatchObject({ nodes: [], pageInfo: { hasPreviousPage: false } });
      const previous = await history({ last: 2, before: rest.consentHistory.pageInfo.endCursor });
      expect(previous.consentHistory.nodes.map((c) => c.source)).toEqual(["import", "web form"]);

      const events = await app.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM outbox_event WHERE type = 'core.consent.recorded.v1' AND JSON_VALUE(payload, '$.contactId') = ?",
        [anna.id],
      );
      expect(Number(events[0]!.n)).toBe(5);
    });

    it("refuses an unknown, another tenant's or merged-away contact alike, bad values, and erased people", async () => {
      const base = { channel: "EMAIL", purpose: "MARKETING", status: "GRANTED", source: "web form" } as const;
      const refused = async (input: Partial<ConsentRecordInput>) =>
        (await writer.data(ConsentRecordDocument, { input: { contactId: "", ...base, ...input } })).consentRecord;
      const mine = await acme.contact();
      const unknown = await refused({ contactId: toGlobalId("Contact", "987654321") });
      const foreign = await refused({ contactId: gid.contact(await globex.contact()) });
      const merged = await refused({ contactId: gid.contact(await acme.contact({ mergedIntoId: mine.id })) });
      expect(unknown).toEqual({ consentRecord: null, userErrors: [{ field: ["input", "contactId"], code: "NOT_FOUND", message: "No such contact." }] });
      expect(foreign).toEqual(unknown);
      expect(merged).toEqual(unknown);

      const bad = await refused({ contactId: "nope", source: "", recordedAt: new Date(Date.now() + 24 * HOUR).toISOString() });
      expect(bad.userErrors.map((e) => [e.field, e.code])).toEqual([
        [["input", "source"], "INVALID"],
        [["input", "contactId"], "INVALID"],
        [["input", "source"], "REQUIRED"],
        [["input", "recordedAt"], "INVALID"],
      ]);
      const erased = await refused({ contactId: gid.contact(await acme.contact({ erasedAt: new Date() })) });
      expect(erased.userErrors).toEqual([expect.objectContaining({ field: ["input", "contactId"], code: "INVALID" })]);
      expect(Number((await app.query<{ n: string }>("SELECT COUNT(*) AS n FROM consent_record WHERE contact_id = ?", [mine.id]))[0]!.n)).toBe(0);
    });

    it("needs consent.write to record and consent.read to read", async () => {
      const anna = await acme.contact();
      const input = { contactId: gid.contact(anna), channel: "EMAIL", purpose: "MARKETING", status: "GRANTED", source: "call" } as const;
      expect((await reader.request(ConsentRecordDocument, { input })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const blind = app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.read"] }));
      const response = await blind.request(ContactConsentsDocument, { id: gid.contact(anna) });
      expect(response.errors?.[0]).toMatchObject({ path: ["node", "consents"], extensions: { code: "FORBIDDEN" } });
      expect((await blind.request(ContactPolicyCheckDocument, { input: { contactId: gid.contact(anna), purpose: "SERVICE", channels: ["EMAIL"] } })).errors?.[0]?.extensions?.code).toBe(
        "FORBIDDEN",
      );
    });
  });

  describe("contact policy settings", () => {
    it("are set, read back, replaced and cleared", async () => {
      const anna = await acme.contact();
      expect(await setPolicy(anna, { quietHoursStart: "22:00", quietHoursEnd: "07:30", frequencyCap: 3, frequencyCapHours: 24 })).toMatchObject({
        quietHoursStart: "22:00",
        quietHoursEnd: "07:30",
        frequencyCap: 3,
        frequencyCapHours: 24,
      });
      const policyOf = async () => nodeOf((await reader.data(ContactDecisionsDocument, { id: gid.contact(anna) })).node, "Contact").contactPolicy;
      expect(await policyOf()).toEqual({ quietHoursStart: "22:00", quietHoursEnd: "07:30", frequencyCap: 3, frequencyCapHours: 24 });
      // A rule left out is cleared.
      await setPolicy(anna, { frequencyCap: 1, frequencyCapHours: 1 });
      expect(await policyOf()).toEqual({ quietHoursStart: null, quietHoursEnd: null, frequencyCap: 1, frequencyCapHours: 1 });
      expect(await setPolicy(anna, {})).toBeNull();
      expect(await policyOf()).toBeNull();
      const events = await app.query("SELECT id FROM outbox_event WHERE type = 'core.contactPolicy.changed.v1' AND JSON_VALUE(payload, '$.contactId') = ?", [anna.id]);
      expect(events).toHaveLength(3);
      const audit = await app.query<{ operation: string; changes: string }>(
        "SELECT operation, changes FROM audit_entry WHERE entity_type = 'ContactPolicy' AND entity_id = ? ORDER BY id",
        [anna.id],
      );
      expect(audit.map((entry) => [entry.operation, Object.keys(JSON.parse(entry.changes)).sort()])).toEqual([
        ["contactPolicySet", ["frequencyCap", "frequencyCapHours", "quietHoursEnd", "quietHoursStart"]],
        ["contactPolicySet", ["frequencyCap", "frequencyCapHours", "quietHoursEnd", "quietHoursStart"]],
        ["contactPolicySet", ["frequencyCap", "frequencyCapHours"]],
      ]);
    });

    it.each<[string, Omit<ContactPolicySetInput, "contactId">, [string[], string][]]>([
      ["an hour past 23", { quietHoursStart: "24:00", quietHoursEnd: "07:00" }, [[["input", "quietHoursStart"], "INVALID"]]],
      ["a time without leading zero", { quietHoursStart: "22:00", quietHoursEnd: "7:00" }, [[["input", "quietHoursEnd"], "INVALID"]]],
      ["a time with seconds", { quietHoursStart: "22:00:00", quietHoursEnd: "07:00" }, [[["input", "quietHoursStart"], "INVALID"]]],
      ["a start without an end", { quietHoursStart: "22:00" }, [[["input", "quietHoursEnd"], "REQUIRED"]]],
      ["an empty period", { quietHoursStart: "22:00", quietHoursEnd: "22:00" }, [[["input", "quietHoursEnd"], "INVALID"]]],
      ["a cap of zero", { frequencyCap: 0, frequencyCapHours: 24 }, [[["input", "frequencyCap"], "INVALID"]]],
      ["a window of zero hours", { frequencyCap: 2, frequencyCapHours: 0 }, [[["input", "frequencyCapHours"], "INVALID"]]],
      ["a cap without a window", { frequencyCap: 2 }, [[["input", "frequencyCapHours"], "REQUIRED"]]],
      ["a window without a cap", { frequencyCapHours: 2 }, [[["input", "frequencyCap"], "REQUIRED"]]],
    ])("refuse %s", async (_, input, expected) => {
      const anna = await acme.contact();
      const { contactPolicySet } = await writer.data(ContactPolicySetDocument, { input: { contactId: gid.contact(anna), ...input } });
      expect(contactPolicySet.userErrors.map((e) => [e.field, e.code])).toEqual(expected);
      expect(await app.query("SELECT contact_id FROM contact_policy WHERE contact_id = ?", [anna.id])).toEqual([]);
    });

    it("refuse an unknown or another tenant's contact alike, and need consent.write", async () => {
      const input = { quietHoursStart: "22:00", quietHoursEnd: "07:00" };
      const unknown = await writer.data(ContactPolicySetDocument, { input: { contactId: toGlobalId("Contact", "987654321"), ...input } });
      const foreign = await writer.data(ContactPolicySetDocument, { input: { contactId: gid.contact(await globex.contact()), ...input } });
      expect(unknown.contactPolicySet).toEqual({ contactPolicy: null, userErrors: [{ field: ["input", "contactId"], code: "NOT_FOUND", message: "No such contact." }] });
      expect(foreign).toEqual(unknown);
      const denied = await reader.request(ContactPolicySetDocument, { input: { contactId: gid.contact(await acme.contact()), ...input } });
      expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("decisions", () => {
    it("deny marketing without an explicit grant, allow it with one, deny it again once withdrawn", async () => {
      const anna = await reachable();
      expect((await verdict(anna, {})).answers).toEqual([
        expect.objectContaining({ channel: "EMAIL", verdict: "DENIED", reasonCode: "CONSENT_MISSING", allowedAt: null }),
      ]);
      await consent(anna, { status: "GRANTED" });
      expect(await verdict(anna, {})).toMatchObject({ verdict: "ALLOWED_NOW", channel: "EMAIL", answers: [{ reasonCode: "ALLOWED" }] });
      await consent(anna, { status: "WITHDRAWN" });
      expect((await verdict(anna, {})).answers[0]).toMatchObject({ verdict: "DENIED", reasonCode: "CONSENT_WITHDRAWN" });
      // Consent is per channel: SMS was never granted.
      expect((await verdict(anna, { channels: ["SMS"] })).answers[0]).toMatchObject({ verdict: "DENIED", reasonCode: "CONSENT_MISSING" });
    });

    it("allow service unless refused, and transactional even in quiet hours unless refused for transactional", async () => {
      const anna = await reachable();
      await setPolicy(anna, { quietHoursStart: "00:00", quietHoursEnd: "23:59" });
      const late = "2026-05-01T12:00:00.000Z";
      expect((await verdict(anna, { purpose: "SERVICE", at: late })).answers[0]).toMatchObject({ verdict: "ALLOWED_LATER", reasonCode: "QUIET_HOURS" });
      expect((await verdict(anna, { purpose: "TRANSACTIONAL", at: late })).answers[0]).toMatchObject({ verdict: "ALLOWED_NOW" });
      await consent(anna, { purpose: "SERVICE", status: "DENIED" });
      await consent(anna, { purpose: "TRANSACTIONAL", status: "WITHDRAWN" });
      expect((await verdict(anna, { purpose: "SERVICE" })).answers[0]).toMatchObject({ verdict: "DENIED", reasonCode: "CONSENT_DENIED" });
      expect((await verdict(anna, { purpose: "TRANSACTIONAL" })).answers[0]).toMatchObject({ verdict: "DENIED", reasonCode: "CONSENT_WITHDRAWN" });
      expect((await verdict(anna, { purpose: "TRANSACTIONAL", channels: ["SMS"] })).answers[0]).toMatchObject({ verdict: "ALLOWED_NOW" });
    });

    it("need a contact point of the channel's kind", async () => {
      const anna = await reachable();
      expect((await verdict(anna, { purpose: "TRANSACTIONAL", channels: ["PHONE"] })).answers[0]).toMatchObject({
        verdict: "DENIED",
        reasonCode: "NO_CONTACT_POINT",
      });
    });

    it("hold messages in quiet hours across midnight in the contact's zone, and across a DST change", async () => {
      const paris = await reachable({ timeZone: "Europe/Paris" });
      await setPolicy(paris, { quietHoursStart: "22:00", quietHoursEnd: "07:00" });
      const at = async (moment: string) => (await verdict(paris, { purpose: "SERVICE", at: moment })).answers[0]!;
      // 23:30 in Paris (UTC+1): allowed at 07:00 the next morning, 06:00Z.
      expect(await at("2026-01-10T22:30:00.000Z")).toMatchObject({ verdict: "ALLOWED_LATER", reasonCode: "QUIET_HOURS", allowedAt: "2026-01-11T06:00:00.000Z" });
      // 03:00 in Paris: the same morning.
      expect((await at("2026-01-11T02:00:00.000Z")).allowedAt).toBe("2026-01-11T06:00:00.000Z");
      // 21:59 and 07:00 are outside.
      expect((await at("2026-01-10T20:59:00.000Z")).verdict).toBe("ALLOWED_NOW");
      expect((await at("2026-01-11T06:00:00.000Z")).verdict).toBe("ALLOWED_NOW");
      // The night the clocks go forward (29 March 2026): 07:00 CEST is 05:00Z.
      expect((await at("2026-03-28T22:00:00.000Z")).allowedAt).toBe("2026-03-29T05:00:00.000Z");
      // The night they go back (25 October 2026): 07:00 CET is 06:00Z.
      expect((await at("2026-10-24T21:00:00.000Z")).allowedAt).toBe("2026-10-25T06:00:00.000Z");

      // Without a time zone, quiet hours are in UTC.
      const utc = await reachable();
      await setPolicy(utc, { quietHoursStart: "22:00", quietHoursEnd: "07:00" });
      expect((await verdict(utc, { purpose: "SERVICE", at: "2026-01-10T22:30:00.000Z" })).answers[0]!.allowedAt).toBe("2026-01-11T07:00:00.000Z");
    });

    it("cap messages across all channels; transactional ones and dry runs do not count", async () => {
      const anna = await reachable();
      await acme.point(anna, ContactPointKind.PHONE);
      await setPolicy(anna, { frequencyCap: 2, frequencyCapHours: 24 });
      const t0 = new Date("2026-06-01T08:00:00Z");
      const after = (hours: number) => new Date(t0.getTime() + hours * HOUR);

      expect(await decide(anna, { channel: ContactPointKind.EMAIL, at: t0, send: true })).toMatchObject({ verdict: ContactVerdict.ALLOWED_NOW });
      // Asked without sending: allowed, but not counted.
      expect(await decide(anna, { channel: ContactPointKind.PHONE, at: after(0.5) })).toMatchObject({ verdict: ContactVerdict.ALLOWED_NOW });
      expect(await decide(anna, { channel: ContactPointKind.SMS, purpose: MessagePurpose.TRANSACTIONAL, at: after(0.6), send: true })).toMatchObject({
        verdict: ContactVerdict.ALLOWED_NOW,
      });
      expect(await decide(anna, { channel: ContactPointKind.SMS, at: after(1), send: true })).toMatchObject({ verdict: ContactVerdict.ALLOWED_NOW });
      // Two counted (EMAIL, SMS): the cap is reached on every channel until the first leaves the window.
      const third = await decide(anna, { channel: ContactPointKind.PHONE, at: after(2), send: true });
      expect(third).toMatchObject({ verdict: ContactVerdict.ALLOWED_LATER, reasonCode: "FREQUENCY_CAP", allowedAt: after(24) });
      // Transactional messages are exempt.
      expect(await decide(anna, { channel: ContactPointKind.PHONE, purpose: MessagePurpose.TRANSACTIONAL, at: after(2), send: true })).toMatchObject({
        verdict: ContactVerdict.ALLOWED_NOW,
      });
      const checked = await verdict(anna, { purpose: "SERVICE", channels: ["PHONE", "EMAIL"], at: after(3).toISOString() });
      expect(checked).toMatchObject({ verdict: "ALLOWED_LATER", channel: "PHONE", allowedAt: after(24).toISOString() });
      expect(await decide(anna, { channel: ContactPointKind.PHONE, at: after(24), send: true })).toMatchObject({ verdict: ContactVerdict.ALLOWED_NOW });

      const { node } = await reader.data(ContactDecisionsDocument, { id: gid.contact(anna), first: 20 });
      const decisions = nodeOf(node, "Contact").contactDecisions!;
      // Latest first; every answer is there, counted only when sent and allowed now.
      expect(decisions.nodes.map((d) => [d.decidedAt, d.channel, d.purpose, d.verdict, d.counted, d.requestedBy])).toEqual([
        [after(24).toISOString(), "PHONE", "SERVICE", "ALLOWED_NOW", true, "test.sender"],
        [after(3).toISOString(), "EMAIL", "SERVICE", "ALLOWED_LATER", false, "core.check"],
        [after(3).toISOString(), "PHONE", "SERVICE", "ALLOWED_LATER", false, "core.check"],
        [after(2).toISOString(), "PHONE", "TRANSACTIONAL", "ALLOWED_NOW", true, "test.sender"],
        [after(2).toISOString(), "PHONE", "SERVICE", "ALLOWED_LATER", false, "test.sender"],
        [after(1).toISOString(), "SMS", "SERVICE", "ALLOWED_NOW", true, "test.sender"],
        [after(0.6).toISOString(), "SMS", "TRANSACTIONAL", "ALLOWED_NOW", true, "test.sender"],
        [after(0.5).toISOString(), "PHONE", "SERVICE", "ALLOWED_NOW", false, "test.sender"],
        [t0.toISOString(), "EMAIL", "SERVICE", "ALLOWED_NOW", true, "test.sender"],
      ]);
      expect(decisions.totalCount).toBe(9);
    });

    it("let only one of several concurrent sends through a cap of one", async () => {
      const anna = await reachable();
      await setPolicy(anna, { frequencyCap: 1, frequencyCapHours: 1 });
      const at = new Date("2026-06-01T08:00:00Z");
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => decide(anna, { channel: i % 2 ? ContactPointKind.SMS : ContactPointKind.EMAIL, at, send: true })),
      );
      expect(answers.filter((a) => a.verdict === ContactVerdict.ALLOWED_NOW)).toHaveLength(1);
      expect(answers.filter((a) => a.verdict === ContactVerdict.ALLOWED_LATER)).toHaveLength(5);
    });

    it("pick the best channel: the first allowed now, else the soonest allowed", async () => {
      const anna = await reachable({ timeZone: "UTC" });
      await consent(anna, { channel: "SMS", status: "GRANTED" });
      const best = await verdict(anna, { channels: ["PHONE", "EMAIL", "SMS", "POSTAL"] });
      expect(best).toMatchObject({ verdict: "ALLOWED_NOW", channel: "SMS" });
      // Channels after the first one allowed now are not evaluated.
      expect(best.answers.map((a) => [a.channel, a.reasonCode])).toEqual([
        ["PHONE", "NO_CONTACT_POINT"],
        ["EMAIL", "CONSENT_MISSING"],
        ["SMS", "ALLOWED"],
      ]);
      await setPolicy(anna, { quietHoursStart: "20:00", quietHoursEnd: "08:00" });
      const night = await verdict(anna, { channels: ["EMAIL", "SMS"], at: "2026-06-01T23:00:00.000Z" });
      expect(night).toMatchObject({ verdict: "ALLOWED_LATER", channel: "SMS", allowedAt: "2026-06-02T08:00:00.000Z" });
      const none = await verdict(anna, { channels: ["EMAIL", "PHONE"] });
      expect(none).toMatchObject({ verdict: "DENIED", channel: null, allowedAt: null });
      expect(none.reason).toContain("EMAIL:");
      expect(none.reason).toContain("PHONE:");
    });

    it("are recorded as core.check dry runs, never counted", async () => {
      const anna = await reachable();
      await check(anna, { purpose: "SERVICE", channels: ["EMAIL"] });
      const [row] = await app.query<{ requested_by: string; counted: number; verdict: string; reason_code: string }>(
        "SELECT requested_by, counted, verdict, reason_code FROM contact_decision WHERE contact_id = ?",
        [anna.id],
      );
      expect(row).toEqual({ requested_by: "core.check", counted: 0, verdict: "ALLOWED_NOW", reason_code: "ALLOWED" });
    });

    it("answer NOT_FOUND alike for an unknown, another tenant's or a merged-away contact, and record nothing", async () => {
      const mine = await reachable();
      const theirs = await globex.contact();
      const unknown = await check(toGlobalId("Contact", "987654321"), {});
      expect(unknown).toEqual({ result: null, userErrors: [{ field: ["input", "contactId"], code: "NOT_FOUND", message: "No such contact." }] });
      expect(await check(gid.contact(theirs), {})).toEqual(unknown);
      expect(await check(gid.contact(await acme.contact({ mergedIntoId: mine.id })), {})).toEqual(unknown);
      expect((await check("nope", {})).userErrors).toEqual([expect.objectContaining({ field: ["input", "contactId"], code: "INVALID" })]);
      expect(await app.query("SELECT id FROM contact_decision WHERE contact_id = ?", [theirs.id])).toEqual([]);
      // The service, asked in tenant 2's scope about tenant 1's contact, does not see it either.
      const answer = await app.services.contactPolicy.decide(globex.scope, {
        contactId: mine.id,
        channel: ContactPointKind.EMAIL,
        purpose: MessagePurpose.TRANSACTIONAL,
        requestedBy: "test.sender",
        send: true,
      });
      expect(answer).toMatchObject({ verdict: ContactVerdict.DENIED, reasonCode: "CONTACT_NOT_FOUND", decisionId: null });
      expect(await app.query("SELECT id FROM contact_decision WHERE contact_id = ?", [mine.id])).toEqual([]);
    });

    it("deny erased people", async () => {
      const erased = await reachable({ erasedAt: new Date() });
      expect((await verdict(erased, { purpose: "TRANSACTIONAL" })).answers[0]).toMatchObject({ verdict: "DENIED", reasonCode: "CONTACT_ERASED" });
    });

    it("refuse a malformed requester", async () => {
      const anna = await reachable();
      await expect(decide(anna, { requestedBy: "Not A Module" })).rejects.toThrow(/requestedBy/);
    });
  });
});
