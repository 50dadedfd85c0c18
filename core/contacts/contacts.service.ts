import { rowIdOf } from "../graphql/relay/global-id";
import type { SelectQueryBuilder } from "typeorm";
import { Account } from "../accounts/account.entity";
import { findAccount, liveAccounts } from "../accounts/accounts.service";
import { writeChangedFields } from "../audit/audit-writer";
import type { TenantScope } from "../db/tenant-scope";
import type { UnitOfWork } from "../db/unit-of-work";
import { UserErrorCode, userError, validateInput, type UserError } from "../graphql/payload";
import { ContactPoint } from "./contact-point.entity";
import {
  copyPrimaries,
  duplicatePointError,
  pointValues,
  pointsOf,
  primaryAccountCountry,
  reconcilePointPrimaries,
  reconcilePrimary,
} from "./contact-points.service";
import { AccountContact, Contact } from "./contact.entity";
import {
  ContactAccountInput,
  ContactCreateInput,
  ContactPointInput,
  ContactPointUpdateInput,
  ContactUpdateInput,
  MAX_ITEMS,
  type ContactChanges,
} from "./contact.types";
import { findContactDuplicates, type DuplicateMatch } from "./duplicates.service";
import { isLanguageTag, isTimeZone, normalizeEmail } from "./normalize";
import { assignDefined, checkShared, cleanText, saveRecord, type SavedRecord, type SharedColumns } from "./record-writer";
import { liveContacts } from "./contact.queries";
import { asInput, failed, notFound, staffUserOf, type ServiceResult } from "./service-result";

export type ContactResult = SavedRecord<Contact>;
export type ContactPointResult = ServiceResult<ContactPoint, { contact: Contact; duplicates: DuplicateMatch[] }>;

/** A visible, live contact by row id, locked for the rest of the transaction when `lock` is set. */
export function findContact(scope: TenantScope, id: string, lock = false): Promise<Contact | null> {
  const query = liveContacts(scope).andWhere("c.id = :id", { id });
  return (lock ? query.setLock("pessimistic_write") : query).getOne();
}

/** Fields of a contact after validation, as columns; `undefined` leaves a column as it is. */
type Resolved = SharedColumns & Partial<Pick<Contact, "timeZone" | "language">>;

interface LinkRequest {
  account: Account;
  role: string | null;
  isPrimary: boolean;
}

/**
 * Contacts, their contact points and their links to accounts. Resolvers and the importer call the
 * same methods, so both validate alike; when a method answers errors, nothing was written.
 */
export class ContactsService {
  async createContact(uow: UnitOfWork, raw: ContactCreateInput): Promise<ContactResult> {
    const input = asInput(ContactCreateInput, {
      ...raw,
      contactPoints: raw.contactPoints?.map((point) => asInput(ContactPointInput, point)),
      accounts: raw.accounts?.map((link) => asInput(ContactAccountInput, link)),
    });
    const checked = await this.check(uow, null, input);
    const links = await this.checkLinks(uow.scope, input.accounts ?? [], (index) => ["input", "accounts", String(index), "accountId"]);
    const country = links.links.find((link) => link.isPrimary)?.account.country ?? null;
    const points = (input.contactPoints ?? []).map((point, index) => pointValues(point.kind, point, country, ["input", "contactPoints", String(index)]));
    const errors = [...(failed(checked) ? checked.errors : []), ...links.errors, ...points.flatMap((point) => ("errors" in point ? point.errors : []))];
    const drafts: ContactPoint[] = [];
    points.forEach((point, index) => {
      if (!("values" in point)) return;
      const draft = uow.scope.create(ContactPoint, { ...point.values, isPrimary: input.contactPoints![index]!.isPrimary === true, verifiedAt: null });
      const twin = duplicatePointError(drafts, point.values, ["input", "contactPoints", String(index)]);
      if (twin) errors.push(twin);
      drafts.push(draft);
    });
    if (errors.length > 0 || failed(checked)) return { errors };

    // Explicit requests first: a kind's first point asked to be primary wins, else its first point.
    reconcilePointPrimaries(drafts);
    const contact = uow.scope.create(Contact, {
      firstName: "",
      ownerId: staffUserOf(uow.work),
      teamId: null,
      primaryEmail: null,
      primaryPhone: null,
      mergedIntoId: null,
      erasedAt: null,
    });
    copyPrimaries(contact, drafts);
    const result = await this.write(uow, contact, input, checked.record, async (saved) => {
      for (const draft of drafts) await uow.scope.save(Object.assign(draft, { contactId: saved.id }));
      await this.insertLinks(uow, saved.id, links.links);
    });
    if (!failed(result)) await uow.emit("core.contact.created.v1", { contactId: result.record.id });
    return result;
  }

