import { fromGlobalId } from "../../core/graphql/relay/global-id";
import { quoteExpiryJob } from "../../modules/sfa/jobs/quote-expiry.job";
import {
  AccountMergeDocument,
  AccountOrdersDocument,
  ContactMergeDocument,
  GdprEraseDocument,
  GdprExportDocument,
  GdprRequestDocument,
  OrderUpdateStatusDocument,
  OrdersDocument,
  QuoteAcceptDocument,
  QuoteApproveDocument,
  QuoteDocumentDocument,
  QuoteRejectDocument,
  QuoteReviseDocument,
  QuoteSendDocument,
  type OrderStatus,
} from "../../schema/generated/graphql";
import { gid, nodeOf } from "../harness/customers";
import { download } from "../harness/data-transfer";
import type { GraphQLClient } from "../harness/graphql-client";
import { QuoteWorld, REP_PERMISSIONS, day } from "../harness/quote-setup";
import { tokenFor } from "../harness/test-auth";
import { waitFor } from "../harness/wait";

const codes = (errors: readonly { field?: string[] | null; code: string }[]) => errors.map((error) => [error.field, error.code]);

describe("sfa: accepting quotes into orders, and tracking orders", () => {
  let world: QuoteWorld;
  let rep: GraphQLClient;
  let deal: string;
  let orderId: string;
  let secondOrderId: string;

  beforeAll(async () => {
    world = await QuoteWorld.start();
    rep = world.repClient;
    deal = await world.opportunity();
    await world.lineItem({ opportunityId: deal, productId: world.products.widget, quantity: 4, discountBps: 250 });
    await world.lineItem({ opportunityId: deal, productId: world.products.onboarding, quantity: 1, discountBps: 0 });
  });
  afterAll(() => world.stop());

  const accept = async (id: string, client = rep) => (await client.data(QuoteAcceptDocument, { input: { id } })).quoteAccept;
  const move = async (id: string, status: OrderStatus, note?: string, client = rep) => (await client.data(OrderUpdateStatusDocument, { input: { id, status, note } })).orderUpdateStatus;
  const statusOf = async (id: string) => nodeOf((await rep.data(QuoteDocumentDocument, { id })).node, "Quote").status;

  describe("acceptance", () => {
    it("turns the accepted quote into a numbered order with its lines and totals, in one go", async () => {
      const quote = await world.quote({ opportunityId: deal });
      const outbox = await world.count("outbox_event");
      const accepted = await accept(quote.id);
      expect(accepted.userErrors).toEqual([]);
      expect(accepted.quote).toMatchObject({ status: "ACCEPTED", acceptedAt: expect.any(String) });
      const order = accepted.order!;
      orderId = order.id;
      expect(order).toMatchObject({
        number: "O-000001",
        status: "PENDING",
        currency: "EUR",
        subtotal: { amount: quote.subtotal.amount },
        discountTotal: { amount: 10_00 },
        total: { amount: 4 * 100_00 - 10_00 + 1_500_00, currency: "EUR" },
        account: { id: gid.account(world.acme) },
        opportunity: { id: deal },
        contact: { id: gid.contact(world.ada) },
        quote: { id: quote.id, number: quote.number, version: 1 },
        statusHistory: [{ fromStatus: null, toStatus: "PENDING", note: null, changedBy: { id: gid.user(world.rep) } }],
      });
      expect(order.lines.map((line) => [line.sku, line.quantity, line.discountBps, line.unitPrice.amount, line.total.amount])).toEqual([
        ["WID-1", 4, 250, 100_00, 390_00],
        ["ONB-1", 1, 0, 1_500_00, 1_500_00],
      ]);
      expect(await world.count("outbox_event")).toBe(outbox + 2);
      const orderRow = fromGlobalId(order.id).rowId;
      expect(await world.events("sfa.quote.accepted.v1")).toEqual([expect.objectContaining({ quoteId: fromGlobalId(quote.id).rowId, orderId: orderRow, total: order.total.amount })]);
      expect(await world.events("sfa.order.created.v1")).toEqual([expect.objectContaining({ orderId: orderRow, number: "O-000001", quoteId: fromGlobalId(quote.id).rowId })]);
      // Winning the deal stays the rep's call.
      expect(await world.app.query("SELECT status FROM opportunity WHERE id = ?", [fromGlobalId(deal).rowId])).toEqual([{ status: "OPEN" }]);
      expect(nodeOf((await rep.data(QuoteDocumentDocument, { id: quote.id })).node, "Quote").order).toEqual({ id: order.id, number: "O-000001" });

      const again = await accept(quote.id);
      expect(codes(again.userErrors)).toEqual([[["input", "id"], "INVALID_STATUS"]]);
      const revised = (await rep.data(QuoteReviseDocument, { input: { id: quote.id } })).quoteRevise;
      expect(codes(revised.userErrors)).toEqual([[["input", "id"], "INVALID_STATUS"]]);
      expect(await world.count("sales_order")).toBe(1);
    });

    it("accepts only the latest version, never one awaiting approval, and an approved one once approved", async () => {
      const quote = await world.quote({ opportunityId: deal, lines: [{ productId: world.products.widget, quantity: 1, discountBps: 1_500 }] });
      expect(quote.status).toBe("PENDING_APPROVAL");
      expect(codes((await accept(quote.id)).userErrors)).toEqual([[["input", "id"], "APPROVAL_REQUIRED"]]);
      const approved = (await world.admin.data(QuoteApproveDocument, { input: { id: quote.id } })).quoteApprove;
      expect(approved.quote!.status).toBe("APPROVED");
      const next = (await rep.data(QuoteReviseDocument, { input: { id: quote.id, lines: [{ productId: world.products.widget, quantity: 1, discountBps: 500 }] } })).quoteRevise.quote!;
      expect(next).toMatchObject({ number: quote.number, version: 2, status: "DRAFT" });
      expect(codes((await accept(quote.id)).userErrors)).toEqual([[["input", "id"], "NOT_LATEST_VERSION"]]);
      const second = (await accept(next.id)).order!;
      expect(second.number).toBe("O-000002");
      secondOrderId = second.id;
    });

    it("refuses a quote past its validity, and the hourly sweep marks such quotes expired", async () => {
      const quote = await world.quote({ opportunityId: deal, validUntil: day(0) });
      const lapsed = await world.quote({ opportunityId: deal, validUntil: day(0) });
      const current = await world.quote({ opportunityId: deal, validUntil: day(3) });
      await world.app.query("UPDATE quote SET valid_until = ? WHERE id IN (?, ?)", [day(-1), fromGlobalId(quote.id).rowId, fromGlobalId(lapsed.id).rowId]);
      const orders = await world.count("sales_order");
      const refused = await accept(quote.id);
      expect(refused.userErrors).toEqual([{ field: ["input", "id"], code: "QUOTE_EXPIRED", message: `${quote.number} was valid until ${day(-1)}.` }]);
      expect(codes((await rep.data(QuoteSendDocument, { input: { id: lapsed.id } })).quoteSend.userErrors)).toEqual([[["input", "id"], "QUOTE_EXPIRED"]]);
      expect(await world.count("sales_order")).toBe(orders);

      await world.app.services.queues.enqueue(quoteExpiryJob, {});
      await world.app.settle();
      expect([await statusOf(quote.id), await statusOf(lapsed.id), await statusOf(current.id)]).toEqual(["EXPIRED", "EXPIRED", "DRAFT"]);
      expect((await world.events("sfa.quote.expired.v1")).map((event) => event.number).sort()).toEqual([quote.number, lapsed.number].sort());
      expect(codes((await accept(quote.id)).userErrors)).toEqual([[["input", "id"], "QUOTE_EXPIRED"]]);
    });

    it("records a rejection with its reason", async () => {
      const quote = await world.quote({ opportunityId: deal });
      const blank = (await rep.data(QuoteRejectDocument, { input: { id: quote.id, reason: "   " } })).quoteReject;
      expect(codes(blank.userErrors)).toEqual([[["input", "reason"], "REQUIRED"]]);
      const rejected = (await rep.data(QuoteRejectDocument, { input: { id: quote.id, reason: "Went with a competitor" } })).quoteReject;
      expect(rejected.quote).toMatchObject({ status: "REJECTED", rejectionReason: "Went with a competitor", rejectedAt: expect.any(String) });
      expect(await world.events("sfa.quote.rejected.v1")).toEqual([expect.objectContaining({ quoteId: fromGlobalId(quote.id).rowId, reason: "Went with a competitor" })]);
      expect(codes((await accept(quote.id)).userErrors)).toEqual([[["input", "id"], "INVALID_STATUS"]]);
    });
  });

  describe("orders", () => {
    it("moves only along the allowed transitions and keeps who moved it when", async () => {
      const skipped = await move(orderId, "FULFILLED");
      expect(skipped.userErrors).toEqual([{ field: ["input", "status"], code: "INVALID_TRANSITION", message: "O-000001 is PENDING: it can become CONFIRMED or CANCELLED." }]);
      const clerk = await world.customers.user({ name: "Olive Ops" });
      const ops = world.client(clerk.id, ["sfa.quotes.read", "sfa.quotes.write"]);
      for (const [status, note] of [["CONFIRMED", undefined], ["SHIPPED", "Tracking 1Z999"], ["FULFILLED", undefined], ["INVOICED", "Invoice 2026-17"]] as const) {
        const moved = await move(orderId, status, note, ops);
        expect(moved.userErrors).toEqual([]);
        expect(moved.order!.status).toBe(status);
      }
      const final = await move(orderId, "CANCELLED", undefined, ops);
      expect(final.userErrors[0]!.message).toBe("O-000001 is INVOICED: that is final.");
      const { orders } = await rep.data(OrdersDocument, { filter: { accountId: gid.account(world.acme), statuses: ["INVOICED"] } });
      expect(orders.nodes.map((order) => order.number)).toEqual(["O-000001"]);
      expect(orders.nodes[0]!.statusHistory.map((change) => [change.fromStatus, change.toStatus, change.note, change.changedBy?.id ?? null])).toEqual([
        [null, "PENDING", null, gid.user(world.rep)],
        ["PENDING", "CONFIRMED", null, gid.user(clerk)],
        ["CONFIRMED", "SHIPPED", "Tracking 1Z999", gid.user(clerk)],
        ["SHIPPED", "FULFILLED", null, gid.user(clerk)],
        ["FULFILLED", "INVOICED", "Invoice 2026-17", gid.user(clerk)],
      ]);
      const changes = await world.events("sfa.order.statusChanged.v1");
      expect(changes.map((change) => [change.fromStatus, change.toStatus])).toEqual([
        ["PENDING", "CONFIRMED"],
        ["CONFIRMED", "SHIPPED"],
        ["SHIPPED", "FULFILLED"],
        ["FULFILLED", "INVOICED"],
      ]);
      const cancelled = await move(secondOrderId, "CANCELLED", "Customer changed their mind");
      expect(cancelled.order!.status).toBe("CANCELLED");
    });

    it("lists an account's orders newest first, in a constant number of statements", async () => {
      const account = nodeOf((await rep.data(AccountOrdersDocument, { id: gid.account(world.acme), first: 1 })).node, "Account");
      expect(account.orders!.nodes.map((order) => order.number)).toEqual(["O-000002"]);
      expect(account.orders!.totalCount).toBe(2);
      await Promise.all(Array.from({ length: 4 }, (_, i) => world.customers.account({ name: `Other ${i}` })));
      const statements = async (accounts: number): Promise<number> => {
        const response = await rep.request(`{ accounts(first: ${accounts}) { nodes { orders(first: 5) { nodes { number lines { sku } statusHistory { toStatus } quote { number } } } } } }`);
        expect(response.errors).toBeUndefined();
        return Number(response.headers.get("x-sql-statements"));
      };
      expect(await statements(5)).toBe(await statements(1));
      // And per order: one order against both of Acme's, each with its lines, history and quote.
      const perOrder = async (orders: number): Promise<number> => {
        const response = await rep.request(
          `{ node(id: "${gid.account(world.acme)}") { ... on Account { orders(first: ${orders}) { nodes { number lines { sku } statusHistory { toStatus } quote { number } } } } } }`,
        );
        expect(response.errors).toBeUndefined();
        return Number(response.headers.get("x-sql-statements"));
      };
      expect(await perOrder(2)).toBe(await perOrder(1));
    });

    it("keeps other tenants out and asks for the quote permissions", async () => {
      const stranger = world.client("1", REP_PERMISSIONS, "2");
      expect(codes((await move(orderId, "CANCELLED", undefined, stranger)).userErrors)).toEqual([[["input", "id"], "NOT_FOUND"]]);
      expect((await stranger.data(OrdersDocument, {})).orders.totalCount).toBe(0);
      const reader = world.client(world.rep.id, ["sfa.quotes.read"]);
      expect((await reader.request(OrderUpdateStatusDocument, { input: { id: orderId, status: "CANCELLED" } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await world.client(world.rep.id, ["accounts.read"]).request(OrdersDocument, {})).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });

  describe("merges and GDPR", () => {
    it("moves quotes and orders to the surviving contact and account", async () => {
      const [ann, annDuplicate] = [await world.contactOfAcme({ firstName: "Ann" }, "ann@acme.example"), await world.contactOfAcme({ firstName: "Ann2" }, null)];
      const quote = await world.quote({ opportunityId: deal, contactId: gid.contact(annDuplicate) });
      const order = (await accept(quote.id)).order!;
      const merged = await world.admin.data(ContactMergeDocument, { input: { survivorId: gid.contact(ann), mergedId: gid.contact(annDuplicate) } });
      expect(merged.contactMerge.userErrors).toEqual([]);
      const acmeDuplicate = await world.customers.account({ name: "ACME Corporation" });
      await world.app.query("UPDATE quote SET account_id = ? WHERE id = ?", [acmeDuplicate.id, fromGlobalId(quote.id).rowId]);
      const accounts = await world.admin.data(AccountMergeDocument, { input: { survivorId: gid.account(world.acme), mergedId: gid.account(acmeDuplicate) } });
      expect(accounts.accountMerge.userErrors).toEqual([]);
      expect(await world.app.query("SELECT contact_id, account_id FROM quote WHERE id = ?", [fromGlobalId(quote.id).rowId])).toEqual([{ contact_id: ann.id, account_id: world.acme.id }]);
      expect(await world.app.query("SELECT contact_id FROM sales_order WHERE id = ?", [fromGlobalId(order.id).rowId])).toEqual([{ contact_id: ann.id }]);
    });

    it("exports what a person received and unlinks them on erasure, leaving the account's documents", async () => {
      const officerPermissions = ["gdpr.manage", "contacts.read"];
      const officer = world.client(world.rep.id, officerPermissions);
      const finished = (id: string) =>
        waitFor("the GDPR request", async () => {
          const { gdprRequest } = await officer.data(GdprRequestDocument, { id });
          return gdprRequest?.status === "COMPLETED" ? gdprRequest : undefined;
        });
      const { quoteSend } = await rep.data(QuoteSendDocument, { input: { id: (await world.quote({ opportunityId: deal })).id, message: "Dear Ada, as promised." } });
      expect(quoteSend.userErrors).toEqual([]);
      await world.app.settle();
      await waitFor("the email", () => world.peer.received.length === 1);

      const exported = await finished((await officer.data(GdprExportDocument, { input: { contactId: gid.contact(world.ada) } })).gdprExport.gdprRequest!.id);
      const archive = JSON.parse((await download(world.app, tokenFor({ tenantId: "1", permissions: officerPermissions }), exported!.file!.downloadUrl)).body.toString("utf8"));
      const received = archive.modules.sfa.quotesReceived as { number: string; sentTo: string | null; message: string | null }[];
      expect(received).toContainEqual(expect.objectContaining({ number: quoteSend.quote!.number, sentTo: world.adaEmail, message: "Dear Ada, as promised." }));
      expect(archive.modules.sfa.orders).toContainEqual(expect.objectContaining({ number: "O-000001", status: "INVOICED" }));

      await finished((await officer.data(GdprEraseDocument, { input: { contactId: gid.contact(world.ada) } })).gdprErase.gdprRequest!.id);
      expect(await world.app.query("SELECT COUNT(*) AS n FROM quote WHERE contact_id = ? OR sent_to_email = ? OR send_message LIKE 'Dear Ada%'", [world.ada.id, world.adaEmail])).toEqual([{ n: "0" }]);
      expect(await world.app.query("SELECT contact_id FROM sales_order WHERE number = 'O-000001'")).toEqual([{ contact_id: null }]);
      expect(await world.count("quote_line")).toBeGreaterThan(0);
    });
  });
});
