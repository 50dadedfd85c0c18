import type { Contact } from "../contacts/contact.entity";
import type { ContactPointKind } from "../contacts/contact-point.entity";
import { ConsentStatus, ContactPolicyReason, ContactVerdict, MessagePurpose, type ConsentRecord, type ContactPolicy } from "./consent.entities";
import { ContactPolicyAnswer, ContactPolicyBestChannel } from "./contact-policy.types";
import { nextAllowedTime, type FrequencyCap } from "./frequency-cap";
import { isTimeZone } from "../contacts/normalize";
import type { QuietHours } from "./quiet-hours";

/**
 * What the contact policy needs to know about one contact. The service loads it with a few
 * statements (and a lock when sending); views assemble it from per-request loaders. Either way
 * the verdict comes from `evaluate`, so there is one set of rules.
 */
export interface ContactFacts {
  /** Null when the contact does not exist or the caller may not see it. */
  contact: Pick<Contact, "id" | "timeZone" | "mergedIntoId" | "erasedAt"> | null;
  /** Kinds of the contact points the contact has (at least those of the channels asked about). */
  pointKinds: ReadonlySet<ContactPointKind>;
  /** The latest consent per channel and purpose (at least those asked about). */
  consents: readonly Pick<ConsentRecord, "channel" | "purpose" | "status">[];
  policy: Pick<ContactPolicy, "quietHoursStart" | "quietHoursEnd" | "frequencyCap" | "frequencyCapHours"> | null;
  /** When the messages counting toward the cap were sent: counted, non-transactional decisions in the cap's window. */
  sentAt: readonly Date[];
}

/** The zone quiet hours are read in: the contact's, or UTC when it has none or an unknown one. */
export function policyTimeZone(contact: Pick<Contact, "timeZone"> | null): string {
  return contact?.timeZone && isTimeZone(contact.timeZone) ? contact.timeZone : "UTC";
}

export function quietHoursOf(facts: ContactFacts): QuietHours | null {
  const { policy } = facts;
  if (!policy?.quietHoursStart || !policy.quietHoursEnd) return null;
  return { start: policy.quietHoursStart, end: policy.quietHoursEnd, timeZone: policyTimeZone(facts.contact) };
}

export function frequencyCapOf(policy: ContactFacts["policy"]): FrequencyCap | null {
  return policy?.frequencyCap && policy.frequencyCapHours ? { limit: policy.frequencyCap, hours: policy.frequencyCapHours } : null;
}

function answer(channel: ContactPointKind, purpose: MessagePurpose, verdict: ContactVerdict, reasonCode: ContactPolicyReason, reason: string, allowedAt: Date | null = null) {
  return Object.assign(new ContactPolicyAnswer(), { channel, purpose, verdict, reasonCode, reason, allowedAt });
}

const deny = (channel: ContactPointKind, purpose: MessagePurpose, reasonCode: ContactPolicyReason, reason: string) =>
  answer(channel, purpose, ContactVerdict.DENIED, reasonCode, reason);

/**
 * The contact policy: may a message for `purpose` reach the contact on `channel` at `at`?
 *
 * 1. The contact must exist (and be visible to the caller), and be neither merged nor erased.
 * 2. The contact needs a contact point of the channel's kind (SMS needs an SMS point, not a PHONE).
 * 3. Consent is the latest ConsentRecord for the channel and purpose:
 *    - TRANSACTIONAL (receipts, password resets) needs none; only an explicit DENIED or WITHDRAWN
 *      for TRANSACTIONAL on the channel stops it. It ignores quiet hours and the frequency cap,
 *      and does not count toward the cap.
 *    - MARKETING needs an explicit GRANTED.
 *    - SERVICE is allowed unless the latest is DENIED or WITHDRAWN.
 * 4. Quiet hours (`HH:MM` to `HH:MM`, start inclusive, end exclusive, possibly spanning midnight)
 *    are read in the contact's time zone, UTC when it has none; inside them the answer is
 *    ALLOWED_LATER at their end, following the zone's daylight-saving changes.
 * 5. The frequency cap counts, across all channels, the decisions that were sent (`counted`) for a
 *    non-transactional purpose in the last `frequencyCapHours` hours; when `frequencyCap` are in
 *    the window the answer is ALLOWED_LATER at the moment the oldest needed one leaves it.
 *    Quiet hours and the cap are applied together: the later time satisfies both.
 */
