import { execFile } from "node:child_process";
import type { Account } from "../../core/accounts/account.entity";
import type { Contact } from "../../core/contacts/contact.entity";
import { ContactPointKind } from "../../core/contacts/contact-point.entity";
import type { User } from "../../core/identity/identity.entities";
import { sfaModule } from "../../modules/sfa";
import {
  OpportunityCreateDocument,
  OpportunityLineItemAddDocument,
  PriceBookCreateDocument,
  PriceBookEntrySetDocument,
  ProductCreateDocument,
  QuoteCreateDocument,
  type OpportunityCreateInput,
  type OpportunityLineItemAddInput,
  type QuoteCreateInput,
} from "../../schema/generated/graphql";
import { REPO_ROOT } from "./child-process";
import { Customers, gid } from "./customers";
import type { GraphQLClient } from "./graphql-client";
import { SmtpPeer } from "./smtp-peer";
import { TestApp } from "./test-app";
import { tokenFor } from "./test-auth";

export const SELLER = "Northwind Sales";
export const REP_PERMISSIONS = [
  "sfa.opportunities.read",
  "sfa.opportunities.write",
  "sfa.quotes.read",
  "sfa.quotes.write",
  "accounts.read",
  "contacts.read",
  "catalog.read",
];
export const ADMIN = tokenFor({ tenantId: "1", admin: true });

const READ_PDF = `
const { PDFParse } = require("pdf-parse");
const chunks = [];
process.stdin.on("data", (chunk) => chunks.push(chunk));
process.stdin.on("end", async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  process.stdout.write((await parser.getText()).text);
  await parser.destroy();
});`;

/**
 * The text of a PDF, read with pdf-parse. pdf.js loads its worker with a dynamic import, which
 * Jest's module sandbox refuses, so the reading happens in a plain Node process.
 */
export function pdfText(bytes: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ["-e", READ_PDF], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 ** 2 }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    child.stdin!.end(bytes);
  });
}

/** UTC days from today, as YYYY-MM-DD. */
export function day(offset: number): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The world the quote and order tests sell in: a real SMTP peer, the sales module with its
 * workers, tenant 1 named Northwind Sales with a rep, an account and two of its contacts (Ada
 * with an email address), and a EUR catalogue: a widget at 100.00 (90.00 from 10 units) and
 * onboarding at 1,500.00 in a standard book, plus an expired book, a USD book and another
 * tenant's product to get wrong.
 */
export class QuoteWorld {
  readonly customers: Customers;
  readonly admin: GraphQLClient;
  rep!: User;
  repClient!: GraphQLClient;
  acme!: Account;
  ada!: Contact;
  adaEmail = "ada@acme.example";
  products!: { widget: string; onboarding: string; foreign: string };
  books!: { standard: string; expired: string; usd: string };

  private constructor(
    readonly app: TestApp,
    readonly peer: SmtpPeer,
  ) {
    this.customers = new Customers(app, "1");
    this.admin = app.client.as(ADMIN);
  }

  static async start(): Promise<QuoteWorld> {
    const peer = await SmtpPeer.start({ refuse: /^bounce@/ });
    const app = await TestApp.start({ modules: [sfaModule], workers: true, env: { SMTP_URL: peer.url, MAIL_FROM: `${SELLER} <sales@northwind.example>` } });
    const world = new QuoteWorld(app, peer);
    await world.seed();
    return world;
  }

  async stop(): Promise<void> {
    await this.app.stop();
    await this.peer.stop();
  }

