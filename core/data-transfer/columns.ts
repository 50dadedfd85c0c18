import { isSupportedCountry } from "libphonenumber-js";
import { isLanguageTag, isTimeZone, normalizeCompanyName, normalizeEmail, normalizePhone, normalizeUrl } from "../contacts/normalize";
import { DataTransferKind } from "./data-transfer.entities";
import type { ImportColumns } from "./import-file";

/**
 * The CSV columns of accounts and contacts, shared by import and export so that an export can be
 * imported again. Export-only columns (`id`, timestamps) are accepted by the import and ignored.
 */
export const EXPORT_ONLY_COLUMNS = ["id", "created_at", "updated_at"] as const;

export const CONTACT_COLUMNS = [
  "external_id",
  "first_name",
  "last_name",
  "title",
  "email",
  "phone",
  "country",
  "time_zone",
  "language",
  "account_external_id",
] as const;

export const ACCOUNT_COLUMNS = ["external_id", "name", "domain", "industry", "employee_count", "region", "country"] as const;


export const REQUIRED_COLUMNS: Record<DataTransferKind, readonly string[]> = {
  [DataTransferKind.CONTACTS]: ["first_name", "last_name"],
  [DataTransferKind.ACCOUNTS]: ["name"],
};

export function importColumns(kind: DataTransferKind): readonly string[] {
  return kind === DataTransferKind.CONTACTS ? CONTACT_COLUMNS : ACCOUNT_COLUMNS;
}

/** What `inspectFile` checks a header of accounts or contacts against. */
export function importFileColumns(kind: DataTransferKind): ImportColumns {
  return { subject: kind.toLowerCase(), columns: importColumns(kind), required: REQUIRED_COLUMNS[kind], ignored: EXPORT_ONLY_COLUMNS };
}

/** "First Name", "first-name" and "FIRST_NAME" all name `first_name`. */
export function canonicalColumn(raw: string): string {
  return raw.replace(/^\uFEFF/, "").trim().toLowerCase().replace(/[\s-]+/g, "_");
}

/** Codes of import_row_error.code. */
export const RowErrorCode = {
  REQUIRED: "REQUIRED",
  INVALID: "INVALID",
  TOO_LONG: "TOO_LONG",
  NOT_FOUND: "NOT_FOUND",
  COLUMN_COUNT: "COLUMN_COUNT",
} as const;

export interface RowError {
  rowNumber: number;
  field: string | null;
  code: string;
  message: string;
}

export interface ContactRecord {
  rowNumber: number;
  externalId: string | null;
  firstName: string;
  lastName: string;
  title: string | null;
  email: { value: string; normalized: string } | null;
  phone: { value: string; normalized: string; country: string | null } | null;
  timeZone: string | null;
  language: string | null;
  accountExternalId: string | null;
}

export interface AccountRecord {
  rowNumber: number;
  externalId: string | null;
  name: string;
  normalizedName: string;
  domain: string | null;
  industry: string | null;
  employeeCount: number | null;
  region: string | null;
  country: string | null;
}

export type ImportRecord = ContactRecord | AccountRecord;

export interface ValidationOptions {
  /** ISO 3166-1 alpha-2 for phone numbers given without a country code and without a `country` cell. */
  defaultCountry?: string | null;
}

/**
 * Canonicalising a language tag costs ICU work; an import asks about the same few tags a million
 * times. The cache is bounded so a file of junk cannot grow it without limit.
 */
function remembered<T>(compute: (value: string) => T): (value: string) => T {
  const cache = new Map<string, T>();
  return (value) => {
    let result = cache.get(value);
    if (result === undefined) {
      result = compute(value);
      if (cache.size < 10_000) cache.set(value, result);
    }
    return result;
  };
}

const canonicalLanguage = remembered((value) => (isLanguageTag(value) ? Intl.getCanonicalLocales(value)[0]! : null));

/** One row's cells by column, and the errors found in it. */
class RowReader {
  readonly errors: RowError[] = [];

  constructor(
    readonly rowNumber: number,
    private readonly cells: ReadonlyMap<string, string>,
  ) {}

  fail(field: string | null, code: string, message: string): null {
    this.errors.push({ rowNumber: this.rowNumber, field, code, message: message.slice(0, 500) });
    return null;
  }

  /** The trimmed cell, or null when empty or absent. An empty cell leaves a stored value unchanged. */
  text(column: string, maxLength: number, required = false): string | null {
    const value = this.cells.get(column)?.trim() ?? "";
    if (value === "") return required ? this.fail(column, RowErrorCode.REQUIRED, `${column} is required.`) : null;
    if (value.length > maxLength && [...value].length > maxLength) return this.fail(column, RowErrorCode.TOO_LONG, `${column} is longer than ${maxLength} characters.`);
    return value;
  }

