import { ConsentStatus, ContactPolicyReason, ContactVerdict, MessagePurpose } from "../../core/consent/consent.entities";
import { evaluate, evaluateChannels, policyTimeZone, type ContactFacts } from "../../core/consent/contact-policy.rules";
import { capReleaseAt, nextAllowedTime } from "../../core/consent/frequency-cap";
import { instantOf, parseClockTime, quietHoursEnd, wallClock } from "../../core/consent/quiet-hours";
import { isTimeZone } from "../../core/contacts/normalize";
import { ContactPointKind } from "../../core/contacts/contact-point.entity";

const at = (iso: string) => new Date(iso);
const iso = (date: Date | null) => date?.toISOString() ?? null;
const HOUR = 3_600_000;

describe("clock times", () => {
  it.each([
    ["00:00", 0],
    ["07:30", 450],
    ["23:59", 1439],
  ])("read %s as %d minutes after midnight", (text, minutes) => {
    expect(parseClockTime(text)).toBe(minutes);
  });

  it.each(["24:00", "7:30", "07:60", "0730", "07:30:00", " 07:30", ""])("refuse %j", (text) => {
    expect(parseClockTime(text)).toBeNull();
  });

  it("know IANA zones and refuse others", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(policyTimeZone({ timeZone: "Mars/Olympus_Mons" })).toBe("UTC");
    expect(policyTimeZone({ timeZone: null })).toBe("UTC");
    expect(policyTimeZone({ timeZone: "Asia/Kolkata" })).toBe("Asia/Kolkata");
  });
});

