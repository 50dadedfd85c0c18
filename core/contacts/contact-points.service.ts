import type { TenantScope } from "../db/tenant-scope";
import { Account } from "../accounts/account.entity";
import { UserErrorCode, userError, type UserError } from "../graphql/payload";
import { ContactPoint, ContactPointKind } from "./contact-point.entity";
import { AccountContact, type Contact } from "./contact.entity";
import type { ContactPointInput } from "./contact.types";
import { normalizeContactPoint } from "./normalize";

/** A contact point's columns as an input asks for them, normalised; `isPrimary` is only a request. */
export type PointValues = Pick<ContactPoint, "kind" | "value" | "normalized" | "label" | "service" | "street" | "city" | "region" | "postalCode" | "country">;

type PointDetails = Partial<Omit<ContactPointInput, "kind" | "isPrimary">>;

/**
 * Normalises a point as entered. A phone number without its +country code is read in the point's
 * own country, else in `fallbackCountry` (the contact's primary account's); with neither, it is
 * refused with a message asking for the code.
 */
export function pointValues(
  kind: ContactPointKind,
  input: PointDetails & { value: string },
  fallbackCountry: string | null,
  field: string[],
): { values: PointValues } | { errors: UserError[] } {
  const country = input.country?.toUpperCase() ?? null;
  const normalized = normalizeContactPoint(kind, input.value, country ?? fallbackCountry ?? undefined);
  if (!normalized.ok) return { errors: [userError([...field, "value"], normalized.code, normalized.message)] };
  const text = (value: string | null | undefined) => value?.trim() || null;
  return {
    values: {
      kind,
      value: input.value.trim(),
      normalized: normalized.value,
      label: text(input.label),
      service: text(input.service)?.toLowerCase() ?? null,
      street: text(input.street),
      city: text(input.city),
      region: text(input.region),
      postalCode: text(input.postalCode),
      country,
    },
  };
}

/** A contact holds a value once per kind: the same email twice is the same email. */
export function duplicatePointError(points: readonly ContactPoint[], values: PointValues, field: string[], except?: ContactPoint): UserError | null {
  const twin = points.find((point) => point !== except && point.kind === values.kind && point.normalized === values.normalized);
  return twin ? userError([...field, "value"], UserErrorCode.TAKEN, `The contact already has the ${values.kind.toLowerCase()} ${values.normalized}.`) : null;
}

interface Primary {
  isPrimary: boolean;
}

/**
 * Leaves exactly one primary among `items`: `chosen` if given; else the current primary (the
 * first, in order, when there are several); else the first item that is not `demoted`; else
 * `demoted` itself, since a lone item is always primary. Returns the items whose flag changed.
 */
export function reconcilePrimary<T extends Primary>(items: readonly T[], chosen?: T, demoted?: T): T[] {
  const winner =
    chosen ?? items.find((item) => item.isPrimary && item !== demoted) ?? items.find((item) => item !== demoted) ?? (demoted && items.includes(demoted) ? demoted : undefined);
  return items.filter((item) => {
    const primary = item === winner;
    if (item.isPrimary === primary) return false;
    item.isPrimary = primary;
    return true;
  });
}

/** `reconcilePrimary` within each kind: one primary email, one primary phone, and so on. */
export function reconcilePointPrimaries(points: readonly ContactPoint[], chosen?: ContactPoint, demoted?: ContactPoint): ContactPoint[] {
  return Object.values(ContactPointKind).flatMap((kind) => {
    const ofKind = points.filter((point) => point.kind === kind);
    return reconcilePrimary(ofKind, chosen?.kind === kind ? chosen : undefined, demoted?.kind === kind ? demoted : undefined);
  });
}

/** Copies the primary email and phone onto the contact (search and duplicates read them there). Says whether they changed. */
export function copyPrimaries(contact: Contact, points: readonly ContactPoint[]): boolean {
  const primary = (kind: ContactPointKind) => points.find((point) => point.kind === kind && point.isPrimary)?.normalized ?? null;
  const primaryEmail = primary(ContactPointKind.EMAIL);
  // A mobile number is the phone to call when the person gave no other.
  const primaryPhone = primary(ContactPointKind.PHONE) ?? primary(ContactPointKind.SMS);
  const changed = contact.primaryEmail !== primaryEmail || contact.primaryPhone !== primaryPhone;
  Object.assign(contact, { primaryEmail, primaryPhone });
  return changed;
}

/** A contact's points, oldest first (the order in which the next primary is promoted). */
export function pointsOf(scope: TenantScope, contactId: string): Promise<ContactPoint[]> {
  return scope.find(ContactPoint, { where: { contactId }, order: { id: "ASC" } });
}

/** The country of the contact's primary account, in which its local phone numbers are read. */
export async function primaryAccountCountry(scope: TenantScope, contactId: string): Promise<string | null> {
  const account = await scope
    .unrestricted()
    .query(Account, "a")
    .innerJoin(AccountContact, "l", "l.accountId = a.id AND l.tenantId = a.tenantId")
    .andWhere("l.contactId = :contactId AND l.isPrimary = true", { contactId })
    .getOne();
  return account?.country ?? null;
}
