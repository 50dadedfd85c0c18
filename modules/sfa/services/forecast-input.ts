import { ErrorCode, clientError } from "../../../core/graphql/errors";
import { fromGlobalId } from "../../../core/graphql/relay/global-id";
import { isCurrency } from "../../../core/money/money";

/** A span of days: `from` included, `to` excluded (both YYYY-MM-DD), as quotas store them. */
export interface DateWindow {
  from: string;
  to: string;
}

/** What forecasts, sales-cycle analyses and quotas accept for a span: a calendar period, or two dates. */
export interface WindowInput {
  period?: string | null;
  from?: string | null;
  to?: string | null;
}

export const PERIOD_FORMAT = "a year (2027), a quarter (2027-Q1) or a month (2027-03)";

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The first day of a month, months counted from 0 and allowed to run past December. */
function firstOfMonth(year: number, month: number): string {
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 10);
}

function months(year: number, first: number, count: number): DateWindow {
  return { from: firstOfMonth(year, first), to: firstOfMonth(year, first + count) };
}

/** The days of a calendar period key, or null if the key is none of the three forms. */
export function periodWindow(key: string): DateWindow | null {
  const text = key.trim().toUpperCase();
  const year = YEAR.exec(text);
  if (year) return months(Number(year[1]), 0, 12);
  const quarter = QUARTER.exec(text);
  if (quarter) return months(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 3);
  const month = MONTH.exec(text);
  if (month) return months(Number(month[1]), Number(month[2]) - 1, 1);
  return null;
}

/** The calendar period a window is exactly (a month, else a quarter, else a year), or null. */
export function periodKeyOf(window: DateWindow): string | null {
  if (!window.from.endsWith("-01")) return null;
  const [year, month] = [window.from.slice(0, 4), Number(window.from.slice(5, 7))];
  const candidates = [window.from.slice(0, 7), month % 3 === 1 ? `${year}-Q${(month + 2) / 3}` : null, month === 1 ? year : null];
  return candidates.find((key) => key !== null && periodWindow(key)?.to === window.to) ?? null;
}

/** Why a window input cannot be used, and which input field is at fault. */
export interface WindowProblem {
  field: "period" | "from" | "to";
  /** REQUIRED when a part is missing, INVALID when a part is wrong (the userError codes). */
  code: "REQUIRED" | "INVALID";
  message: string;
}

/** The window an input names: a period, or `from` and `to` with `to` after `from`. */
export function checkWindow(input: WindowInput): DateWindow | WindowProblem {
  const { period, from, to } = input;
  if (period != null) {
    if (from != null || to != null) return { field: "period", code: "INVALID", message: "Give either a period or `from` and `to`, not both." };
    return periodWindow(period) ?? { field: "period", code: "INVALID", message: `\`period\` must be ${PERIOD_FORMAT}.` };
  }
  if (from == null) return { field: "from", code: "REQUIRED", message: "Give a period, or both `from` and `to`." };
  if (to == null) return { field: "to", code: "REQUIRED", message: "Give a period, or both `from` and `to`." };
  if (to <= from) return { field: "to", code: "INVALID", message: "`to` is the day after the last day counted: it must come after `from`." };
  return { from, to };
}

export function isProblem(window: DateWindow | WindowProblem): window is WindowProblem {
  return "message" in window;
}

/**
 * Reports are queries: bad arguments are BAD_USER_INPUT errors naming the argument, as core's
 * queries do (timeline, contact filters); userErrors are for mutations, whose payloads carry them.
 */
export function badInput(argument: string, message: string): never {
  throw clientError(ErrorCode.BAD_USER_INPUT, message, { argument });
}

export function windowOrThrow(input: WindowInput): DateWindow {
  const window = checkWindow(input);
  return isProblem(window) ? badInput(`input.${window.field}`, window.message) : window;
}

export function currencyOrThrow(code: string): string {
  const currency = code.trim().toUpperCase();
  return isCurrency(currency) ? currency : badInput("input.currency", `'${code}' is not an ISO 4217 currency code.`);
}

/** Row ids of the global ids of a filter; a malformed id is INVALID_ID, as in every filter. */
export function rowIdsOrThrow(globalIds: readonly string[], typeName: string, field: string, max = 100): string[] {
  if (globalIds.length > max) badInput(`input.${field}`, `At most ${max} ids.`);
  return globalIds.map((id) => fromGlobalId(id, typeName).rowId);
}

/** Midnight UTC of a day: closing times are UTC, so a window's days are UTC days. */
export function utcMidnight(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

/** `part / whole`, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number | null): number | null {
  return whole ? part / whole : null;
}

/** Report rows by name (or by numeric id), the row without one last. */
export function compareLabels(a: string | null, b: string | null, numeric = false): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return numeric ? Number(a) - Number(b) : a.localeCompare(b);
}