describe("wall clock to instant", () => {
  const paris = "Europe/Paris";

  it("round-trips an ordinary time", () => {
    const wall = Date.UTC(2026, 5, 1, 9, 15);
    expect(new Date(instantOf(wall, paris)).toISOString()).toBe("2026-06-01T07:15:00.000Z");
    expect(wallClock(instantOf(wall, paris), paris)).toBe(wall);
  });

  it("resolves a time skipped by the spring change to the moment of the change", () => {
    // 02:30 never happens in Paris on 29 March 2026: the clocks jump from 02:00 to 03:00 (01:00Z).
    expect(new Date(instantOf(Date.UTC(2026, 2, 29, 2, 30), paris)).toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("resolves a time repeated by the autumn change to its first occurrence, or the next one still ahead", () => {
    // 02:30 happens twice in Paris on 25 October 2026: at 00:30Z (CEST) and 01:30Z (CET).
    const wall = Date.UTC(2026, 9, 25, 2, 30);
    expect(new Date(instantOf(wall, paris)).toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(new Date(instantOf(wall, paris, Date.parse("2026-10-25T01:00:00Z"))).toISOString()).toBe("2026-10-25T01:30:00.000Z");
  });
});

describe("quiet hours", () => {
  const utcLunch = { start: "12:00", end: "14:00", timeZone: "UTC" };
  const parisNight = { start: "22:00", end: "07:00", timeZone: "Europe/Paris" };

  it("are [start, end): the start is quiet, the end is not", () => {
    expect(iso(quietHoursEnd(at("2026-01-10T11:59:59Z"), utcLunch))).toBeNull();
    expect(iso(quietHoursEnd(at("2026-01-10T12:00:00Z"), utcLunch))).toBe("2026-01-10T14:00:00.000Z");
    expect(iso(quietHoursEnd(at("2026-01-10T13:59:59Z"), utcLunch))).toBe("2026-01-10T14:00:00.000Z");
    expect(iso(quietHoursEnd(at("2026-01-10T14:00:00Z"), utcLunch))).toBeNull();
  });

  it("span midnight: before midnight they end tomorrow morning, after it this morning", () => {
    // Paris is UTC+1 in January.
    expect(iso(quietHoursEnd(at("2026-01-10T22:30:00Z"), parisNight))).toBe("2026-01-11T06:00:00.000Z");
    expect(iso(quietHoursEnd(at("2026-01-11T02:00:00Z"), parisNight))).toBe("2026-01-11T06:00:00.000Z");
    expect(iso(quietHoursEnd(at("2026-01-11T06:00:00Z"), parisNight))).toBeNull();
    expect(iso(quietHoursEnd(at("2026-01-10T20:59:00Z"), parisNight))).toBeNull();
  });

  it("follow the clocks across the spring change: a night an hour shorter", () => {
    // 23:00 CET on 28 March; the night ends at 07:00 CEST, 05:00Z, not 06:00Z.
    expect(iso(quietHoursEnd(at("2026-03-28T22:00:00Z"), parisNight))).toBe("2026-03-29T05:00:00.000Z");
  });

  it("follow the clocks across the autumn change: a night an hour longer", () => {
    // 23:00 CEST on 24 October; the night ends at 07:00 CET, 06:00Z.
    expect(iso(quietHoursEnd(at("2026-10-24T21:00:00Z"), parisNight))).toBe("2026-10-25T06:00:00.000Z");
  });

  it("ending at a time the spring change skips, end when the clocks jump", () => {
    const early = { start: "00:00", end: "02:30", timeZone: "Europe/Paris" };
    expect(iso(quietHoursEnd(at("2026-03-28T23:30:00Z"), early))).toBe("2026-03-29T01:00:00.000Z");
  });

  it("ending at a time the autumn change repeats, end at the occurrence after the moment asked", () => {
    const early = { start: "00:00", end: "01:30", timeZone: "America/New_York" };
    // 01:15 EDT (first pass) ends at 01:30 EDT; 01:15 EST (second pass) at 01:30 EST.
    expect(iso(quietHoursEnd(at("2026-11-01T05:15:00Z"), early))).toBe("2026-11-01T05:30:00.000Z");
    expect(iso(quietHoursEnd(at("2026-11-01T06:15:00Z"), early))).toBe("2026-11-01T06:30:00.000Z");
  });

  it("work in zones with half-hour offsets", () => {
    // 23:30 in Kolkata (UTC+05:30); ends at 07:00 IST, 01:30Z.
    expect(iso(quietHoursEnd(at("2026-06-01T18:00:00Z"), { ...parisNight, timeZone: "Asia/Kolkata" }))).toBe("2026-06-02T01:30:00.000Z");
  });

  it("mean nothing when start equals end or the zone is unknown", () => {
    expect(quietHoursEnd(at("2026-01-10T12:30:00Z"), { start: "12:00", end: "12:00", timeZone: "UTC" })).toBeNull();
    expect(quietHoursEnd(at("2026-01-10T12:30:00Z"), { ...utcLunch, timeZone: "Nowhere/Special" })).toBeNull();
  });
});

describe("frequency cap", () => {
  const now = at("2026-05-01T12:00:00Z");
  const ago = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const cap = { limit: 3, hours: 24 };

  it("allows while fewer than the limit are in the window", () => {
    expect(capReleaseAt(now, cap, [ago(1), ago(2)])).toBeNull();
    // Exactly `hours` old has left the window.
    expect(capReleaseAt(now, cap, [ago(24), ago(2), ago(1)])).toBeNull();
  });

  it("when full, frees up when the oldest in the window leaves it", () => {
    expect(iso(capReleaseAt(now, cap, [ago(1), ago(20), ago(10)]))).toBe("2026-05-01T16:00:00.000Z");
  });

  it("when over-full (a lowered cap), waits for enough of them to leave", () => {
    expect(iso(capReleaseAt(now, { limit: 2, hours: 24 }, [ago(20), ago(10), ago(5), ago(1)]))).toBe("2026-05-02T07:00:00.000Z");
  });

  it("and quiet hours together find a time that satisfies both", () => {
    // The cap frees up at 23:00 UTC, inside quiet hours 22:00-07:00: the answer is 07:00.
    const result = nextAllowedTime(now, {
      quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" },
      cap: { limit: 1, hours: 12 },
      sentAt: [ago(1)],
    });
    expect(result).toEqual({ at: at("2026-05-02T07:00:00Z"), delayedBy: ["FREQUENCY_CAP", "QUIET_HOURS"] });
  });

  it("and quiet hours: leaving quiet hours can still meet the cap", () => {
    const night = at("2026-05-01T23:00:00Z");
    const result = nextAllowedTime(night, {
      quietHours: { start: "22:00", end: "07:00", timeZone: "UTC" },
      cap: { limit: 1, hours: 10 },
      sentAt: [at("2026-05-01T21:30:00Z")],
    });
    expect(result).toEqual({ at: at("2026-05-02T07:30:00Z"), delayedBy: ["QUIET_HOURS", "FREQUENCY_CAP"] });
  });
});

describe("contact policy rules", () => {
  const noon = at("2026-05-01T12:00:00Z");
  const facts = (overrides: Partial<ContactFacts> = {}): ContactFacts => ({
    contact: { id: "1", timeZone: "UTC", mergedIntoId: null, erasedAt: null },
    pointKinds: new Set([ContactPointKind.EMAIL, ContactPointKind.SMS]),
    consents: [],
    policy: { quietHoursStart: "11:00", quietHoursEnd: "13:00", frequencyCap: null, frequencyCapHours: null },
    sentAt: [],
    ...overrides,
  });

  it("let transactional messages through quiet hours, but not through an explicit refusal", () => {
    expect(evaluate(facts(), ContactPointKind.EMAIL, MessagePurpose.TRANSACTIONAL, noon).verdict).toBe(ContactVerdict.ALLOWED_NOW);
    const refused = facts({ consents: [{ channel: ContactPointKind.EMAIL, purpose: MessagePurpose.TRANSACTIONAL, status: ConsentStatus.WITHDRAWN }] });
    expect(evaluate(refused, ContactPointKind.EMAIL, MessagePurpose.TRANSACTIONAL, noon).reasonCode).toBe(ContactPolicyReason.CONSENT_WITHDRAWN);
  });

  it("hold service messages until quiet hours end", () => {
    const answer = evaluate(facts(), ContactPointKind.EMAIL, MessagePurpose.SERVICE, noon);
    expect(answer).toMatchObject({ verdict: ContactVerdict.ALLOWED_LATER, reasonCode: ContactPolicyReason.QUIET_HOURS, allowedAt: at("2026-05-01T13:00:00Z") });
  });

  it("choose the first channel allowed now, else the one allowed soonest", () => {
    const granted = facts({
      policy: null,
      consents: [{ channel: ContactPointKind.SMS, purpose: MessagePurpose.MARKETING, status: ConsentStatus.GRANTED }],
    });
    const { answers, chosen } = evaluateChannels(granted, [ContactPointKind.EMAIL, ContactPointKind.SMS, ContactPointKind.PHONE], MessagePurpose.MARKETING, noon);
    expect(answers.map((a) => a.reasonCode)).toEqual([ContactPolicyReason.CONSENT_MISSING, ContactPolicyReason.ALLOWED]);
    expect(chosen).toBe(1);
  });
});