  /** `id` is the contact's row id; fields left out of `input` stay as they are. */
  async updateContact(uow: UnitOfWork, id: string, changes: ContactChanges): Promise<ContactResult> {
    const contact = await findContact(uow.scope, id, true);
    if (!contact) return { errors: [notFound(["input", "id"], "contact")] };
    const checked = await this.check(uow, contact, asInput(ContactUpdateInput, { ...changes, id: contact.globalId }));
    if (failed(checked)) return checked;
    const result = await this.write(uow, contact, changes, checked.record);
    if (!failed(result)) await uow.emit("core.contact.updated.v1", { contactId: contact.id });
    return result;
  }

  /** For importers: the contact with this external id, else one with this email; a merged one answers with its survivor. */
  async findByExternalIdOrEmail(scope: TenantScope, { externalId, email }: { externalId?: string | null; email?: string | null }): Promise<Contact | null> {
    if (externalId) {
      const byExternalId = await scope.findOneBy(Contact, { externalId });
      const found = byExternalId?.mergedIntoId ? await findContact(scope, byExternalId.mergedIntoId) : byExternalId;
      if (found) return found;
    }
    const normalized = email ? normalizeEmail(email) : null;
    if (!normalized?.ok) return null;
    return whereHasPoint(liveContacts(scope), "EMAIL", normalized.value).orderBy("c.id").getOne();
  }

  /** Adds a contact point to the contact with row id `contactId`. */
  async addContactPoint(uow: UnitOfWork, contactId: string, raw: ContactPointInput): Promise<ContactPointResult> {
    const input = asInput(ContactPointInput, raw);
    const contact = await findContact(uow.scope, contactId, true);
    if (!contact) return { errors: [notFound(["input", "contactId"], "contact")] };
    const errors = await validateInput(input);
    const points = await pointsOf(uow.scope, contact.id);
    const checked = pointValues(input.kind, input, await primaryAccountCountry(uow.scope, contact.id), ["input"]);
    if ("errors" in checked) errors.push(...checked.errors);
    else errors.push(...[duplicatePointError(points, checked.values, ["input"])].filter((error) => error !== null));
    if (points.length >= MAX_ITEMS) errors.push(tooMany(["input", "contactId"], "contact points"));
    if (errors.length > 0 || "errors" in checked) return { errors };
    const point = uow.scope.create(ContactPoint, { ...checked.values, contactId: contact.id, isPrimary: false, verifiedAt: null });
    return this.changePoints(uow, contact, [...points, point], point, input.isPrimary === true ? point : undefined, undefined);
  }

