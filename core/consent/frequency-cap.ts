import { quietHoursEnd, type QuietHours } from "./quiet-hours";

const HOUR_MS = 3_600_000;

export interface FrequencyCap {
  /** At most this many messages... */
  limit: number;
  /** ...in any window of this many hours. */
  hours: number;
}

/**
 * When one more message fits under the cap, at or after `at`, given when the counted messages
 * were sent; null when it fits at `at`. The window is (t - hours, t]: a message sent at s stops
 * counting at exactly s + hours.
 */
export function capReleaseAt(at: Date, cap: FrequencyCap, sentAt: readonly Date[]): Date | null {
  const now = at.getTime();
  const window = cap.hours * HOUR_MS;
  const inWindow = sentAt
    .map((sent) => sent.getTime())
    .filter((sent) => sent > now - window && sent <= now)
    .sort((a, b) => a - b);
  if (inWindow.length < cap.limit) return null;
  // With n counted and room for limit, the oldest n - limit + 1 must leave: the last of them decides.
  return new Date(inWindow[inWindow.length - cap.limit]! + window);
}

export type TimingRule = "QUIET_HOURS" | "FREQUENCY_CAP";

export interface TimingRules {
  quietHours: QuietHours | null;
  cap: FrequencyCap | null;
  /** When the messages that count toward the cap were sent. */
  sentAt: readonly Date[];
}

/**
 * The first instant at or after `at` that is outside quiet hours and under the cap, and the rules
 * that pushed it later (in the order they did). Leaving quiet hours can meet the cap and waiting
 * for the cap can land in quiet hours, so both are applied until neither moves the time.
 */
export function nextAllowedTime(at: Date, rules: TimingRules): { at: Date; delayedBy: TimingRule[] } {
  const delayedBy = new Set<TimingRule>();
  let time = at;
  // Each pass moves past a quiet period or past a counted message's expiry: a finite number.
  for (let pass = 0; pass <= 2 * rules.sentAt.length + 2; pass++) {
    const quietEnd = rules.quietHours ? quietHoursEnd(time, rules.quietHours) : null;
    if (quietEnd) {
      delayedBy.add("QUIET_HOURS");
      time = quietEnd;
      continue;
    }
    const release = rules.cap ? capReleaseAt(time, rules.cap, rules.sentAt) : null;
    if (!release) break;
    delayedBy.add("FREQUENCY_CAP");
    time = release;
  }
  return { at: time, delayedBy: [...delayedBy] };
}