  country(column: string): string | null {
    const value = this.text(column, 2)?.toUpperCase() ?? null;
    if (value !== null && !isSupportedCountry(value)) return this.fail(column, RowErrorCode.INVALID, `'${value}' is not an ISO 3166-1 alpha-2 country code.`);
    return value;
  }
}

function readerOf(header: readonly string[], cells: readonly string[], rowNumber: number): RowReader {
  const reader = new RowReader(rowNumber, new Map(header.map((column, index) => [column, cells[index] ?? ""])));
  if (cells.length !== header.length) {
    reader.fail(null, RowErrorCode.COLUMN_COUNT, `The row has ${cells.length} cells; the header has ${header.length} columns.`);
  }
  return reader;
}

export function validateContact(header: readonly string[], cells: readonly string[], rowNumber: number, options: ValidationOptions): ContactRecord | RowError[] {
  const row = readerOf(header, cells, rowNumber);
  const externalId = row.text("external_id", 100);
  const firstName = row.text("first_name", 100, true);
  const lastName = row.text("last_name", 100, true);
  const title = row.text("title", 120);
  const country = row.country("country");

  const rawEmail = row.text("email", 254);
  let email: ContactRecord["email"] = null;
  if (rawEmail !== null) {
    const normalized = normalizeEmail(rawEmail);
    if (normalized.ok) email = { value: rawEmail, normalized: normalized.value };
    else row.fail("email", RowErrorCode.INVALID, normalized.message);
  }
  const rawPhone = row.text("phone", 40);
  let phone: ContactRecord["phone"] = null;
  if (rawPhone !== null) {
    const phoneCountry = country ?? options.defaultCountry ?? undefined;
    const normalized = normalizePhone(rawPhone, phoneCountry);
    if (normalized.ok) phone = { value: rawPhone, normalized: normalized.value, country: phoneCountry ?? null };
    else row.fail("phone", RowErrorCode.INVALID, normalized.message);
  }
  const timeZone = row.text("time_zone", 64);
  if (timeZone !== null && !isTimeZone(timeZone)) row.fail("time_zone", RowErrorCode.INVALID, `'${timeZone}' is not an IANA time zone.`);
  const rawLanguage = row.text("language", 35);
  const language = rawLanguage === null ? null : canonicalLanguage(rawLanguage);
  if (rawLanguage !== null && language === null) row.fail("language", RowErrorCode.INVALID, `'${rawLanguage}' is not a BCP 47 language tag.`);
  // Without a key a second import could not find the row again, and would duplicate it.
  if (externalId === null && rawEmail === null) {
    row.fail("email", RowErrorCode.REQUIRED, "A row needs an external_id or an email, so that importing it again updates it.");
  }
  const accountExternalId = row.text("account_external_id", 100);
  if (row.errors.length > 0) return row.errors;
  return { rowNumber, externalId, firstName: firstName!, lastName: lastName!, title, email, phone, timeZone, language, accountExternalId };
}

export function validateAccount(header: readonly string[], cells: readonly string[], rowNumber: number): AccountRecord | RowError[] {
  const row = readerOf(header, cells, rowNumber);
  const externalId = row.text("external_id", 100);
  const name = row.text("name", 200, true);
  const normalizedName = name === null ? "" : normalizeCompanyName(name);
  if (name !== null && normalizedName === "") row.fail("name", RowErrorCode.INVALID, `'${name}' has no letters or digits to recognise the company by.`);
  let domain = row.text("domain", 253);
  if (domain !== null) {
    const url = normalizeUrl(domain);
    if (url.ok) domain = new URL(url.value).hostname;
    else row.fail("domain", RowErrorCode.INVALID, `'${domain}' is not a domain name.`);
  }
  const industry = row.text("industry", 80);
  const rawCount = row.text("employee_count", 10);
  let employeeCount: number | null = null;
  if (rawCount !== null) {
    if (/^\d+$/.test(rawCount) && Number(rawCount) <= 4_294_967_295) employeeCount = Number(rawCount);
    else row.fail("employee_count", RowErrorCode.INVALID, `'${rawCount}' is not a number of employees.`);
  }
  const region = row.text("region", 80);
  const country = row.country("country");
  if (row.errors.length > 0) return row.errors;
  return { rowNumber, externalId, name: name!, normalizedName, domain, industry, employeeCount, region, country };
}

export function validateRow(
  kind: DataTransferKind,
  header: readonly string[],
  cells: readonly string[],
  rowNumber: number,
  options: ValidationOptions,
): ImportRecord | RowError[] {
  return kind === DataTransferKind.CONTACTS ? validateContact(header, cells, rowNumber, options) : validateAccount(header, cells, rowNumber);
}
