import { readdir } from "node:fs/promises";
import { join } from "node:path";
import type { Contact } from "../../core/contacts/contact.entity";
import { fromGlobalId } from "../../core/graphql/relay/global-id";
import type { User } from "../../core/identity/identity.entities";
import { quoteSendJob, quoteSendJobId } from "../../modules/sfa/jobs/quote-send.job";
import { ensureQuotePdf } from "../../modules/sfa/services/quote-documents.service";
import {
  ConsentRecordDocument,
  ContactPolicySetDocument,
  DiscountApprovalLimitSetDocument,
  OpportunityLineItemAddDocument,
  OpportunityLineItemRemoveDocument,
  OpportunityLineItemsDocument,
  OpportunityLineItemUpdateDocument,
  OpportunityQuotesDocument,
  OpportunityUpdateDocument,
  QuoteApproveDocument,
  QuoteDocumentDocument,
  QuoteReviseDocument,
  QuotesDocument,
  QuoteSendDocument,
  SalesSettingsDocument,
  SalesSettingsUpdateDocument,
  TenantModuleSwitchDocument,
  type OpportunityLineItemAddInput,
  type QuoteFieldsFragment,
} from "../../schema/generated/graphql";
import { gid, nodeOf } from "../harness/customers";
import { download } from "../harness/data-transfer";
import type { GraphQLClient } from "../harness/graphql-client";
import { ADMIN, QuoteWorld, REP_PERMISSIONS, SELLER, day, pdfText } from "../harness/quote-setup";
import { tokenFor } from "../harness/test-auth";
import { waitForJobState } from "../harness/jobs";
import { waitFor } from "../harness/wait";

const codes = (errors: readonly { field?: string[] | null; code: string }[]) => errors.map((error) => [error.field, error.code]);

