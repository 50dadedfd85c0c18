import type { DeepPartial } from "typeorm";
import { Account } from "../../core/accounts/account.entity";
import { AccountContact, Contact } from "../../core/contacts/contact.entity";
import { ContactPoint, ContactPointKind } from "../../core/contacts/contact-point.entity";
import { TenantScope } from "../../core/db/tenant-scope";
import { toGlobalId } from "../../core/graphql/relay/global-id";
import { User } from "../../core/identity/identity.entities";
import type { TestApp } from "./test-app";

let sequence = 0;
const next = () => ++sequence;

/**
 * Writes customers straight through a TenantScope, so tests of what hangs off contacts and
 * accounts (timeline, consent, the 360 view) do not depend on the contacts API.
 */
export class Customers {
  readonly scope: TenantScope;

  constructor(app: TestApp, readonly tenantId: string) {
    this.scope = new TenantScope(app.services.dataSource.manager, tenantId);
  }

  contact(values: DeepPartial<Contact> = {}): Promise<Contact> {
    const n = next();
    return this.scope.save(this.scope.create<Contact>(Contact, { firstName: `First${n}`, lastName: `Last${n}`, ...values }));
  }

  account(values: DeepPartial<Account> = {}): Promise<Account> {
    const name = values.name ?? `Account ${next()}`;
    return this.scope.save(this.scope.create<Account>(Account, { name, normalizedName: name.toLowerCase(), ...values }));
  }

  user(values: DeepPartial<User> = {}): Promise<User> {
    const n = next();
    return this.scope.save(this.scope.create<User>(User, { email: `user${n}@example.test`, name: `User ${n}`, passwordHash: "-", ...values }));
  }

  async link(contact: Contact, account: Account, values: { role?: string; isPrimary?: boolean } = {}): Promise<void> {
    await this.scope.manager.insert(AccountContact, {
      tenantId: this.tenantId,
      contactId: contact.id,
      accountId: account.id,
      role: values.role ?? null,
      isPrimary: values.isPrimary ?? false,
    });
  }

  point(contact: Contact, kind: ContactPointKind, value?: string, values: DeepPartial<ContactPoint> = {}): Promise<ContactPoint> {
    const text = value ?? (kind === ContactPointKind.EMAIL ? `p${next()}@example.test` : `+3314000${String(next()).padStart(4, "0")}`);
    return this.scope.save(this.scope.create<ContactPoint>(ContactPoint, { contactId: contact.id, kind, value: text, normalized: text.toLowerCase(), ...values }));
  }
}

export const gid = {
  contact: (row: { id: string }) => toGlobalId("Contact", row.id),
  account: (row: { id: string }) => toGlobalId("Account", row.id),
  user: (row: { id: string }) => toGlobalId("User", row.id),
};

/** A `node`/`nodes` result as the type the test expects, or the test fails saying what came instead. */
export function nodeOf<T extends { __typename: string }, N extends T["__typename"]>(node: T | null | undefined, typename: N): Extract<T, { __typename: N }> {
  if (node?.__typename !== typename) throw new Error(`Expected a ${typename}, got ${node ? node.__typename : String(node)}`);
  return node as Extract<T, { __typename: N }>;
}
