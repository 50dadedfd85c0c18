import { parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js";
import isEmail from "validator/lib/isEmail";
import { ContactPointKind } from "./contact-point.entity";

/**
 * One place that turns what people type into comparable values. The API, imports and
 * duplicate detection all go through here, so the same person is recognised however they came.
 */
export type Normalized = { ok: true; value: string } | { ok: false; code: "INVALID"; message: string };

const invalid = (message: string): Normalized => ({ ok: false, code: "INVALID", message });

export function normalizeEmail(raw: string): Normalized {
  const value = raw.trim().toLowerCase();
  return isEmail(value, { allow_utf8_local_part: true, require_tld: true }) ? { ok: true, value } : invalid(`'${raw}' is not an email address.`);
}

/** E.164. A number without a country code is read in `defaultCountry` (the caller decides which: the point's, the account's, the import row's). */
export function normalizePhone(raw: string, defaultCountry?: string): Normalized {
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry?.toUpperCase() as CountryCode | undefined);
  if (!parsed || !parsed.isValid()) {
    return invalid(`'${raw}' is not a valid phone number${defaultCountry ? "" : " (give it with its country code, e.g. +44…)"}.`);
  }
  return { ok: true, value: parsed.number };
}

export function normalizeUrl(raw: string): Normalized {
  const text = raw.trim();
  try {
    const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    if (!["http:", "https:"].includes(url.protocol) || !url.hostname.includes(".")) return invalid(`'${raw}' is not a web address.`);
    url.hash = "";
    return { ok: true, value: url.toString().replace(/\/$/, "").toLowerCase() };
  } catch {
    return invalid(`'${raw}' is not a web address.`);
  }
}

/** Messenger handles compare without case, spaces or a leading @. */
export function normalizeHandle(raw: string): Normalized {
  const value = raw.trim().replace(/^@/, "").toLowerCase();
  return value.length > 0 && value.length <= 200 && !/\s/.test(value) ? { ok: true, value } : invalid(`'${raw}' is not a messenger handle.`);
}

/** Addresses, names and company names compare folded: no case, accents, punctuation or repeated spaces. */
export function foldText(raw: string): string {
  return raw
    .normalize("NFKD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

const LEGAL_SUFFIXES = /\b(incorporated|inc|corp|corporation|co|company|ltd|limited|llc|plc|gmbh|ag|sa|sas|sarl|bv|nv|oy|ab|as|spa|srl|kk|pty)\b/g;

/** "ACME, Inc." and "Acme" are the same company for duplicate detection. */
export function normalizeCompanyName(raw: string): string {
  return foldText(raw.replace(/\./g, "")).replace(LEGAL_SUFFIXES, "").replace(/\s+/g, " ").trim();
}

// Building a formatter is costly (ICU, ~0.2 ms), using one is cheap: keep one per zone. Bounded,
// so a file full of junk zones cannot grow it without limit.
const formatters = new Map<string, Intl.DateTimeFormat | null>();
const MAX_ZONES = 10_000;

/** A formatter of wall-clock parts in `timeZone`, or null for a zone the runtime does not know. */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat | null {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        second: "2-digit",
      });
    } catch {
      formatter = null;
    }
    if (formatters.size < MAX_ZONES) formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows the IANA zone (e.g. `Europe/Paris`). */
export function isTimeZone(value: string): boolean {
  return zoneFormatter(value) !== null;
}

export function isLanguageTag(value: string): boolean {
  try {
    return Intl.getCanonicalLocales(value).length === 1 && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
  } catch {
    return false;
  }
}

/** The normalised form of a contact point's value, by kind. */
export function normalizeContactPoint(kind: ContactPointKind, value: string, defaultCountry?: string): Normalized {
  switch (kind) {
    case ContactPointKind.EMAIL:
      return normalizeEmail(value);
    case ContactPointKind.PHONE:
    case ContactPointKind.FAX:
    case ContactPointKind.SMS:
      return normalizePhone(value, defaultCountry);
    case ContactPointKind.WEB:
      return normalizeUrl(value);
    case ContactPointKind.MESSENGER:
      return normalizeHandle(value);
    case ContactPointKind.ADDRESS:
    case ContactPointKind.POSTAL: {
      const folded = foldText(value);
      return folded.length > 0 ? { ok: true, value: folded } : invalid("The address is empty.");
    }
  }
}
