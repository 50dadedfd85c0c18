import { isTimeZone, zoneFormatter } from "../contacts/normalize";
/**
 * Wall-clock arithmetic in a person's time zone, with the platform's Intl data only (no tz
 * library): quiet hours are local times, and a daylight-saving change must move their end by
 * exactly what the clocks do.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** `HH:MM` on a 24-hour clock, 00:00 to 23:59. */
export const CLOCK_TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after local midnight, or null when the text is not `HH:MM`. */
export function parseClockTime(text: string): number | null {
  const match = CLOCK_TIME.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
}


/**
 * What the wall clock in `timeZone` shows at `instant`, written as milliseconds as if that wall
 * clock were UTC: day arithmetic then needs no calendar code (`Date.UTC` does it).
 */
export function wallClock(instant: number, timeZone: string): number {
  const formatter = zoneFormatter(timeZone);
  if (!formatter) throw new RangeError(`Unknown time zone '${timeZone}'`);
  const part: Record<string, number> = {};
  for (const { type, value } of formatter.formatToParts(instant)) part[type] = Number(value);
  const seconds = Date.UTC(part.year!, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!);
  return seconds + (((instant % 1000) + 1000) % 1000);
}

/** The zone's UTC offset at an instant, in milliseconds (Paris in summer: +7,200,000). */
function offsetAt(instant: number, timeZone: string): number {
  return wallClock(instant, timeZone) - instant;
}

/**
 * The earliest instant, not before `notBefore`, at which the clock in `timeZone` reads `wall`
 * (wall-clock milliseconds, see `wallClock`). When the clocks go back and the time occurs twice,
 * that is the first occurrence still ahead; when they go forward and it never occurs, it is the
 * moment of the change, the first instant the clock shows a later time.
 */
export function instantOf(wall: number, timeZone: string, notBefore = -Infinity): number {
  // Zones change offset at most once within a day, so the offsets a day either side are the two
  // that can apply.
  const earlier = offsetAt(wall - DAY_MS, timeZone);
  const later = offsetAt(wall + DAY_MS, timeZone);
  const candidates = [...new Set([wall - earlier, wall - later])].filter((instant) => wallClock(instant, timeZone) === wall).sort((a, b) => a - b);
  if (candidates.length > 0) return candidates.find((instant) => instant >= notBefore) ?? candidates.at(-1)!;
  // A gap (clocks went forward): the change lies between the two readings; find it to the second.
  let before = wall - later;
  let after = wall - earlier;
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (offsetAt(middle, timeZone) === later) after = middle;
    else before = middle;
  }
  return after;
}

export interface QuietHours {
  /** `HH:MM`, local time. */
  start: string;
  /** `HH:MM`, local time; earlier than `start` when the quiet period spans midnight (22:00-07:00). */
  end: string;
  /** IANA zone the times are in. */
  timeZone: string;
}

/**
 * When the quiet period that `at` falls in ends, or null when `at` is not in quiet hours. The
 * period is [start, end) in local time; equal times (or unreadable ones) mean no quiet hours.
 */
export function quietHoursEnd(at: Date, quiet: QuietHours): Date | null {
  const start = parseClockTime(quiet.start);
  const end = parseClockTime(quiet.end);
  if (start === null || end === null || start === end || !isTimeZone(quiet.timeZone)) return null;
  const wall = wallClock(at.getTime(), quiet.timeZone);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  const minute = Math.floor((wall - midnight) / MINUTE_MS);
  const spansMidnight = start > end;
  const quietNow = spansMidnight ? minute >= start || minute < end : minute >= start && minute < end;
  if (!quietNow) return null;
  // Before midnight in a period that spans it, the period ends tomorrow.
  const endDay = spansMidnight && minute >= start ? midnight + DAY_MS : midnight;
  return new Date(instantOf(endDay + end * MINUTE_MS, quiet.timeZone, at.getTime()));
}