  /** Changes the contact point with row id `pointId`; its kind stays. */
  async updateContactPoint(uow: UnitOfWork, pointId: string, raw: Omit<ContactPointUpdateInput, "id">): Promise<ContactPointResult> {
    const input = asInput(ContactPointUpdateInput, { ...raw, id: "" });
    const found = await this.findPoint(uow, pointId);
    if (!found) return { errors: [notFound(["input", "id"], "contact point")] };
    const { contact, point, points } = found;
    const errors = await validateInput(input);
    const country = input.country === undefined ? point.country : input.country;
    const checked = pointValues(point.kind, { ...point, ...definedOnly(input), country, value: input.value ?? point.value }, await primaryAccountCountry(uow.scope, contact.id), ["input"]);
    if ("errors" in checked) errors.push(...checked.errors);
    else errors.push(...[duplicatePointError(points, checked.values, ["input"], point)].filter((error) => error !== null));
    if (errors.length > 0 || "errors" in checked) return { errors };
    Object.assign(point, checked.values);
    const chosen = input.isPrimary === true ? point : undefined;
    return this.changePoints(uow, contact, points, point, chosen, input.isPrimary === false ? point : undefined);
  }

  /** Removes the contact point with row id `pointId`; if it was the primary of its kind, the next oldest takes over. */
  async removeContactPoint(uow: UnitOfWork, pointId: string): Promise<ServiceResult<Contact, { removedId: string }>> {
    const found = await this.findPoint(uow, pointId);
    if (!found) return { errors: [notFound(["input", "id"], "contact point")] };
    const { contact, point, points } = found;
    const removedId = point.globalId;
    await uow.scope.remove(point);
    await this.savePrimaries(uow, contact, points.filter((other) => other !== point));
    await uow.emit("core.contact.updated.v1", { contactId: contact.id });
    return { record: contact, removedId };
  }

  /** Links the contact (row id) to an account, or changes the role or primacy of its link. */
  async linkAccount(uow: UnitOfWork, contactId: string, raw: ContactAccountInput): Promise<ContactResult> {
    const input = asInput(ContactAccountInput, raw);
    const contact = await findContact(uow.scope, contactId, true);
    if (!contact) return { errors: [notFound(["input", "contactId"], "contact")] };
    const checked = await this.checkLinks(uow.scope, [input], () => ["input", "accountId"]);
    const errors = [...(await validateInput(input)), ...checked.errors];
    if (errors.length > 0) return { errors };
    const request = checked.links[0]!;
    const links = await uow.manager.findBy(AccountContact, { tenantId: uow.tenantId, contactId: contact.id });
    const before = linksAsAudited(links);
    let link = links.find((existing) => existing.accountId === request.account.id);
    if (!link) {
      if (links.length >= MAX_ITEMS) return { errors: [tooMany(["input", "accountId"], "account links")] };
      link = uow.manager.create(AccountContact, { tenantId: uow.tenantId, contactId: contact.id, accountId: request.account.id, isPrimary: false });
      links.push(link);
    }
    if (input.role !== undefined) link.role = cleanText(input.role) ?? null;
    const changed = reconcilePrimary(links, input.isPrimary === true ? link : undefined, input.isPrimary === false ? link : undefined);
    await uow.manager.save(AccountContact, [...new Set([link, ...changed])]);
    await writeChangedFields(uow, "Contact", contact.id, { accountLinks: { before, after: linksAsAudited(links) } });
    return this.touched(uow, contact);
  }

  /** Removes the contact's link to an account; if it was the primary one, another link becomes primary. */
  async unlinkAccount(uow: UnitOfWork, contactId: string, accountGlobalId: string): Promise<ContactResult> {
    const contact = await findContact(uow.scope, contactId, true);
    if (!contact) return { errors: [notFound(["input", "contactId"], "contact")] };
    const account = rowIdOf(accountGlobalId, "Account", ["input", "accountId"]);
    if (account.rowId === null) return { errors: account.errors };
    const links = await uow.manager.find(AccountContact, { where: { tenantId: uow.tenantId, contactId: contact.id }, order: { accountId: "ASC" } });
    const link = links.find((existing) => existing.accountId === account.rowId);
    if (!link || !(await findAccount(uow.scope, account.rowId))) return { errors: [notFound(["input", "accountId"], "link to that account")] };
    const before = linksAsAudited(links);
    await uow.manager.delete(AccountContact, { tenantId: uow.tenantId, contactId: contact.id, accountId: link.accountId });
    const rest = links.filter((other) => other !== link);
    const promoted = reconcilePrimary(rest);
    if (promoted.length > 0) await uow.manager.save(AccountContact, promoted);
    await writeChangedFields(uow, "Contact", contact.id, { accountLinks: { before, after: linksAsAudited(rest) } });
    return this.touched(uow, contact);
  }

