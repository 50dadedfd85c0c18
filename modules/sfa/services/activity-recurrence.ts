import { RRule, type Options } from "rrule";
import { instantOf, wallClock } from "../../../core/consent/quiet-hours";

/** A parsed RRULE, anchored at the first due time, whose instances follow a zone's wall clock. */
export interface Recurrence {
  rule: RRule;
  timeZone: string;
}

export type ParsedRecurrence = { ok: true; recurrence: Recurrence; text: string } | { ok: false; message: string };

const PARTS = new Set(["FREQ", "UNTIL", "COUNT", "INTERVAL", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYMONTH", "BYSETPOS", "WKST"]);
/** Sub-daily rules would flood a calendar (and the reminder queue) with rows. */
const FREQUENCIES = new Set(["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]);
const POSITIVE = /^[1-9]\d{0,3}$/;
export const MAX_RECURRENCE_LENGTH = 500;

/**
 * Checks one RRULE value (an optional `RRULE:` prefix is accepted) more strictly than the rrule
 * package, which accepts unknown values silently (COUNT=abc, INTERVAL=0), and anchors it at
 * `startsAt`. DTSTART comes from the activity; RDATE and EXDATE are not supported.
 */
export function parseRecurrence(raw: string, startsAt: Date, timeZone: string): ParsedRecurrence {
  const text = raw.trim().replace(/^RRULE:/i, "").toUpperCase();
  if (text.length === 0 || text.length > MAX_RECURRENCE_LENGTH) return { ok: false, message: `Give an RRULE of at most ${MAX_RECURRENCE_LENGTH} characters.` };
  const parts = new Map<string, string>();
  for (const part of text.split(";")) {
    const [name, value, ...rest] = part.split("=");
    if (!name || !value || rest.length > 0 || !PARTS.has(name) || parts.has(name)) return { ok: false, message: `'${part}' is not a supported RRULE part.` };
    parts.set(name, value);
  }
  const frequency = parts.get("FREQ");
  if (!frequency || !FREQUENCIES.has(frequency)) return { ok: false, message: "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY." };
  for (const name of ["COUNT", "INTERVAL"]) {
    const value = parts.get(name);
    if (value !== undefined && !POSITIVE.test(value)) return { ok: false, message: `${name} must be a whole number from 1 to 9999.` };
  }
  if (parts.has("COUNT") && parts.has("UNTIL")) return { ok: false, message: "An RRULE has COUNT or UNTIL, not both." };
  let options: Partial<Options>;
  try {
    options = RRule.parseString(text);
  } catch (error) {
    return { ok: false, message: `Not a valid RRULE: ${error instanceof Error ? error.message : String(error)}.` };
  }
  // UNTIL in UTC (…Z) is an instant; the rule runs on the wall clock, so it is converted to one.
  if (options.until && parts.get("UNTIL")!.endsWith("Z")) options.until = new Date(wallClock(options.until.getTime(), timeZone));
  const rule = new RRule({ ...options, dtstart: new Date(wallClock(startsAt.getTime(), timeZone)), tzid: null });
  return { ok: true, recurrence: { rule, timeZone }, text };
}

/**
 * The due times of the rule's instances after `after` (exclusive) up to `until` (inclusive), at
 * most `limit` of them. Wall-clock instances are turned back into instants in the series' zone.
 */
export function occurrencesBetween({ rule, timeZone }: Recurrence, after: Date | null, until: Date, limit: number): Date[] {
  if (limit <= 0) return [];
  const from = after === null ? new Date(rule.options.dtstart.getTime() - 1) : new Date(wallClock(after.getTime(), timeZone));
  const to = new Date(wallClock(until.getTime(), timeZone) + 1);
  const walls = rule.between(from, to, false, (_date, index) => index < limit);
  return walls.map((wall) => new Date(instantOf(wall.getTime(), timeZone)));
}

/** Whether the rule has instances after `after` (a due time already materialised). */
export function continuesAfter({ rule, timeZone }: Recurrence, after: Date): boolean {
  return rule.after(new Date(wallClock(after.getTime(), timeZone)), false) !== null;
}
