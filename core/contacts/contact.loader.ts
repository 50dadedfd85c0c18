import type DataLoader from "dataloader";
import { In } from "typeorm";
import type { TenantScope } from "../db/tenant-scope";
import { groupBy, inOrder, pageLoaderKey, scopedLoader } from "../graphql/batch";
import { requireTenant, type RequestContext } from "../graphql/context";
import { type ConnectionArgs, type ConnectionResult, type SortKey } from "../graphql/relay/connection";
import { paginateGroups } from "../graphql/relay/grouped-connection";
import { permittedNode } from "../graphql/relay/node-registry";
import { ContactPoint } from "./contact-point.entity";
import { AccountContact, Contact } from "./contact.entity";
import { liveContacts } from "./contact.queries";

/** Contacts by last name, first name, id: the order of every contact list (an index serves it). */
export const CONTACT_ORDER: readonly SortKey<Contact>[] = [
  { column: "c.lastName", value: (c) => c.lastName, direction: "ASC" },
  { column: "c.firstName", value: (c) => c.firstName, direction: "ASC" },
  { column: "c.id", value: (c) => c.id, direction: "ASC" },
];

/** Live contacts the scope may see, by row id, in the order asked; null where missing, hidden or merged away. */
export async function contactsByIds(scope: TenantScope, ids: readonly string[]): Promise<(Contact | null)[]> {
  return inOrder(ids, await liveContacts(scope).andWhere("c.id IN (:...ids)", { ids }).getMany());
}

export function contactLoader(context: RequestContext): DataLoader<string, Contact | null> {
  return scopedLoader(context, "core.contactById", contactsByIds);
}

/**
 * Contact points by id for `node(id)`: a point is visible only with its contact, because points
 * are not owned records themselves and the contact's visibility must not leak through them.
 */
export async function contactPointsByIds(context: RequestContext, ids: readonly string[]): Promise<(ContactPoint | null)[]> {
  const points = await requireTenant(context).byIds(ContactPoint, ids);
  const contacts = await contactLoader(context).loadMany([...new Set(points.flatMap((point) => (point ? [point.contactId] : [])))]);
  const visible = new Set(contacts.flatMap((contact) => (contact instanceof Contact ? [contact.id] : [])));
  return points.map((point) => (point && visible.has(point.contactId) ? point : null));
}

/** A contact's points, oldest first, batched per request. */
export function contactPointsOf(context: RequestContext, contactId: string): Promise<ContactPoint[]> {
  return scopedLoader(context, "core.contactPointsByContact", async (scope, ids) =>
    groupBy(ids, await scope.find(ContactPoint, { where: { contactId: In([...ids]) }, order: { id: "ASC" } }), (point) => point.contactId),
  ).load(contactId);
}

/** A contact's links to accounts (primary first), batched per request; the accounts themselves load separately. */
export function accountLinksOf(context: RequestContext, contactId: string): Promise<AccountContact[]> {
  return scopedLoader(context, "core.accountLinksByContact", async (scope, ids) => {
    const links = await scope.manager.find(AccountContact, {
      where: { tenantId: scope.tenantId, contactId: In([...ids]) },
      order: { isPrimary: "DESC", accountId: "ASC" },
    });
    return groupBy(ids, links, (link) => link.contactId);
  }).load(contactId);
}

/** An account's contacts (the ones the reader may see), a keyset page per account, batched per request and arguments. */
export function contactsOfAccount(context: RequestContext, accountId: string, args: ConnectionArgs): Promise<ConnectionResult<Contact>> {
  return scopedLoader(context, pageLoaderKey("core.contactsByAccount", args), async (scope, accountIds) => {
    const query = liveContacts(scope)
      .innerJoin(AccountContact, "l", "l.contactId = c.id AND l.tenantId = c.tenantId")
      .andWhere("l.accountId IN (:...accountIds)", { accountIds });
    const pages = await paginateGroups(query, args, CONTACT_ORDER, {
      column: "l.accountId",
      keys: accountIds,
      id: "c.id",
      rows: scope.query(Contact, "row"),
      idOf: (contact) => contact.id,
    });
    return accountIds.map((id) => pages.get(id)!);
  }).load(accountId);
}

/** `node(id)` for contacts and their points: live, visible ones only, and only with `contacts.read`. */
export const contactNode = permittedNode<Contact>({ typeName: "Contact", load: (context, ids) => contactsByIds(requireTenant(context), ids) }, "contacts.read");
export const contactPointNode = permittedNode<ContactPoint>({ typeName: "ContactPoint", load: contactPointsByIds }, "contacts.read");