describe("sfa: line items, quotes, approval, PDF and email", () => {
  let world: QuoteWorld;
  let rep: GraphQLClient;
  let deal: string;
  let first: QuoteFieldsFragment;
  let manager: User;

  beforeAll(async () => {
    world = await QuoteWorld.start();
    rep = world.repClient;
    manager = await world.customers.user({ name: "Max Manager" });
  });
  afterAll(() => world.stop());

  const quoteView = async (id: string, client = rep) => nodeOf((await client.data(QuoteDocumentDocument, { id })).node, "Quote");
  const decisionsOf = (contactId: string) =>
    world.app.query<{ verdict: string; counted: number }>("SELECT verdict, counted FROM contact_decision WHERE contact_id = ? AND requested_by = 'sfa.quote' ORDER BY id", [contactId]);

  describe("opportunity line items", () => {
    it("prices products in the deal's currency, keeps the rule, and makes the amount their sum", async () => {
      deal = await world.opportunity();
      const widget = await world.lineItem({ opportunityId: deal, productId: world.products.widget, quantity: 3, discountBps: 500 });
      expect(widget.opportunityLineItem).toMatchObject({
        position: 0,
        quantity: 3,
        currency: "EUR",
        priceRule: "STANDARD",
        unitPrice: { amount: 100_00, currency: "EUR" },
        total: { amount: 285_00 },
        priceBook: { name: "Standard 2026" },
        product: { sku: "WID-1" },
      });
      expect(widget.opportunity!.amount).toEqual({ amount: 285_00, currency: "EUR" });
      const onboarding = await world.lineItem({ opportunityId: deal, productId: world.products.onboarding, description: "Two days on site" });
      expect(onboarding.opportunity!.amount!.amount).toBe(285_00 + 1_500_00);

      // 12 units reach the volume tier: 90.00 each, less 5 % (54.00).
      const { opportunityLineItemUpdate } = await rep.data(OpportunityLineItemUpdateDocument, { input: { id: widget.opportunityLineItem!.id, quantity: 12 } });
      expect(opportunityLineItemUpdate.userErrors).toEqual([]);
      expect(opportunityLineItemUpdate.opportunityLineItem).toMatchObject({ unitPrice: { amount: 90_00 }, total: { amount: 1_026_00 }, discountBps: 500 });
      expect(opportunityLineItemUpdate.opportunity!.amount!.amount).toBe(1_026_00 + 1_500_00);

      const { opportunityLineItemRemove } = await rep.data(OpportunityLineItemRemoveDocument, { input: { id: onboarding.opportunityLineItem!.id } });
      expect(opportunityLineItemRemove).toMatchObject({ userErrors: [], removedId: onboarding.opportunityLineItem!.id, opportunity: { amount: { amount: 1_026_00 } } });
      const view = nodeOf((await rep.data(OpportunityLineItemsDocument, { id: deal })).node, "Opportunity");
      expect(view.lineItems.map((item) => [item.product!.sku, item.quantity, item.total.amount])).toEqual([["WID-1", 12, 1_026_00]]);
    });

    it("refuses bad line items and amount or currency changes that would break the sum, writing nothing", async () => {
      const before = await world.count("opportunity_line_item");
      const add = async (input: Partial<OpportunityLineItemAddInput>) =>
        codes((await rep.data(OpportunityLineItemAddDocument, { input: { opportunityId: deal, productId: world.products.widget, ...input } })).opportunityLineItemAdd.userErrors);
      expect(await add({ productId: world.products.foreign })).toEqual([[["input", "productId"], "NOT_FOUND"]]);
      expect(await add({ discountBps: 6_000 })).toEqual([[["input", "discountBps"], "DISCOUNT_TOO_HIGH"]]);
      expect(await add({ priceBookId: world.books.expired })).toEqual([[["input", "priceBookId"], "PRICE_BOOK_EXPIRED"]]);
      expect(await add({ priceBookId: world.books.usd })).toEqual([[["input", "priceBookId"], "CURRENCY_MISMATCH"]]);
      expect(await add({ quantity: 0 })).toEqual([[["input", "quantity"], "INVALID"]]);

      const { opportunityUpdate } = await rep.data(OpportunityUpdateDocument, { input: { id: deal, amount: 5, currency: "USD" } });
      expect(codes(opportunityUpdate.userErrors)).toEqual([
        [["input", "amount"], "AMOUNT_FOLLOWS_LINE_ITEMS"],
        [["input", "currency"], "CURRENCY_LOCKED_BY_LINE_ITEMS"],
      ]);
      expect(await world.count("opportunity_line_item")).toBe(before);
      expect(await world.app.query("SELECT amount, currency FROM opportunity WHERE id = ?", [fromGlobalId(deal).rowId])).toEqual([{ amount: "102600", currency: "EUR" }]);
    });
  });

  describe("quotes", () => {
    it("makes a numbered quote from the deal's line items at today's prices and renders its PDF", async () => {
      first = await world.quote({ opportunityId: deal });
      expect(first).toMatchObject({
        number: "Q-000001",
        version: 1,
        status: "DRAFT",
        locale: "en-US",
        currency: "EUR",
        approvalRequired: false,
        maxDiscountBps: 500,
        subtotal: { amount: 1_080_00, currency: "EUR" },
        discountTotal: { amount: 54_00 },
        total: { amount: 1_026_00, currency: "EUR" },
        account: { name: "Acme Corp" },
        contact: { id: gid.contact(world.ada) },
        opportunity: { id: deal },
        owner: { id: gid.user(world.rep) },
        createdBy: { id: gid.user(world.rep) },
        sendStatus: null,
      });
      expect(first.lines).toEqual([
        expect.objectContaining({ position: 0, sku: "WID-1", productName: "Widget Pro", quantity: 12, discountBps: 500, priceRule: "STANDARD", unitPrice: { amount: 90_00 }, subtotal: { amount: 1_080_00 }, discount: { amount: 54_00 }, total: { amount: 1_026_00 } }),
      ]);
      expect(await world.events("sfa.quote.created.v1")).toEqual([expect.objectContaining({ quoteId: fromGlobalId(first.id).rowId, number: "Q-000001", version: 1, status: "DRAFT", total: 1_026_00 })]);

      await world.app.settle();
      const { pdf } = await quoteView(first.id);
      expect(pdf).toMatchObject({ name: "Q-000001-v1.pdf", contentType: "application/pdf" });
      const file = await download(world.app, tokenFor({ tenantId: "1", permissions: ["sfa.quotes.read"] }), pdf!.downloadUrl);
      expect(file.status).toBe(200);
      const text = await pdfText(file.body);
      for (const expected of [SELLER, "Q-000001", "version 1", "Acme Corp", "Widget Pro", "€1,080.00", "€1,026.00", "5%"]) expect(text).toContain(expected);

      expect((await download(world.app, tokenFor({ tenantId: "1", permissions: ["sfa.opportunities.read"] }), pdf!.downloadUrl)).status).toBe(403);
      expect((await download(world.app, tokenFor({ tenantId: "2", admin: true }), pdf!.downloadUrl)).status).toBe(404);
    });

    it("refuses a quote with bad lines, a recipient off the deal or a past validity, line by line, and writes nothing", async () => {
      const outsider: Contact = await world.customers.contact({ firstName: "Olga" });
      const [quotes, lines, outbox] = [await world.count("quote"), await world.count("quote_line"), await world.count("outbox_event")];
      const refused = await world.createQuote({
        opportunityId: deal,
        contactId: gid.contact(outsider),
        validUntil: day(-1),
        lines: [
          { productId: world.products.foreign, quantity: 1, discountBps: 0 },
          { productId: world.products.widget, quantity: 1, discountBps: 0, priceBookId: world.books.expired },
          { productId: world.products.widget, quantity: 1, discountBps: 0, priceBookId: world.books.usd },
          { productId: world.products.widget, quantity: 1, discountBps: 6_000 },
        ],
      });
      expect(refused.quote).toBeNull();
      expect(codes(refused.userErrors)).toEqual([
        [["input", "validUntil"], "INVALID"],
        [["input", "contactId"], "RECIPIENT_NOT_ON_DEAL"],
        [["input", "lines", "0", "productId"], "NOT_FOUND"],
        [["input", "lines", "1", "priceBookId"], "PRICE_BOOK_EXPIRED"],
        [["input", "lines", "2", "priceBookId"], "CURRENCY_MISMATCH"],
        [["input", "lines", "3", "discountBps"], "DISCOUNT_TOO_HIGH"],
      ]);
      expect(refused.userErrors[4]!.message).toBe("Price book 'US list' is in USD, not EUR.");

      // A quote-wide book is reported once, at the field that named it; the deal's line items are the lines.
      const wide = await world.createQuote({ opportunityId: deal, priceBookId: world.books.expired });
      expect(codes(wide.userErrors)).toEqual([[["input", "priceBookId"], "PRICE_BOOK_EXPIRED"]]);
      const malformed = await world.createQuote({ opportunityId: deal, lines: [{ productId: "not-an-id", quantity: 1, discountBps: 0 }] });
      expect(codes(malformed.userErrors)).toEqual([[["input", "lines", "0", "productId"], "INVALID"]]);
      const empty = await world.createQuote({ opportunityId: await world.opportunity({ name: "Nothing on it" }) });
      expect(codes(empty.userErrors)).toEqual([[["input", "lines"], "REQUIRED"]]);

      expect([await world.count("quote"), await world.count("quote_line")]).toEqual([quotes, lines]);
      // The new opportunity announced itself; no quote did.
      expect(await world.count("outbox_event")).toBe(outbox + 1);
      expect(await world.app.query("SELECT last_value FROM sales_document_counter WHERE tenant_id = 1 AND kind = 'QUOTE'")).toEqual([{ last_value: 1 }]);
    });

    it("revises a quote into the next version of the same number and never gives a number twice", async () => {
      const { quoteRevise } = await rep.data(QuoteReviseDocument, { input: { id: first.id, validUntil: day(45) } });
      expect(quoteRevise.userErrors).toEqual([]);
      const second = quoteRevise.quote!;
      expect(second).toMatchObject({ number: "Q-000001", version: 2, status: "DRAFT", validUntil: day(45), total: { amount: 1_026_00 } });
      expect((await quoteView(first.id)).status).toBe("SUPERSEDED");
      const again = (await rep.data(QuoteReviseDocument, { input: { id: first.id } })).quoteRevise;
      expect(codes(again.userErrors)).toEqual([[["input", "id"], "NOT_LATEST_VERSION"]]);

      const versions = (await rep.data(QuotesDocument, { filter: { number: "q-000001" } })).quotes.nodes;
      expect(versions.map((quote) => [quote.version, quote.status])).toEqual([[2, "DRAFT"], [1, "SUPERSEDED"]]);
      const latest = nodeOf((await rep.data(OpportunityQuotesDocument, { id: deal })).node, "Opportunity").quotes!.nodes;
      expect(latest.map((quote) => [quote.number, quote.version])).toEqual([["Q-000001", 2]]);

      const made = await Promise.all(
        Array.from({ length: 6 }, () => world.quote({ opportunityId: deal, lines: [{ productId: world.products.onboarding, quantity: 1, discountBps: 0 }] })),
      );
      expect(made.map((quote) => quote.number).sort()).toEqual(["Q-000002", "Q-000003", "Q-000004", "Q-000005", "Q-000006", "Q-000007"]);
      first = second;
    });
  });

  describe("discount approval", () => {
    let junior: User;
    let pending: QuoteFieldsFragment;
    const approver = (user: User, permissions = ["sfa.quotes.read", "sfa.quotes.approve"]) => world.client(user.id, permissions);
    const approve = async (id: string, client: GraphQLClient) => (await client.data(QuoteApproveDocument, { input: { id } })).quoteApprove;

    it("keeps the defaults until the settings change, and checks them", async () => {
      expect((await rep.data(SalesSettingsDocument, {})).salesSettings).toEqual({ quoteApprovalThresholdBps: 1_000, maxDiscountBps: 5_000, updatedAt: null });
      const denied = await rep.request(SalesSettingsUpdateDocument, { input: { maxDiscountBps: 9_000 } });
      expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const settings = world.client(manager.id, ["sfa.quotas.manage", "sfa.quotes.read"]);
      const crossed = (await settings.data(SalesSettingsUpdateDocument, { input: { quoteApprovalThresholdBps: 6_000 } })).salesSettingsUpdate;
      expect(codes(crossed.userErrors)).toEqual([[["input", "quoteApprovalThresholdBps"], "INVALID"]]);
      const lowered = (await settings.data(SalesSettingsUpdateDocument, { input: { maxDiscountBps: 3_000 } })).salesSettingsUpdate;
      expect(lowered.salesSettings).toMatchObject({ quoteApprovalThresholdBps: 1_000, maxDiscountBps: 3_000 });
      const tooHigh = await world.createQuote({ opportunityId: deal, lines: [{ productId: world.products.widget, quantity: 1, discountBps: 3_500 }] });
      expect(codes(tooHigh.userErrors)).toEqual([[["input", "lines", "0", "discountBps"], "DISCOUNT_TOO_HIGH"]]);
      await settings.data(SalesSettingsUpdateDocument, { input: { maxDiscountBps: 5_000 } });

      junior = await world.customers.user({ name: "Jo Junior" });
      for (const [user, maxDiscountBps] of [[junior, 1_500], [manager, 2_500]] as const) {
        const { discountApprovalLimitSet } = await settings.data(DiscountApprovalLimitSetDocument, { input: { userId: gid.user(user), maxDiscountBps } });
        expect(discountApprovalLimitSet).toMatchObject({ userErrors: [], discountApprovalLimit: { maxDiscountBps, user: { id: gid.user(user) } } });
      }
      const unknown = (await settings.data(DiscountApprovalLimitSetDocument, { input: { userId: gid.user({ id: "999999" }), maxDiscountBps: 100 } })).discountApprovalLimitSet;
      expect(codes(unknown.userErrors)).toEqual([[["input", "userId"], "NOT_FOUND"]]);
    });

    it("keeps one limit when several first limits for a user are set at once, answering any loser CONFLICT", async () => {
      const settings = world.client(manager.id, ["sfa.quotas.manage", "sfa.quotes.read"]);
      const newcomer = await world.customers.user({ name: "Nia New" });
      const asked = [1_000, 2_000, 3_000, 4_000];
      const payloads = await Promise.all(
        asked.map(async (maxDiscountBps) => (await settings.data(DiscountApprovalLimitSetDocument, { input: { userId: gid.user(newcomer), maxDiscountBps } })).discountApprovalLimitSet),
      );
      const through = payloads.filter((payload) => payload.userErrors.length === 0).map((payload) => payload.discountApprovalLimit!.maxDiscountBps);
      expect(through.length).toBeGreaterThan(0);
      for (const payload of payloads.filter((one) => one.userErrors.length > 0)) expect(codes(payload.userErrors)).toEqual([[["input", "userId"], "CONFLICT"]]);
      const rows = await world.app.query<{ max_discount_bps: number }>("SELECT max_discount_bps FROM discount_approval_limit WHERE user_id = ?", [newcomer.id]);
      expect(rows).toHaveLength(1);
      expect(through).toContain(rows[0]!.max_discount_bps);
    });

    it("holds a quote discounted past the threshold until an approver whose limit covers it approves", async () => {
      pending = await world.quote({ opportunityId: deal, lines: [{ productId: world.products.widget, quantity: 2, discountBps: 2_000 }] });
      expect(pending).toMatchObject({ status: "PENDING_APPROVAL", approvalRequired: true, maxDiscountBps: 2_000, total: { amount: 160_00 } });
      const send = (await rep.data(QuoteSendDocument, { input: { id: pending.id } })).quoteSend;
      expect(codes(send.userErrors)).toEqual([[["input", "id"], "APPROVAL_REQUIRED"]]);

      const byRep = await rep.request(QuoteApproveDocument, { input: { id: pending.id } });
      expect(byRep.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const tooLow = await approve(pending.id, approver(junior));
      expect(tooLow.userErrors).toEqual([
        { field: ["input", "id"], code: "DISCOUNT_LIMIT_EXCEEDED", message: `Your approval limit is 15.00 %; ${pending.number} has a 20.00 % discount.` },
      ]);
      const none = await approve(pending.id, approver(await world.customers.user({ name: "No Limit" })));
      expect(none.userErrors.map((error) => [error.code, error.message.split(";")[0]])).toEqual([["DISCOUNT_LIMIT_EXCEEDED", "You have no discount approval limit"]]);
      expect((await quoteView(pending.id)).status).toBe("PENDING_APPROVAL");
      await world.app.settle();
      expect((await quoteView(pending.id)).pdf).toBeNull();

      const approved = await approve(pending.id, approver(manager));
      expect(approved.userErrors).toEqual([]);
      expect(approved.quote).toMatchObject({ status: "APPROVED", approvedBy: { id: gid.user(manager) }, approvedAt: expect.any(String) });
      expect(await world.events("sfa.quote.approved.v1")).toEqual([expect.objectContaining({ quoteId: fromGlobalId(pending.id).rowId, approvedById: manager.id })]);
      await world.app.settle();
      expect((await quoteView(pending.id)).pdf).toMatchObject({ name: `${pending.number}-v1.pdf` });
      const twice = await approve(pending.id, approver(manager));
      expect(codes(twice.userErrors)).toEqual([[["input", "id"], "INVALID_STATUS"]]);
    });

    it("does not let the author approve their own discount, unless an administrator", async () => {
      const author = await world.customers.user({ name: "Sam Self" });
      const both = world.client(author.id, [...REP_PERMISSIONS, "sfa.quotes.approve"]);
      await world.client(manager.id, ["sfa.quotas.manage"]).data(DiscountApprovalLimitSetDocument, { input: { userId: gid.user(author), maxDiscountBps: 5_000 } });
      const own = await world.quote({ opportunityId: deal, lines: [{ productId: world.products.widget, quantity: 1, discountBps: 1_200 }] }, both);
      expect(codes((await approve(own.id, both)).userErrors)).toEqual([[["input", "id"], "SELF_APPROVAL"]]);
      expect((await approve(own.id, world.app.client.as(ADMIN))).quote!.status).toBe("APPROVED");
    });
  });

  describe("sending", () => {
    it("emails the quote with its PDF once, marks it sent and records it on the timeline", async () => {
      const { quoteSend } = await rep.data(QuoteSendDocument, { input: { id: first.id, message: "Here is our offer, as discussed." } });
      expect(quoteSend.userErrors).toEqual([]);
      expect(quoteSend.quote).toMatchObject({ status: "DRAFT", sendStatus: "SCHEDULED", sendScheduledAt: expect.any(String) });
      await world.app.settle();
      await waitFor("the quote email", () => world.peer.received.length > 0);
      const [mail] = world.peer.received;
      expect(mail).toMatchObject({ subject: `Quote Q-000001 (version 2) from ${SELLER}`, text: "Here is our offer, as discussed." });
      expect(mail!.to).toMatchObject({ text: world.adaEmail });
      expect(mail!.replyTo!.text).toBe("rita@northwind.example");
      expect(mail!.attachments.map((attachment) => [attachment.filename, attachment.contentType])).toEqual([["Q-000001-v2.pdf", "application/pdf"]]);
      expect(await pdfText(mail!.attachments[0]!.content)).toContain("version 2");

      const sent = await quoteView(first.id);
      expect(sent).toMatchObject({ status: "SENT", sendStatus: "SENT", sentAt: expect.any(String), sendError: null });
      const [interaction] = await world.app.query<{ id: string; channel: string; direction: string; subject: string; source_module: string }>(
        "SELECT id, channel, direction, subject, source_module FROM interaction WHERE source_type = 'Quote' AND source_id = ?",
        [first.id],
      );
      expect(interaction).toMatchObject({ channel: "EMAIL", direction: "OUTBOUND", subject: `Quote Q-000001 (version 2) from ${SELLER}`, source_module: "sfa" });
      const participants = await world.app.query("SELECT contact_id, account_id, role FROM interaction_participant WHERE interaction_id = ? ORDER BY participant_key", [interaction!.id]);
      expect(participants).toEqual([
        { contact_id: null, account_id: world.acme.id, role: null },
        { contact_id: world.ada.id, account_id: null, role: "recipient" },
      ]);
      expect(await world.events("sfa.quote.sent.v1")).toEqual([expect.objectContaining({ quoteId: fromGlobalId(first.id).rowId, contactId: world.ada.id, interactionId: interaction!.id })]);
      // The policy was asked at the request and again at the send; only the send counts toward the frequency cap.
      expect(await decisionsOf(world.ada.id)).toEqual([
        { verdict: "ALLOWED_NOW", counted: 0 },
        { verdict: "ALLOWED_NOW", counted: 1 },
      ]);

      const resend = (await rep.data(QuoteSendDocument, { input: { id: first.id } })).quoteSend;
      expect(codes(resend.userErrors)).toEqual([[["input", "id"], "INVALID_STATUS"]]);
    });

    it("never emails twice: a redelivered job finds the send done, and a send cut short is reported, not repeated", async () => {
      const rowId = fromGlobalId(first.id).rowId;
      const [{ sent_at }] = await world.app.query<{ sent_at: Date }>("SELECT sent_at FROM quote WHERE id = ?", [rowId]);
      const scheduled = (await world.events("sfa.quote.sendRequested.v1")).find((event) => event.quoteId === rowId)!;
      const payload = { tenantId: "1", quoteId: rowId, request: 1, sendAt: String(scheduled.sendAt), actor: null };
      await world.app.services.queues.enqueue(quoteSendJob, payload, { jobId: "redelivery-1" });
      await world.app.settle();
      expect(world.peer.received).toHaveLength(1);
      expect(await world.app.query("SELECT sent_at FROM quote WHERE id = ?", [rowId])).toEqual([{ sent_at }]);

      // A worker died after marking the send SENDING: whether the mail left is unknown, so it is not sent again.
      const cut = await world.quote({ opportunityId: deal, lines: [{ productId: world.products.onboarding, quantity: 1, discountBps: 0 }] });
      const cutId = fromGlobalId(cut.id).rowId;
      await world.app.query("UPDATE quote SET send_status = 'SENDING', send_request = 1, send_scheduled_at = UTC_TIMESTAMP(3) WHERE id = ?", [cutId]);
      await world.app.services.queues.enqueue(quoteSendJob, { ...payload, quoteId: cutId }, { jobId: "redelivery-2" });
      await world.app.settle();
      expect(world.peer.received).toHaveLength(1);
      const reported = await quoteView(cut.id);
      expect(reported).toMatchObject({ status: "DRAFT", sendStatus: "FAILED", sentAt: null });
      expect(reported.sendError).toMatch(/may or may not have arrived/);
    });

    it("puts a send the mail server refused back for a retry, and reports it failed after the last attempt", async () => {
      const bea = await world.contactOfAcme({ firstName: "Bea" }, "bounce@acme.example");
      const quote = await world.quote({ opportunityId: deal, contactId: gid.contact(bea), lines: [{ productId: world.products.onboarding, quantity: 1, discountBps: 0 }] });
      const rowId = fromGlobalId(quote.id).rowId;
      const mails = world.peer.received.length;
      expect((await rep.data(QuoteSendDocument, { input: { id: quote.id } })).quoteSend.userErrors).toEqual([]);
      const retrying = await waitFor("the refused first attempt", async () => {
        const view = await quoteView(quote.id);
        return view.sendError ? view : undefined;
      });
      expect(retrying).toMatchObject({ status: "DRAFT", sendStatus: "SCHEDULED", sentAt: null });
      expect(retrying!.sendError).toMatch(/^The mail server did not take it: .*550/);

      // The last attempt: the request's job, given no more retries.
      const requested = (await world.events("sfa.quote.sendRequested.v1")).find((event) => event.quoteId === rowId)!;
      const payload = { tenantId: "1", quoteId: rowId, request: Number(requested.request), sendAt: String(requested.sendAt), actor: null };
      const queue = world.app.services.queues.get(quoteSendJob.queue);
      await waitForJobState(queue, quoteSendJobId(payload), ["delayed"]);
      expect(await queue.remove(quoteSendJobId(payload))).toBe(1);
      await world.app.services.queues.enqueue(quoteSendJob, payload, { jobId: "last-attempt", attempts: 1 });
      await world.app.settle();
      expect(await quoteView(quote.id)).toMatchObject({ status: "DRAFT", sendStatus: "FAILED", sentAt: null, sendError: expect.stringMatching(/did not take it/) });
      expect(world.peer.received).toHaveLength(mails);
      expect((await world.events("sfa.quote.sent.v1")).filter((event) => event.quoteId === rowId)).toEqual([]);
      // Neither refused attempt counts toward Bea's frequency cap: nothing reached her.
      expect((await decisionsOf(bea.id)).filter((decision) => decision.counted)).toEqual([]);
    });

    it("asks the contact policy: a withdrawn consent or no email address refuses the send and sends nothing", async () => {
      const carol = await world.contactOfAcme({ firstName: "Carol" }, "carol@acme.example");
      const { consentRecord } = await world.admin.data(ConsentRecordDocument, {
        input: { contactId: gid.contact(carol), channel: "EMAIL", purpose: "SERVICE", status: "WITHDRAWN", source: "phone call" },
      });
      expect(consentRecord.userErrors).toEqual([]);
      const dave = await world.contactOfAcme({ firstName: "Dave" }, null);
      const mails = world.peer.received.length;
      for (const [contact, reason] of [[carol, "CONSENT_WITHDRAWN"], [dave, "NO_CONTACT_POINT"]] as const) {
        const quote = await world.quote({ opportunityId: deal, contactId: gid.contact(contact), lines: [{ productId: world.products.onboarding, quantity: 1, discountBps: 0 }] });
        const { quoteSend } = await rep.data(QuoteSendDocument, { input: { id: quote.id } });
        expect(quoteSend.quote).toBeNull();
        expect(codes(quoteSend.userErrors)).toEqual([[["input", "id"], "CONTACT_POLICY_DENIED"]]);
        expect(quoteSend.userErrors[0]!.message).toContain(reason);
        expect(await quoteView(quote.id)).toMatchObject({ status: "DRAFT", sendStatus: null });
        // The refusal itself is the policy's record (ContactDecision), as for every sender.
        expect(await world.app.query("SELECT verdict, reason_code, requested_by FROM contact_decision WHERE contact_id = ?", [contact.id])).toEqual([
          { verdict: "DENIED", reason_code: reason, requested_by: "sfa.quote" },
        ]);
      }
      await world.app.settle();
      expect(world.peer.received).toHaveLength(mails);
    });

    it("waits out quiet hours with a delayed job that asks again, and reports an address gone meanwhile", async () => {
      const hour = new Date().getUTCHours();
      const clock = (h: number) => `${String((h + 24) % 24).padStart(2, "0")}:00`;
      const quiet = { quietHoursStart: clock(hour - 1), quietHoursEnd: clock(hour + 2) };
      const [eve, erin] = [await world.contactOfAcme({ firstName: "Eve" }, "eve@acme.example"), await world.contactOfAcme({ firstName: "Erin" }, "erin@acme.example")];
      const scheduled: Record<string, string> = {};
      for (const contact of [eve, erin]) {
        await world.admin.data(ContactPolicySetDocument, { input: { contactId: gid.contact(contact), ...quiet } });
        const quote = await world.quote({ opportunityId: deal, contactId: gid.contact(contact), lines: [{ productId: world.products.widget, quantity: 1, discountBps: 0 }] });
        const { quoteSend } = await rep.data(QuoteSendDocument, { input: { id: quote.id } });
        expect(quoteSend.userErrors).toEqual([]);
        expect(quoteSend.quote!.sendStatus).toBe("SCHEDULED");
        expect(Date.parse(quoteSend.quote!.sendScheduledAt!)).toBeGreaterThan(Date.now() + 1_800_000);
        scheduled[contact.id] = quote.id;
        await world.admin.data(ContactPolicySetDocument, { input: { contactId: gid.contact(contact), quietHoursStart: null, quietHoursEnd: null } });
      }
      await world.app.query("DELETE FROM contact_point WHERE contact_id = ?", [erin.id]);
      const mails = world.peer.received.length;
      const delayed = await world.app.services.queues.get("sfa.documents").getDelayed();
      const waiting = delayed.filter((job) => job.name === "quoteSend");
      expect(waiting.map((job) => job.data.quoteId).sort()).toEqual(Object.values(scheduled).map((id) => fromGlobalId(id).rowId).sort());
      await Promise.all(waiting.map((job) => job.promote()));
      await world.app.settle();

      await waitFor("Eve's quote", () => (world.peer.received.length > mails ? true : undefined));
      expect(world.peer.received.slice(mails).map((mail) => mail.to)).toEqual([expect.objectContaining({ text: "eve@acme.example" })]);
      expect(await quoteView(scheduled[eve.id]!)).toMatchObject({ status: "SENT", sendStatus: "SENT" });
      expect(await quoteView(scheduled[erin.id]!)).toMatchObject({ status: "DRAFT", sendStatus: "FAILED", sendError: "The recipient has no email address.", sentAt: null });
    });
  });

  describe("a tenant that switches sales off", () => {
    it("does not email a quote still waiting to go, and the quote says so, so it can be sent again later", async () => {
      const hour = new Date().getUTCHours();
      const clock = (h: number) => `${String((h + 24) % 24).padStart(2, "0")}:00`;
      const olga = await world.contactOfAcme({ firstName: "Olga" }, "olga@acme.example");
      await world.admin.data(ContactPolicySetDocument, { input: { contactId: gid.contact(olga), quietHoursStart: clock(hour - 1), quietHoursEnd: clock(hour + 2) } });
      const quote = await world.quote({ opportunityId: deal, contactId: gid.contact(olga), lines: [{ productId: world.products.widget, quantity: 1, discountBps: 0 }] });
      expect((await rep.data(QuoteSendDocument, { input: { id: quote.id } })).quoteSend.quote!.sendStatus).toBe("SCHEDULED");
      await world.admin.data(ContactPolicySetDocument, { input: { contactId: gid.contact(olga), quietHoursStart: null, quietHoursEnd: null } });
      const [job] = (await world.app.services.queues.get("sfa.documents").getDelayed()).filter((delayed) => delayed.data.quoteId === fromGlobalId(quote.id).rowId);
      const mails = world.peer.received.length;

      const sales = (enabled: boolean) => world.admin.data(TenantModuleSwitchDocument, { input: { module: "sfa", enabled } });
      expect((await sales(false)).tenantModuleSwitch.userErrors).toEqual([]);
      try {
        await job!.promote();
        expect((await waitForJobState(world.app.services.queues.get("sfa.documents"), job!.id!, ["completed", "failed"])).returnvalue).toBe("failed");
      } finally {
        await sales(true);
      }
      expect(await quoteView(quote.id)).toMatchObject({
        status: "DRAFT",
        sendStatus: "FAILED",
        sendError: "The sales module was switched off for this tenant before the quote went out.",
        sentAt: null,
      });
      expect(world.peer.received).toHaveLength(mails);

      expect((await rep.data(QuoteSendDocument, { input: { id: quote.id } })).quoteSend.userErrors).toEqual([]);
      await waitFor("Olga's quote to be sent", () => quoteView(quote.id), { until: (view) => view.sendStatus === "SENT" });
      expect(await quoteView(quote.id)).toMatchObject({ status: "SENT", sendStatus: "SENT" });
      expect(world.peer.received.slice(mails).map((mail) => mail.to)).toEqual([expect.objectContaining({ text: "olga@acme.example" })]);
    });
  });

  describe("tenancy and permissions", () => {
    it("keeps other tenants out and asks for the quote permissions", async () => {
      const stranger = world.client("1", REP_PERMISSIONS, "2");
      expect((await stranger.data(QuotesDocument, {})).quotes.totalCount).toBe(0);
      expect((await stranger.data(QuoteDocumentDocument, { id: first.id })).node).toBeNull();
      const send = (await stranger.data(QuoteSendDocument, { input: { id: first.id } })).quoteSend;
      expect(codes(send.userErrors)).toEqual([[["input", "id"], "NOT_FOUND"]]);
      const revise = (await stranger.data(QuoteReviseDocument, { input: { id: first.id } })).quoteRevise;
      expect(codes(revise.userErrors)).toEqual([[["input", "id"], "NOT_FOUND"]]);
      const theirDeal = await world.createQuote({ opportunityId: deal }, stranger);
      expect(codes(theirDeal.userErrors)).toEqual([[["input", "opportunityId"], "NOT_FOUND"]]);

      const reader = world.client(world.rep.id, ["sfa.quotes.read"]);
      expect((await reader.request(QuoteSendDocument, { input: { id: first.id } })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const outsider = world.client(world.rep.id, ["sfa.opportunities.read"]);
      expect((await outsider.request(QuotesDocument, {})).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await outsider.data(QuoteDocumentDocument, { id: first.id })).node).toBeNull();
    });

    it("lists quotes, and deals with their line items and quotes, in a constant number of statements", async () => {
      const statements = async (query: string): Promise<number> => {
        const response = await rep.request(query);
        expect(response.errors).toBeUndefined();
        return Number(response.headers.get("x-sql-statements"));
      };
      const quotes = (first: number) => `{ quotes(first: ${first}) { nodes { number lines { sku total { amount } product { name } } account { name } order { number } pdf { name } } } }`;
      expect(await statements(quotes(12))).toBe(await statements(quotes(1)));
      for (let i = 0; i < 3; i++) {
        const other = await world.opportunity({ name: `Batch ${i}` });
        await world.lineItem({ opportunityId: other, productId: world.products.onboarding });
        await world.quote({ opportunityId: other });
      }
      const deals = (first: number) => `{ opportunities(first: ${first}) { nodes { lineItems { product { sku } priceBook { name } total { amount } } quotes(first: 2) { nodes { number lines { sku } } } } } }`;
      expect(await statements(deals(4))).toBe(await statements(deals(1)));
    });
  });

  describe("documents", () => {
    it("links one PDF when renders of a version race, and keeps no bytes without a row", async () => {
      const quote = await world.quote({ opportunityId: deal });
      await world.app.settle();
      const rowId = fromGlobalId(quote.id).rowId;
      // As if its render job had not run yet.
      await world.app.query("UPDATE quote SET pdf_file_id = NULL WHERE id = ?", [rowId]);
      const tenantFiles = join(world.app.services.files.root, "1");
      const before = await readdir(tenantFiles);
      const ids = await Promise.all([1, 2, 3].map(() => ensureQuotePdf(world.app.services, "1", rowId)));
      expect(new Set(ids).size).toBe(1);
      expect(await world.app.query("SELECT pdf_file_id FROM quote WHERE id = ?", [rowId])).toEqual([{ pdf_file_id: ids[0] }]);
      const added = (await readdir(tenantFiles)).filter((name) => !before.includes(name));
      const [linked] = await world.app.query<{ storage_key: string }>("SELECT storage_key FROM stored_file WHERE id = ?", [ids[0]]);
      expect(added.map((name) => `1/${name}`)).toEqual([linked!.storage_key]);
    });
  });
});
