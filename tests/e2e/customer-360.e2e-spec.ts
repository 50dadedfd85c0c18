import { FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { Account } from "../../core/accounts/account.entity";
import { ConsentRecord, ConsentStatus, ContactPolicy, MessagePurpose } from "../../core/consent/consent.entities";
import type { Contact } from "../../core/contacts/contact.entity";
import { ContactPointKind } from "../../core/contacts/contact-point.entity";
import { Customer360 } from "../../core/customer360/customer-360.types";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import { InteractionChannel, InteractionDirection } from "../../core/interactions/interaction.entity";
import { defineModule } from "../../core/kernel/module";
import { Customer360Document } from "../../schema/generated/graphql";
import { Customers, gid } from "../harness/customers";
import type { GraphQLClient } from "../harness/graphql-client";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

/** A module's section of the 360 view: how sfa, ma and css add theirs. */
@Resolver(() => Customer360)
class LoyaltySectionResolver {
  @FieldResolver(() => Int, { nullable: true })
  loyaltyPoints(@Root() customer: Customer360): number {
    return Number(customer.contact.id) * 10;
  }
}

const loyaltyModule = defineModule({ name: "loyalty", description: "Test: a Customer360 section", resolvers: [LoyaltySectionResolver] });

const AGENT = ["contacts.read", "accounts.read", "consent.read", "interactions.read"];

describe("customer 360", () => {
  let app: TestApp;
  let coreOnly: TestApp;
  let acme: Customers;
  let globex: Customers;
  let agent: GraphQLClient;

  beforeAll(async () => {
    // type-graphql keeps the fields it adds to a type for the rest of the process (a deployment
    // builds its schema once), so the schema without the module is built first.
    coreOnly = await TestApp.start({ modules: [loyaltyModule], enabled: [] });
    app = await TestApp.start({ modules: [loyaltyModule] });
    acme = new Customers(app, "1");
    globex = new Customers(app, "2");
    agent = app.client.as(tokenFor({ tenantId: "1", permissions: AGENT }));
  });
  afterAll(() => Promise.all([app.stop(), coreOnly.stop()]));

  const view = (contact: Contact | string, client = agent) =>
    client.request(Customer360Document, { contactId: typeof contact === "string" ? contact : gid.contact(contact) });

  /**
   * A customer with `size` of everything: accounts, contact points, consents, interactions (each
   * with a colleague and an account), and a frequency cap, so every section has rows to load.
   */
  async function customer(size: number): Promise<Contact> {
    const contact = await acme.contact({ firstName: `Size${size}`, timeZone: "Europe/Paris" });
    const colleague = await acme.contact();
    const accounts: Account[] = [];
    for (let i = 0; i < size; i++) {
      const account = await acme.account({ name: `Account ${size}-${i}` });
      await acme.link(contact, account, { role: `role ${i}`, isPrimary: i === size - 1 });
      accounts.push(account);
      await acme.point(contact, i % 2 ? ContactPointKind.SMS : ContactPointKind.EMAIL);
      await acme.scope.save(
        acme.scope.create(ConsentRecord, {
          contactId: contact.id,
          channel: i % 2 ? ContactPointKind.SMS : ContactPointKind.EMAIL,
          purpose: MessagePurpose.MARKETING,
          status: i % 2 ? ConsentStatus.GRANTED : ConsentStatus.WITHDRAWN,
          source: "test",
          recordedAt: new Date(Date.UTC(2026, 0, 1 + i)),
        }),
      );
    }
    await acme.scope.manager.insert(ContactPolicy, { tenantId: "1", contactId: contact.id, frequencyCap: 100, frequencyCapHours: 24 });
    const user = await acme.user();
    for (let i = 0; i < 2 * size; i++) {
      await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) =>
        app.services.timeline.record(uow, {
          channel: i % 2 ? InteractionChannel.PHONE : InteractionChannel.EMAIL,
          direction: InteractionDirection.INBOUND,
          occurredAt: new Date(Date.UTC(2026, 1, 1, i)),
          subject: `s${i}`,
          userId: user.id,
          participants: { contactIds: [contact.id, colleague.id], accountIds: [accounts[i % size]!.id] },
        }),
      );
    }
    return contact;
  }

  it("shows the person, their accounts, contact points, consent, reachability and recent interactions", async () => {
    const anna = await acme.contact({ firstName: "Anna", lastName: "Agent", timeZone: "Europe/Paris" });
    const acmeCorp = await acme.account({ name: "Acme Corp" });
    const beta = await acme.account({ name: "Beta" });
    const hidden = await acme.account({ name: "Merged away", mergedIntoId: beta.id });
    await acme.link(anna, beta, { role: "buyer" });
    await acme.link(anna, acmeCorp, { role: "CTO", isPrimary: true });
    await acme.link(anna, hidden);
    const email = await acme.point(anna, ContactPointKind.EMAIL, "anna@example.test", { isPrimary: true });
    const sms = await acme.point(anna, ContactPointKind.SMS, "+33600000001");
    await acme.scope.save(
      acme.scope.create(ConsentRecord, {
        contactId: anna.id,
        channel: ContactPointKind.SMS,
        purpose: MessagePurpose.MARKETING,
        status: ConsentStatus.GRANTED,
        source: "web form",
        recordedAt: new Date("2026-01-01T00:00:00Z"),
      }),
    );
    for (let i = 0; i < 12; i++) {
      await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) =>
        app.services.timeline.record(uow, {
          channel: InteractionChannel.PHONE,
          direction: InteractionDirection.INBOUND,
          occurredAt: new Date(Date.UTC(2026, 2, 1 + i)),
          subject: `call ${i}`,
          participants: { contactIds: [anna.id], accountIds: i === 11 ? [acmeCorp.id] : [] },
        }),
      );
    }
    const decisionsBefore = await app.query("SELECT id FROM contact_decision");

    const { data, errors } = await view(anna);
    expect(errors).toBeUndefined();
    const view360 = data!.customer360!;
    expect(view360.contact).toMatchObject({ id: gid.contact(anna), firstName: "Anna", lastName: "Agent", timeZone: "Europe/Paris" });
    expect(view360.contact.accounts).toEqual([
      { role: "CTO", isPrimary: true, account: { id: gid.account(acmeCorp), name: "Acme Corp" } },
      { role: "buyer", isPrimary: false, account: { id: gid.account(beta), name: "Beta" } },
    ]);
    expect(view360.contact.contactPoints.map((p) => [p.id, p.kind, p.value])).toEqual([
      [toGlobalId("ContactPoint", email.id), "EMAIL", "anna@example.test"],
      [toGlobalId("ContactPoint", sms.id), "SMS", "+33600000001"],
    ]);
    expect(view360.contact.consents).toEqual([{ channel: "SMS", purpose: "MARKETING", status: "GRANTED" }]);
    expect(view360.reachability).toMatchObject({
      timeZone: "Europe/Paris",
      policy: null,
      service: { verdict: "ALLOWED_NOW", channel: "EMAIL" },
      marketing: {
        verdict: "ALLOWED_NOW",
        channel: "SMS",
        answers: [
          { channel: "EMAIL", reasonCode: "CONSENT_MISSING" },
          { channel: "SMS", reasonCode: "ALLOWED" },
        ],
      },
    });
    expect(view360.recentInteractions!.map((i) => i.subject)).toEqual(["call 11", "call 10", "call 9", "call 8", "call 7", "call 6", "call 5", "call 4", "call 3", "call 2"]);
    expect(view360.recentInteractions![0]!.participants).toEqual([
      { role: null, contact: { id: gid.contact(anna) }, account: null },
      { role: null, contact: null, account: { id: gid.account(acmeCorp) } },
    ]);
    // A view is not a decision: nothing is recorded, nothing counts toward the cap.
    expect(await app.query("SELECT id FROM contact_decision")).toEqual(decisionsBefore);
  });

  it("says when the contact may be reached later: the frequency cap as the service counts it", async () => {
    const anna = await acme.contact();
    await acme.point(anna, ContactPointKind.EMAIL);
    await acme.scope.manager.insert(ContactPolicy, { tenantId: "1", contactId: anna.id, frequencyCap: 1, frequencyCapHours: 24 });
    const sent = await app.services.contactPolicy.decide(acme.scope, {
      contactId: anna.id,
      channel: ContactPointKind.EMAIL,
      purpose: MessagePurpose.SERVICE,
      requestedBy: "css.ticket",
      send: true,
    });
    const { reachability, asOf } = (await view(anna)).data!.customer360!;
    expect(reachability).toMatchObject({ timeZone: "UTC", policy: { frequencyCap: 1, frequencyCapHours: 24 }, service: { verdict: "ALLOWED_LATER", channel: "EMAIL" } });
    const [decision] = await app.query<{ decided_at: Date }>("SELECT decided_at FROM contact_decision WHERE id = ?", [sent.decisionId]);
    expect(reachability!.service.allowedAt).toBe(new Date(decision!.decided_at.getTime() + 24 * 3_600_000).toISOString());
    expect(Date.parse(asOf)).toBeGreaterThanOrEqual(decision!.decided_at.getTime());
  });

  it("costs the same number of SQL statements for a small and a large customer", async () => {
    const statements = async (contact: Contact) => {
      const response = await view(contact);
      expect(response.errors).toBeUndefined();
      return Number(response.headers.get("x-sql-statements"));
    };
    const small = await statements(await customer(1));
    const large = await statements(await customer(6));
    // Contact; its account links, accounts, contact points, consents; its policy and counted sends;
    // the interactions (ranked ids joined to their rows), their participants, participating contacts and users.
    expect(small).toBe(11);
    expect(large).toBe(small);
  });

  it("is null for an unknown, another tenant's or a merged-away contact alike", async () => {
    const mine = await acme.contact();
    for (const contactId of [toGlobalId("Contact", "987654321"), gid.contact(await globex.contact()), gid.contact(await acme.contact({ mergedIntoId: mine.id }))]) {
      const response = await view(contactId);
      expect([response.data, response.errors]).toEqual([{ customer360: null }, undefined]);
    }
    expect((await view(toGlobalId("Account", "1"))).errors?.[0]?.extensions?.code).toBe("INVALID_ID");
    const outsider = app.client.as(tokenFor({ tenantId: "2", permissions: AGENT }));
    expect((await view(mine, outsider)).data).toEqual({ customer360: null });
  });

  it("leaves out, as FORBIDDEN, the sections the caller may not read", async () => {
    const anna = await acme.contact();
    await acme.point(anna, ContactPointKind.EMAIL);
    const frontDesk = app.client.as(tokenFor({ tenantId: "1", permissions: ["contacts.read"] }));
    // Sections are nullable: a screen asking for more than the agent may read still shows the rest.
    const query = `query($id: ID!) { customer360(contactId: $id) {
      contact { id contactPoints { kind } accounts { role } consents { status } timeline(first: 1) { totalCount } }
      reachability { timeZone } recentInteractions { id } } }`;
    const { data, errors } = await frontDesk.request<{ customer360: unknown }, object>(query, { id: gid.contact(anna) });
    expect(data!.customer360).toEqual({
      contact: { id: gid.contact(anna), contactPoints: [{ kind: "EMAIL" }], accounts: null, consents: null, timeline: null },
      reachability: null,
      recentInteractions: null,
    });
    expect(errors!.map((e) => [e.path?.join("."), e.extensions?.code]).sort()).toEqual([
      ["customer360.contact.accounts", "FORBIDDEN"],
      ["customer360.contact.consents", "FORBIDDEN"],
      ["customer360.contact.timeline", "FORBIDDEN"],
      ["customer360.reachability", "FORBIDDEN"],
      ["customer360.recentInteractions", "FORBIDDEN"],
    ]);
    const stranger = app.client.as(tokenFor({ tenantId: "1", permissions: ["interactions.read"] }));
    expect((await view(anna, stranger)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("has the sections of the modules this deployment enables, and only those", async () => {
    const anna = await acme.contact();
    const query = `query($id: ID!) { customer360(contactId: $id) { loyaltyPoints } }`;
    expect(await agent.data<{ customer360: { loyaltyPoints: number } }, object>(query, { id: gid.contact(anna) })).toEqual({
      customer360: { loyaltyPoints: Number(anna.id) * 10 },
    });
    const response = await coreOnly.client.as(tokenFor({ tenantId: "1", permissions: AGENT })).request(query, { id: gid.contact(anna) });
    expect(response.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});