  /** Every check of a contact's own fields that needs no write, so that a refused input writes nothing. */
  private async check(uow: UnitOfWork, contact: Contact | null, input: ContactCreateInput | ContactUpdateInput): Promise<ServiceResult<Resolved>> {
    const shared = await checkShared(uow, Contact, contact, input);
    const errors: UserError[] = [...(await validateInput(input)), ...shared.errors];
    const resolved: Resolved = shared.columns;
    if (input.lastName !== undefined && !cleanText(input.lastName)) errors.push(userError(["input", "lastName"], UserErrorCode.REQUIRED, "A contact needs a last name."));
    if (input.timeZone != null) {
      if (isTimeZone(input.timeZone)) resolved.timeZone = new Intl.DateTimeFormat("en", { timeZone: input.timeZone }).resolvedOptions().timeZone;
      else errors.push(userError(["input", "timeZone"], UserErrorCode.INVALID, `'${input.timeZone}' is not an IANA time zone, e.g. Europe/Paris.`));
    }
    if (input.language != null) {
      if (isLanguageTag(input.language)) resolved.language = Intl.getCanonicalLocales(input.language)[0]!;
      else errors.push(userError(["input", "language"], UserErrorCode.INVALID, `'${input.language}' is not a language tag, e.g. fr-CA.`));
    }
    return errors.length > 0 ? { errors } : { record: resolved };
  }

  /** Accounts to link, each a live account the caller sees, once; the first becomes primary unless another asks. */
  private async checkLinks(
    scope: TenantScope,
    inputs: readonly ContactAccountInput[],
    fieldOf: (index: number) => string[],
  ): Promise<{ links: LinkRequest[]; errors: UserError[] }> {
    const errors: UserError[] = [];
    const ids = inputs.map((input, index) => {
      const decoded = rowIdOf(input.accountId, "Account", fieldOf(index));
      errors.push(...decoded.errors);
      return decoded.rowId;
    });
    const wanted = ids.filter((id): id is string => id !== null);
    const accounts = wanted.length > 0 ? await liveAccounts(scope).andWhere("a.id IN (:...accountIds)", { accountIds: wanted }).getMany() : [];
    const links: LinkRequest[] = [];
    ids.forEach((id, index) => {
      if (id === null) return;
      const account = accounts.find((candidate) => candidate.id === id);
      if (!account) errors.push(notFound(fieldOf(index), "account"));
      else if (links.some((link) => link.account === account)) errors.push(userError(fieldOf(index), UserErrorCode.INVALID, "The account is listed twice."));
      else links.push({ account, role: cleanText(inputs[index]!.role) ?? null, isPrimary: inputs[index]!.isPrimary === true });
    });
    reconcilePrimary(links);
    return { links, errors };
  }

  private async insertLinks(uow: UnitOfWork, contactId: string, links: readonly LinkRequest[]): Promise<void> {
    if (links.length === 0) return;
    await uow.manager.insert(
      AccountContact,
      links.map(({ account, role, isPrimary }) => ({ tenantId: uow.tenantId, contactId, accountId: account.id, role, isPrimary })),
    );
  }

