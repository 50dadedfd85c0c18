import type { Account } from "../accounts/account.entity";
import { priceBookEntriesService } from "../catalog/price-book-entries.service";
import { priceBooksService } from "../catalog/price-books.service";
import type { Product } from "../catalog/product.entity";
import { productsService } from "../catalog/products.service";
import { accountsService } from "../accounts/accounts.service";
import type { Contact } from "../contacts/contact.entity";
import { ContactPointKind } from "../contacts/contact-point.entity";
import { contactsService } from "../contacts/contacts.service";
import { failed, type ServiceResult } from "../contacts/service-result";
import { UnitOfWork } from "../db/unit-of-work";
import { InteractionChannel, InteractionDirection } from "../interactions/interaction.entity";
import type { PlatformServices } from "../kernel/services";
import { provisionTenant } from "./tenant-provisioning";
import { Tenant } from "./tenant.entity";

/** What the README tells a new user to sign in with; only ever created outside production. */
export const DEMO_TENANT = {
  name: "Demo Company",
  slug: "demo",
  admin: { email: "admin@demo.example", name: "Demo Admin", password: "demo-password-123" },
};

/** The demo customers and catalogue core creates, which modules build their own demo records on. */
export interface DemoCustomers {
  adminId: string;
  accounts: readonly Account[];
  contacts: readonly Contact[];
  /** Priced in the EUR standard price book. */
  products: readonly Product[];
}

declare module "../kernel/module" {
  interface ModuleHooks {
    /** Adds the module's demo records to a new demo tenant, in its transaction (`uow` acts as the demo admin). */
    demoData?(uow: UnitOfWork, customers: DemoCustomers, services: PlatformServices): Promise<void>;
  }
}

const ACCOUNTS = [
  { name: "Acme Corporation", domain: "acme.example", industry: "Manufacturing", region: "EMEA", country: "DE" },
  { name: "Globex", domain: "globex.example", industry: "Energy", region: "NA", country: "US" },
  { name: "Initech", domain: "initech.example", industry: "Software", region: "NA", country: "US" },
  { name: "Umbrella Health", domain: "umbrella.example", industry: "Healthcare", region: "EMEA", country: "FR" },
] as const;

/** SKU, name, family, unit price in euro cents. */
const PRODUCTS = [
  ["CRM-SEAT", "CRM seat (yearly)", "Subscriptions", 480_00],
  ["CRM-ONBOARD", "Onboarding package", "Services", 2_500_00],
  ["CRM-SUPPORT", "Premium support (yearly)", "Subscriptions", 1_200_00],
] as const;

const PEOPLE = [
  ["Ada", "Lovelace", "Head of Engineering", 0],
  ["Grace", "Hopper", "CTO", 0],
  ["Alan", "Turing", "Procurement Lead", 1],
  ["Katherine", "Johnson", "VP Operations", 1],
  ["Linus", "Pauling", "IT Manager", 2],
  ["Barbara", "Liskov", "CFO", 2],
  ["Marie", "Curie", "Chief Medical Officer", 3],
  ["Louis", "Pasteur", "Purchasing", 3],
] as const;

/** The record a service wrote for the demo; demo data is fixed, so a refusal is a bug. */
export function recorded<T>(result: ServiceResult<T>): T {
  if (failed(result)) throw new Error(`Demo data was refused: ${result.errors.map((error) => error.message).join(" ")}`);
  return result.record;
}

/** A handful of companies and people with some history: enough to click through every screen. */
async function seedCustomers(uow: UnitOfWork, services: PlatformServices, adminId: string): Promise<DemoCustomers> {
  const accounts: Account[] = [];
  for (const account of ACCOUNTS) accounts.push(recorded(await accountsService.createAccount(uow, { ...account, tags: ["demo"] })));
  const contacts: Contact[] = [];
  for (const [firstName, lastName, role, accountIndex] of PEOPLE) {
    const account = accounts[accountIndex]!;
    const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}@${account.domain}`;
    contacts.push(
      recorded(
        await contactsService.createContact(uow, {
          firstName,
          lastName,
          contactPoints: [{ kind: ContactPointKind.EMAIL, value: email }],
          accounts: [{ accountId: account.globalId, role }],
        }),
      ),
    );
  }
  const day = 86_400_000;
  for (const [index, contact] of contacts.entries()) {
    const accountId = accounts[PEOPLE[index]![3]]!.id;
    await services.timeline.record(uow, {
      channel: index % 2 === 0 ? InteractionChannel.EMAIL : InteractionChannel.PHONE,
      direction: InteractionDirection.INBOUND,
      occurredAt: new Date(Date.now() - (index + 1) * day),
      subject: `First conversation with ${contact.firstName}`,
      userId: adminId,
      participants: { contactIds: [contact.id], accountIds: [accountId] },
    });
  }
  return { adminId, accounts, contacts, products: await seedCatalog(uow) };
}

async function seedCatalog(uow: UnitOfWork): Promise<Product[]> {
  const book = recorded(await priceBooksService.create(uow, { name: "Standard EUR", currency: "EUR", priority: 0, active: true, validFrom: new Date("2026-01-01T00:00:00Z") }));
  const products: Product[] = [];
  for (const [sku, name, family, amount] of PRODUCTS) {
    const product = recorded(await productsService.create(uow, { sku, name, family, active: true }));
    const entry = { priceBookId: book.id, productId: product.id };
    recorded(await priceBookEntriesService.set(uow, entry, { priceBookId: book.globalId, productId: product.globalId, unitPrice: { amount, currency: "EUR" }, minQuantity: 1 }));
    products.push(product);
  }
  return products;
}

/**
 * The tenant a fresh laptop install starts with, with demo customers and every enabled module's
 * demo records, all in one transaction; does nothing when the tenant exists.
 */
export async function ensureDemoTenant(services: PlatformServices): Promise<Tenant> {
  let created: UnitOfWork | undefined;
  const tenant = await services.dataSource.transaction(async (manager) => {
    const existing = await manager.findOneBy(Tenant, { slug: DEMO_TENANT.slug });
    if (existing) return existing;
    const { tenant, admin } = await provisionTenant(manager, DEMO_TENANT);
    const uow = new UnitOfWork(manager, { tenantId: tenant.id, actor: `staff:${admin.id}`, requestId: null, operation: "demoData" });
    const customers = await seedCustomers(uow, services, admin.id);
    for (const module of services.modules.active) await module.hooks?.demoData?.(uow, customers, services);
    created = uow;
    return tenant;
  });
  if (created) await services.transactions.committed(created);
  return tenant;
}