export function evaluate(facts: ContactFacts, channel: ContactPointKind, purpose: MessagePurpose, at: Date): ContactPolicyAnswer {
  const { contact } = facts;
  if (!contact) return deny(channel, purpose, ContactPolicyReason.CONTACT_NOT_FOUND, "No such contact.");
  if (contact.mergedIntoId) return deny(channel, purpose, ContactPolicyReason.CONTACT_MERGED, "The contact was merged into another.");
  if (contact.erasedAt) return deny(channel, purpose, ContactPolicyReason.CONTACT_ERASED, "The person's data was erased.");
  if (!facts.pointKinds.has(channel)) {
    return deny(channel, purpose, ContactPolicyReason.NO_CONTACT_POINT, `The contact has no ${channel} contact point.`);
  }
  const consent = facts.consents.find((record) => record.channel === channel && record.purpose === purpose)?.status ?? null;
  if (consent === ConsentStatus.DENIED) return deny(channel, purpose, ContactPolicyReason.CONSENT_DENIED, `Consent to ${purpose} messages by ${channel} was denied.`);
  if (consent === ConsentStatus.WITHDRAWN) {
    return deny(channel, purpose, ContactPolicyReason.CONSENT_WITHDRAWN, `Consent to ${purpose} messages by ${channel} was withdrawn.`);
  }
  if (purpose === MessagePurpose.MARKETING && consent !== ConsentStatus.GRANTED) {
    return deny(channel, purpose, ContactPolicyReason.CONSENT_MISSING, `No consent to MARKETING messages by ${channel}.`);
  }
  if (purpose === MessagePurpose.TRANSACTIONAL) return answer(channel, purpose, ContactVerdict.ALLOWED_NOW, ContactPolicyReason.ALLOWED, "Transactional messages need no consent.");

  const quietHours = quietHoursOf(facts);
  const cap = frequencyCapOf(facts.policy);
  const next = nextAllowedTime(at, { quietHours, cap, sentAt: facts.sentAt });
  if (next.delayedBy.length === 0) return answer(channel, purpose, ContactVerdict.ALLOWED_NOW, ContactPolicyReason.ALLOWED, "Allowed.");
  const why = next.delayedBy.map((rule) =>
    rule === "QUIET_HOURS"
      ? `quiet hours ${quietHours!.start}-${quietHours!.end} (${quietHours!.timeZone})`
      : `frequency cap of ${cap!.limit} per ${cap!.hours} h reached`,
  );
  return answer(
    channel,
    purpose,
    ContactVerdict.ALLOWED_LATER,
    next.delayedBy[0] === "QUIET_HOURS" ? ContactPolicyReason.QUIET_HOURS : ContactPolicyReason.FREQUENCY_CAP,
    `Allowed from ${next.at.toISOString()}: ${why.join(", then ")}.`,
    next.at,
  );
}

/**
 * Evaluates channels in order until one is allowed now; the rest are not looked at. Returns the
 * answers given and the index of the chosen one: the first ALLOWED_NOW, else the earliest
 * ALLOWED_LATER (the first asked on a tie), else -1.
 */
export function evaluateChannels(
  facts: ContactFacts,
  channels: readonly ContactPointKind[],
  purpose: MessagePurpose,
  at: Date,
): { answers: ContactPolicyAnswer[]; chosen: number } {
  const answers: ContactPolicyAnswer[] = [];
  for (const channel of channels) {
    const current = evaluate(facts, channel, purpose, at);
    answers.push(current);
    if (current.verdict === ContactVerdict.ALLOWED_NOW) return { answers, chosen: answers.length - 1 };
  }
  let chosen = -1;
  answers.forEach((candidate, index) => {
    if (candidate.verdict !== ContactVerdict.ALLOWED_LATER) return;
    if (chosen < 0 || candidate.allowedAt!.getTime() < answers[chosen]!.allowedAt!.getTime()) chosen = index;
  });
  return { answers, chosen };
}

/** The summary of `evaluateChannels` that `bestChannel` returns. */
export function bestOf(answers: ContactPolicyAnswer[], chosen: number): ContactPolicyBestChannel {
  const pick = answers[chosen];
  return Object.assign(new ContactPolicyBestChannel(), {
    verdict: pick?.verdict ?? ContactVerdict.DENIED,
    channel: pick?.channel ?? null,
    allowedAt: pick?.allowedAt ?? null,
    reason: pick ? pick.reason : answers.map((denied) => `${denied.channel}: ${denied.reason}`).join(" "),
    answers,
  });
}