  /** Writes the contact's own fields, then `more`, then answers its duplicates, all undone if refused. */
  private write(uow: UnitOfWork, contact: Contact, input: ContactChanges, { timeZone, language, ...shared }: Resolved, more?: (saved: Contact) => Promise<void>): Promise<ContactResult> {
    assignDefined(contact, {
      firstName: input.firstName === undefined ? undefined : (cleanText(input.firstName) ?? ""),
      lastName: cleanText(input.lastName) ?? undefined,
      title: cleanText(input.title),
      timeZone: input.timeZone === null ? null : timeZone,
      language: input.language === null ? null : language,
    });
    return saveRecord(uow, contact, "Contact", shared, input, findContactDuplicates, more);
  }

  /** The point with row id `pointId` and its contact, locked, both visible to the caller. */
  private async findPoint(uow: UnitOfWork, pointId: string): Promise<{ contact: Contact; point: ContactPoint; points: ContactPoint[] } | null> {
    const row = await uow.scope.findOneBy(ContactPoint, { id: pointId });
    const contact = row && (await findContact(uow.scope, row.contactId, true));
    if (!contact) return null;
    const points = await pointsOf(uow.scope, contact.id);
    const point = points.find((candidate) => candidate.id === pointId);
    return point ? { contact, point, points } : null;
  }

  /** Saves `point` and the primaries of `points` (which hold it), then reports the contact's duplicates. */
  private async changePoints(
    uow: UnitOfWork,
    contact: Contact,
    points: ContactPoint[],
    point: ContactPoint,
    chosen: ContactPoint | undefined,
    demoted: ContactPoint | undefined,
  ): Promise<ContactPointResult> {
    const changed = reconcilePointPrimaries(points, chosen, demoted);
    for (const row of new Set([point, ...changed])) await uow.scope.save(row);
    if (copyPrimaries(contact, points)) await uow.scope.save(contact);
    const duplicates = await findContactDuplicates(uow.scope, contact);
    await uow.emit("core.contact.updated.v1", { contactId: contact.id });
    return { record: point, contact, duplicates };
  }

  private async savePrimaries(uow: UnitOfWork, contact: Contact, points: ContactPoint[]): Promise<void> {
    for (const row of reconcilePointPrimaries(points)) await uow.scope.save(row);
    if (copyPrimaries(contact, points)) await uow.scope.save(contact);
  }

  private async touched(uow: UnitOfWork, contact: Contact): Promise<ContactResult> {
    const duplicates = await findContactDuplicates(uow.scope, contact);
    await uow.emit("core.contact.updated.v1", { contactId: contact.id });
    return { record: contact, duplicates };
  }
}

type AuditedLink = { accountId: string; role: string | null; isPrimary: boolean };

/**
 * A contact's links as its audit trail shows them (`accountLinks`: the link table is not a record
 * the audit subscriber follows), by account; copied, since the rows change after.
 */
function linksAsAudited(links: readonly AccountContact[]): AuditedLink[] {
  return links
    .map((link) => ({ accountId: String(link.accountId), role: link.role, isPrimary: link.isPrimary }))
    .sort((a, b) => Number(a.accountId) - Number(b.accountId));
}

/** Narrows contacts to those holding a point of `kind` with this normalised value. */
export function whereHasPoint(query: SelectQueryBuilder<Contact>, kind: "EMAIL" | "PHONE", normalized: string, alias = "c"): SelectQueryBuilder<Contact> {
  const kinds = kind === "EMAIL" ? ["EMAIL"] : ["PHONE", "SMS", "FAX"];
  return query.andWhere(
    `${alias}.id IN (SELECT hp.contact_id FROM contact_point hp WHERE hp.tenant_id = ${alias}.tenant_id AND hp.kind IN (:...pointKinds${kind}) AND hp.normalized = :point${kind})`,
    { [`pointKinds${kind}`]: kinds, [`point${kind}`]: normalized },
  );
}

function tooMany(field: string[], what: string): UserError {
  return userError(field, UserErrorCode.INVALID, `A contact has at most ${MAX_ITEMS} ${what}.`);
}

/** The properties of `value` that are set, so that spreading it over a row changes only those. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

export const contactsService = new ContactsService();
