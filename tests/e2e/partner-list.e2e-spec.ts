import { InteractionChannel, InteractionDirection } from "../../core/interactions/interaction.entity";
import { PartnerAccountsDocument } from "../../schema/generated/graphql";
import { Customers } from "../harness/customers";
import { TestApp } from "../harness/test-app";
import { tokenFor } from "../harness/test-auth";

const PARTNER = ["accounts.read", "contacts.read", "interactions.read"];
const ACCOUNTS = 22;
const INTERACTIONS_PER_ACCOUNT = 7;

/** The partner list of the API benchmark (schema/operations/bench.graphql): its cost must not grow with the page. */
describe("partner list", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await TestApp.start();
    const acme = new Customers(app, "1");
    for (let a = 0; a < ACCOUNTS; a++) {
      const account = await acme.account({ name: `Partner ${String(a).padStart(2, "0")}` });
      const contacts = [await acme.contact({ lastName: `A${a}` }), await acme.contact({ lastName: `B${a}` })];
      for (const contact of contacts) await acme.link(contact, account);
      // Both contacts take part in every interaction: one row belongs to two timelines of the page.
      for (let i = 0; i < INTERACTIONS_PER_ACCOUNT; i++) {
        await app.services.transactions.run({ tenantId: "1", actor: null, requestId: null }, (uow) =>
          app.services.timeline.record(uow, {
            channel: i % 2 ? InteractionChannel.PHONE : InteractionChannel.EMAIL,
            direction: InteractionDirection.INBOUND,
            occurredAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
            subject: `a${a}-i${i}`,
            participants: { contactIds: contacts.map((c) => c.id), accountIds: [account.id] },
          }),
        );
      }
    }
  });
  afterAll(() => app.stop());

  it("costs at most 4 SQL statements at any page size", async () => {
    const client = app.client.as(tokenFor({ tenantId: "1", permissions: PARTNER }));
    const statements = async (first: number) => {
      const response = await client.request(PartnerAccountsDocument, { first, contactsFirst: 20, interactionsFirst: 5 });
      expect(response.errors).toBeUndefined();
      const accounts = response.data!.accounts.nodes;
      expect(accounts).toHaveLength(first);
      for (const [index, account] of accounts.entries()) {
        expect(account.contacts?.nodes).toHaveLength(2);
        for (const contact of account.contacts!.nodes) {
          expect(contact.timeline!.nodes.map((node) => node.subject)).toEqual([6, 5, 4, 3, 2].map((i) => `a${index}-i${i}`));
        }
      }
      return Number(response.headers.get("x-sql-statements"));
    };
    const small = await statements(5);
    // The accounts page, their contacts (one ranked statement) and those contacts' timelines (one more).
    expect(small).toBeLessThanOrEqual(4);
    expect(await statements(20)).toBe(small);
  });
});
