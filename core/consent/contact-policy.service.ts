import type { TenantScope } from "../db/tenant-scope";
import { Contact } from "../contacts/contact.entity";
import type { ContactPointKind } from "../contacts/contact-point.entity";
import { ContactDecision, ContactVerdict, type MessagePurpose } from "./consent.entities";
import { contactPointKinds, contactPolicies, countedDecisions, currentConsents } from "./consent.queries";
import { bestOf, evaluateChannels, frequencyCapOf, type ContactFacts } from "./contact-policy.rules";
import type { ContactPolicyAnswer, ContactPolicyBestChannel } from "./contact-policy.types";

const HOUR_MS = 3_600_000;
const REQUESTED_BY = /^[a-z][a-z0-9]*(\.[a-zA-Z0-9-]+)*$/;

/** What a sender asks before reaching a person. */
export interface ContactRequest {
  /** The contact's row id. */
  contactId: string;
  /** The channel, as the kind of contact point the message goes to. */
  channel: ContactPointKind;
  purpose: MessagePurpose;
  /** Who asks, for the decision log: the module, optionally with what in it, e.g. `ma.campaign` (at most 32 characters). */
  requestedBy: string;
  /** Decide as of this moment (default: now), e.g. for a scheduled send. The decision is dated at it. */
  at?: Date;
  /**
   * True when the caller sends the message now if the answer is ALLOWED_NOW: the decision then
   * counts toward the contact's frequency cap. False (the default) asks without sending.
   */
  send?: boolean;
}

export interface BestChannelRequest extends Omit<ContactRequest, "channel"> {
  /** Channels in order of preference; at least one. */
  channels: readonly ContactPointKind[];
}

/**
 * Decides whether, when and through which channel a message may reach a person. Every module
 * that sends anything (campaigns, reminders, ticket updates, notifications) asks here first and
 * does what the answer says:
 *
 *   const answer = await services.contactPolicy.decide(uow.scope, {
 *     contactId, channel: ContactPointKind.EMAIL, purpose: MessagePurpose.MARKETING,
 *     requestedBy: "ma.campaign", send: true,
 *   });
 *   if (answer.verdict === ContactVerdict.ALLOWED_NOW) send now;
 *   else if (answer.verdict === ContactVerdict.ALLOWED_LATER) schedule a delayed job for answer.allowedAt (and ask again then);
 *   else drop it, and report answer.reasonCode.
 *
 * The rules are in `evaluate` (contact-policy.rules.ts). Every answer given for an existing
 * contact is recorded as a ContactDecision (`counted` when sent: `send` and ALLOWED_NOW), in the
 * caller's transaction when the scope has one. A sending call locks the contact's policy row
 * for the rest of that transaction, so two concurrent sends cannot both slip under the cap.
 * The scope decides visibility: a contact the scope cannot see is CONTACT_NOT_FOUND.
 */
export class ContactPolicyService {
  /** The answer for one channel. */
  async decide(scope: TenantScope, request: ContactRequest): Promise<ContactPolicyAnswer> {
    const { answers } = await this.run(scope, { ...request, channels: [request.channel] });
    return answers[0]!;
  }

  /**
   * The first channel allowed now; else the one allowed soonest; else DENIED with every
   * channel's reason. Channels after the first one allowed now are not evaluated; each answer
   * given is recorded, and only the chosen one counts when `send`.
   */
  async bestChannel(scope: TenantScope, request: BestChannelRequest): Promise<ContactPolicyBestChannel> {
    const { answers, chosen } = await this.run(scope, request);
    return bestOf(answers, chosen);
  }

  /**
   * A send that did not happen after all (the server it was handed to refused it) gives back what
   * its decision counted toward the frequency cap. `decisionId` is the answer's.
   */
  async withdraw(scope: TenantScope, decisionId: string): Promise<void> {
    await scope.update(ContactDecision, { id: decisionId }, { counted: false });
  }

  /** The facts `evaluate` needs about one contact, for the channels and purpose asked about. */
  async loadFacts(
    scope: TenantScope,
    request: { contactId: string; channels: readonly ContactPointKind[]; purpose: MessagePurpose; at: Date; lock?: boolean },
  ): Promise<ContactFacts> {
    const { contactId, channels, purpose, at } = request;
    const contact = await scope.findOneBy(Contact, { id: contactId });
    if (!contact) return { contact: null, pointKinds: new Set(), consents: [], policy: null, sentAt: [] };
    const pointKinds = await contactPointKinds(scope, contactId, channels);
    const consents = await currentConsents(scope, [contactId], { purpose, channels });
    const [policy = null] = await contactPolicies(scope, [contactId], request.lock);
    const cap = frequencyCapOf(policy);
    if (!cap) return { contact, pointKinds, consents, policy, sentAt: [] };
    const counted = await countedDecisions(scope, [contactId], new Date(at.getTime() - cap.hours * HOUR_MS), at, request.lock);
    return { contact, pointKinds, consents, policy, sentAt: counted.map((decision) => decision.decidedAt) };
  }

  private async run(scope: TenantScope, request: BestChannelRequest): Promise<{ answers: ContactPolicyAnswer[]; chosen: number }> {
    if (!REQUESTED_BY.test(request.requestedBy) || request.requestedBy.length > 32) {
      throw new RangeError(`requestedBy must look like 'module' or 'module.what' (at most 32 characters); got '${request.requestedBy}'`);
    }
    if (request.channels.length === 0) throw new RangeError("Ask about at least one channel.");
    const send = request.send ?? false;
    const work = async (inTransaction: TenantScope) => {
      const at = request.at ?? new Date();
      const channels = [...new Set(request.channels)];
      const facts = await this.loadFacts(inTransaction, { ...request, channels, at, lock: send });
      const result = evaluateChannels(facts, channels, request.purpose, at);
      // Nothing to attach a decision to: the contact is unknown (or invisible) to this scope.
      if (facts.contact) await this.record(inTransaction, facts.contact.id, request, at, result.answers, send ? result.chosen : -1);
      return result;
    };
    // A send must hold the policy lock until its decision is written; without an outer
    // transaction, this call is its own.
    if (send && !scope.manager.queryRunner?.isTransactionActive) return scope.manager.transaction((manager) => work(scope.within(manager)));
    return work(scope);
  }

  private async record(scope: TenantScope, contactId: string, request: BestChannelRequest, at: Date, answers: ContactPolicyAnswer[], sent: number) {
    const rows = answers.map((answer, index) =>
      scope.create(ContactDecision, {
        contactId,
        channel: answer.channel,
        purpose: answer.purpose,
        verdict: answer.verdict,
        allowedAt: answer.allowedAt,
        reasonCode: answer.reasonCode,
        reason: answer.reason.slice(0, 300),
        requestedBy: request.requestedBy,
        counted: index === sent && answer.verdict === ContactVerdict.ALLOWED_NOW,
        decidedAt: at,
      }),
    );
    const result = await scope.manager.insert(ContactDecision, rows);
    result.identifiers.forEach((identifier, index) => (answers[index]!.decisionId = identifier ? String(identifier.id) : null));
  }
}