  private async seed(): Promise<void> {
    await this.app.query("INSERT INTO tenant (id, slug, name) VALUES (1, 'northwind', ?), (2, 'other', 'Other Co')", [SELLER]);
    this.rep = await this.customers.user({ name: "Rita Rep", email: "rita@northwind.example" });
    this.repClient = this.client(this.rep.id, REP_PERMISSIONS);
    this.acme = await this.customers.account({ name: "Acme Corp" });
    this.ada = await this.contactOfAcme({ firstName: "Ada", language: "en-US" }, this.adaEmail);
    const [widget, onboarding] = [await this.product("WID-1", "Widget Pro"), await this.product("ONB-1", "Onboarding")];
    const foreign = await this.product("FOR-1", "Not yours", this.app.client.as(tokenFor({ tenantId: "2", admin: true })));
    const standard = await this.book({ name: "Standard 2026", currency: "EUR", validFrom: "2026-01-01T00:00:00.000Z" });
    const expired = await this.book({ name: "Spring promo 2025", currency: "EUR", validFrom: "2025-03-01T00:00:00.000Z", validTo: "2025-06-01T00:00:00.000Z" });
    const usd = await this.book({ name: "US list", currency: "USD", validFrom: "2026-01-01T00:00:00.000Z" });
    await this.price(standard, widget, 100_00, 1);
    await this.price(standard, widget, 90_00, 10);
    await this.price(standard, onboarding, 1_500_00, 1);
    await this.price(expired, widget, 50_00, 1, "EUR");
    await this.price(usd, widget, 120_00, 1, "USD");
    this.products = { widget, onboarding, foreign };
    this.books = { standard, expired, usd };
  }

  client(userId: string, permissions: string[], tenantId = "1"): GraphQLClient {
    return this.app.client.as(tokenFor({ tenantId, id: userId, permissions }));
  }

  /** A contact linked to Acme, with an email address unless `email` is null. */
  async contactOfAcme(values: Partial<Contact>, email: string | null): Promise<Contact> {
    const contact = await this.customers.contact(values);
    await this.customers.link(contact, this.acme);
    if (email) await this.customers.point(contact, ContactPointKind.EMAIL, email, { isPrimary: true });
    return contact;
  }

  private async product(sku: string, name: string, client = this.admin): Promise<string> {
    const { productCreate } = await client.data(ProductCreateDocument, { input: { sku, name } });
    expect(productCreate.userErrors).toEqual([]);
    return productCreate.product!.id;
  }

  private async book(input: { name: string; currency: string; validFrom: string; validTo?: string }): Promise<string> {
    const { priceBookCreate } = await this.admin.data(PriceBookCreateDocument, { input });
    expect(priceBookCreate.userErrors).toEqual([]);
    return priceBookCreate.priceBook!.id;
  }

  private async price(priceBookId: string, productId: string, amount: number, minQuantity: number, currency = "EUR"): Promise<void> {
    const { priceBookEntrySet } = await this.admin.data(PriceBookEntrySetDocument, { input: { priceBookId, productId, minQuantity, unitPrice: { amount, currency } } });
    expect(priceBookEntrySet.userErrors).toEqual([]);
  }

  /** An open EUR opportunity with Acme, owned by the rep. */
  async opportunity(overrides: Partial<OpportunityCreateInput> = {}): Promise<string> {
    const input = { name: "Acme widgets", accountId: gid.account(this.acme), currency: "EUR", expectedCloseDate: day(60), ...overrides };
    const { opportunityCreate } = await this.repClient.data(OpportunityCreateDocument, { input });
    expect(opportunityCreate.userErrors).toEqual([]);
    return opportunityCreate.opportunity!.id;
  }

  async lineItem(input: OpportunityLineItemAddInput) {
    const { opportunityLineItemAdd } = await this.repClient.data(OpportunityLineItemAddDocument, { input });
    expect(opportunityLineItemAdd.userErrors).toEqual([]);
    return opportunityLineItemAdd;
  }

  async createQuote(input: Partial<QuoteCreateInput> & { opportunityId: string }, client = this.repClient) {
    return (await client.data(QuoteCreateDocument, { input: { contactId: gid.contact(this.ada), validUntil: day(30), ...input } })).quoteCreate;
  }

  /** A quote that must be made: its payload's quote. */
  async quote(input: Partial<QuoteCreateInput> & { opportunityId: string }, client = this.repClient) {
    const result = await this.createQuote(input, client);
    expect(result.userErrors).toEqual([]);
    return result.quote!;
  }

  async count(table: string): Promise<number> {
    const [{ n }] = await this.app.query<{ n: string }>(`SELECT COUNT(*) AS n FROM ${table}`);
    return Number(n);
  }

  async events(type: string): Promise<Record<string, unknown>[]> {
    const found = await this.app.query<{ payload: string | object }>("SELECT payload FROM outbox_event WHERE type = ? ORDER BY id", [type]);
    return found.map(({ payload }) => (typeof payload === "string" ? JSON.parse(payload) : payload));
  }
}
