import type { Job } from "bullmq";
import { ContactPoint, ContactPointKind } from "../../../core/contacts/contact-point.entity";
import { cleanText } from "../../../core/contacts/record-writer";
import { asInput, notFound, staffUserOf, type ServiceResult } from "../../../core/contacts/service-result";
import { ContactVerdict, MessagePurpose } from "../../../core/consent/consent.entities";
import type { ContactPolicyService } from "../../../core/consent/contact-policy.service";
import { TenantScope } from "../../../core/db/tenant-scope";
import type { UnitOfWork } from "../../../core/db/unit-of-work";
import { UserErrorCode, userError, validateInput } from "../../../core/graphql/payload";
import { User } from "../../../core/identity/identity.entities";
import { InteractionChannel, InteractionDirection } from "../../../core/interactions/interaction.entity";
import { TimelineInputError } from "../../../core/interactions/timeline.service";
import { isLastAttempt } from "../../../core/jobs/job";
import type { PlatformServices } from "../../../core/kernel/services";
import { MailNotConfiguredError, type OutgoingMail } from "../../../core/mail/mailer";
import { Tenant } from "../../../core/tenancy/tenant.entity";
import { Quote, QuoteSendStatus, QuoteStatus } from "../entities/quote.entity";
import { QuoteSendInput } from "../graphql/quote.types";
import { documentWork, ensureQuotePdf, pdfNameOf } from "./quote-documents.service";
import { QuoteErrorCode, READY, expiredError, isPastValidity, lockQuote, statusError } from "./quote-rules";

/**
 * Emailing a quote is a SERVICE message: the customer asked for the offer, so it needs no
 * marketing opt-in, but a person who refused or withdrew service email is not written to, and
 * quiet hours and the frequency cap apply (a quote can wait for the morning). TRANSACTIONAL is
 * kept for what must go at once whatever the person's choices (receipts, password resets).
 */
const POLICY = { channel: ContactPointKind.EMAIL, purpose: MessagePurpose.SERVICE, requestedBy: "sfa.quote" } as const;

/** What a send job carries; `deliveredAt` is added once the mail server took the message. */
export interface QuoteSendPayload {
  tenantId: string;
  quoteId: string;
  /** The `quoteSend` this job is for (Quote.sendRequest). */
  request: number;
  /** ISO; the job of an earlier schedule of the same request does nothing. */
  sendAt: string;
  actor: string | null;
  deliveredAt?: string;
}

/** The contact's primary email address (else their oldest one), or null. */
async function emailOf(scope: TenantScope, contactId: string): Promise<string | null> {
  const [point] = await scope.find(ContactPoint, { where: { contactId, kind: ContactPointKind.EMAIL }, order: { isPrimary: "DESC", id: "ASC" }, take: 1 });
  return point?.value ?? null;
}

/** Marks the send of the current request failed, with why: the quote stays unsent and says so. */
async function failSend(uow: UnitOfWork, quote: Quote, why: string): Promise<"failed"> {
  Object.assign(quote, { sendStatus: QuoteSendStatus.FAILED, sendError: why.slice(0, 500) });
  await uow.scope.save(quote);
  return "failed";
}

const INTERRUPTED = "The send was interrupted while the email was being handed over: it may or may not have arrived. Check with the recipient before sending it again.";

type Claim = { outcome: "skipped" | "failed" | "rescheduled" } | { outcome: "send"; quote: Quote; to: string; decisionId: string | null };

/**
 * `quoteSend` and the job that emails the quote.
 *
 * Delivery is at least once, and an email cannot be taken back, so the job marks before it
 * sends: it moves the quote to SENDING in a committed transaction, hands the message to the
 * SMTP server, notes `deliveredAt` in the job's data, then marks SENT with the timeline entry
 * and `sfa.quote.sent.v1`. A retry that finds `deliveredAt` only completes; one that finds
 * SENDING without it cannot know whether the message left (the process died mid-send), so it
 * does not send again: the quote becomes FAILED with that said, and the rep can send again.
 * An SMTP error means nothing was delivered: the send goes back to SCHEDULED and BullMQ retries
 * it with backoff, FAILED after the last attempt. So a quote is emailed at most once per
 * request, and a send that may not have arrived is visible rather than silently repeated.
 */
export class QuoteSendService {
  /**
   * Asks the contact policy, then schedules the email now or when the policy allows it. The
   * question does not count toward the contact's frequency cap: the send job asks again when it
   * sends, and that answer counts.
   */
  async request(uow: UnitOfWork, policy: ContactPolicyService, id: string, raw: QuoteSendInput): Promise<ServiceResult<Quote>> {
    const errors = await validateInput(asInput(QuoteSendInput, raw));
    if (errors.length > 0) return { errors };
    const quote = await lockQuote(uow.scope, id);
    if (!quote) return { errors: [notFound(["input", "id"], "quote")] };
    if (quote.sendStatus === QuoteSendStatus.SCHEDULED || quote.sendStatus === QuoteSendStatus.SENDING) {
      return { errors: [userError(["input", "id"], QuoteErrorCode.SEND_IN_PROGRESS, `${quote.number} is already being sent (${quote.sendScheduledAt?.toISOString()}).`)] };
    }
    if (!READY.has(quote.status)) return { errors: [statusError(quote, "send")] };
    if (isPastValidity(quote)) return { errors: [expiredError(quote)] };
    if (!quote.contactId) return { errors: [userError(["input", "id"], UserErrorCode.REQUIRED, "The recipient's data was erased: revise the quote with a new recipient.")] };
    // The decision is recorded (the policy's log) even when it refuses: that refusal is a fact worth keeping.
    const answer = await policy.decide(uow.scope, { ...POLICY, contactId: quote.contactId });
    if (answer.verdict === ContactVerdict.DENIED) {
      return { errors: [userError(["input", "id"], QuoteErrorCode.CONTACT_POLICY_DENIED, `The contact policy refuses this email (${answer.reasonCode}): ${answer.reason}`)] };
    }
    const sendAt = answer.allowedAt ?? new Date();
    Object.assign(quote, {
      sendStatus: QuoteSendStatus.SCHEDULED,
      sendRequest: quote.sendRequest + 1,
      sendScheduledAt: sendAt,
      sendRequestedById: staffUserOf(uow.work),
      sendMessage: cleanText(raw.message) ?? null,
      sendError: null,
    });
    await uow.scope.save(quote);
    await uow.emit("sfa.quote.sendRequested.v1", { quoteId: quote.id, request: quote.sendRequest, sendAt: sendAt.toISOString() });
    return { record: quote };
  }

  /** The send job: see the class comment. Returns what it did, for the job's result. */
  async run(services: PlatformServices, payload: QuoteSendPayload, job: Job<QuoteSendPayload>): Promise<string> {
    const work = documentWork(payload.tenantId, "sfa.quoteSend", payload.actor);
    let deliveredAt = payload.deliveredAt;
    if (!deliveredAt) {
      await ensureQuotePdf(services, payload.tenantId, payload.quoteId);
      const claim = await services.transactions.run(work, (uow) => this.claim(uow, services, payload));
      if (claim.outcome !== "send") return claim.outcome;
      try {
        await services.mail.send(await this.mail(services, claim.quote, claim.to));
      } catch (error) {
        const final = error instanceof MailNotConfiguredError || isLastAttempt(job, error);
        await services.transactions.run(work, (uow) => this.release(uow, services, payload, claim.decisionId, error, final));
        if (error instanceof MailNotConfiguredError) return "failed";
        throw error;
      }
      deliveredAt = new Date().toISOString();
      // Best effort: if Redis cannot take it, a retry finds SENDING and reports the doubt instead.
      await job.updateData({ ...payload, deliveredAt }).catch(() => undefined);
    }
    const at = new Date(deliveredAt);
    return services.transactions.run(work, (uow) => this.complete(uow, services, payload, at));
  }

  /**
   * The send job of a tenant that switched sales off: an email already handed over is recorded as
   * sent; one still waiting does not go, and the quote says so (else it would stay SCHEDULED and
   * refuse every later send).
   */
  async abandon(services: PlatformServices, payload: QuoteSendPayload, job: Job<QuoteSendPayload>): Promise<string> {
    if (payload.deliveredAt) return this.run(services, payload, job);
    return services.transactions.run(documentWork(payload.tenantId, "sfa.quoteSend", payload.actor), async (uow) => {
      const quote = await lockQuote(uow.scope, payload.quoteId);
      if (!quote || quote.sendRequest !== payload.request) return "skipped";
      if (quote.sendStatus === QuoteSendStatus.SENDING) return failSend(uow, quote, INTERRUPTED);
      if (quote.sendStatus !== QuoteSendStatus.SCHEDULED) return "skipped";
      return failSend(uow, quote, "The sales module was switched off for this tenant before the quote went out.");
    });
  }

  /** Checks that this request still stands and may go, then marks the quote SENDING. */
  private async claim(uow: UnitOfWork, services: PlatformServices, payload: QuoteSendPayload): Promise<Claim> {
    const quote = await lockQuote(uow.scope, payload.quoteId);
    if (!quote || quote.sendRequest !== payload.request) return { outcome: "skipped" };
    if (quote.sendStatus === QuoteSendStatus.SENDING) {
      return { outcome: await failSend(uow, quote, INTERRUPTED) };
    }
    if (quote.sendStatus !== QuoteSendStatus.SCHEDULED || quote.sendScheduledAt?.toISOString() !== payload.sendAt) return { outcome: "skipped" };
    if (!READY.has(quote.status)) return { outcome: await failSend(uow, quote, `The quote became ${quote.status} before it was sent.`) };
    if (isPastValidity(quote)) return { outcome: await failSend(uow, quote, `The quote expired (valid until ${quote.validUntil}) before it was sent.`) };
    const to = quote.contactId ? await emailOf(uow.scope, quote.contactId) : null;
    if (!quote.contactId || !to) return { outcome: await failSend(uow, quote, quote.contactId ? "The recipient has no email address." : "The recipient's data was erased.") };
    // Asked as a send, under the policy's lock: an answer of now counts toward the cap.
    const answer = await services.contactPolicy.decide(uow.scope, { ...POLICY, contactId: quote.contactId, send: true });
    if (answer.verdict === ContactVerdict.DENIED) return { outcome: await failSend(uow, quote, `The contact policy refused it (${answer.reasonCode}): ${answer.reason}`) };
    if (answer.verdict === ContactVerdict.ALLOWED_LATER) {
      quote.sendScheduledAt = answer.allowedAt;
      await uow.scope.save(quote);
      await uow.emit("sfa.quote.sendRequested.v1", { quoteId: quote.id, request: quote.sendRequest, sendAt: answer.allowedAt!.toISOString() });
      return { outcome: "rescheduled" };
    }
    Object.assign(quote, { sendStatus: QuoteSendStatus.SENDING, sentToEmail: to });
    await uow.scope.save(quote);
    return { outcome: "send", quote, to, decisionId: answer.decisionId };
  }

  /**
   * After an SMTP error nothing left: back to SCHEDULED for BullMQ's retry, or FAILED after the
   * last; either way the attempt no longer counts toward the contact's frequency cap.
   */
  private async release(uow: UnitOfWork, services: PlatformServices, payload: QuoteSendPayload, decisionId: string | null, error: unknown, final: boolean): Promise<void> {
    const quote = await lockQuote(uow.scope, payload.quoteId);
    if (!quote || quote.sendRequest !== payload.request || quote.sendStatus !== QuoteSendStatus.SENDING) return;
    if (decisionId) await services.contactPolicy.withdraw(uow.scope, decisionId);
    const reason = error instanceof Error ? error.message : String(error);
    Object.assign(quote, { sendStatus: final ? QuoteSendStatus.FAILED : QuoteSendStatus.SCHEDULED, sendError: `The mail server did not take it: ${reason}`.slice(0, 500) });
    await uow.scope.save(quote);
  }

  /** Records the delivery: SENT, the timeline entry on the contact and the account, the event. */
  private async complete(uow: UnitOfWork, services: PlatformServices, payload: QuoteSendPayload, at: Date): Promise<string> {
    const quote = await lockQuote(uow.scope, payload.quoteId);
    if (!quote || quote.sendRequest !== payload.request || quote.sendStatus === QuoteSendStatus.SENT) return "skipped";
    // Accepted or rejected meanwhile (in person, say): the email still went, the status stays.
    if (READY.has(quote.status)) quote.status = QuoteStatus.SENT;
    Object.assign(quote, { sendStatus: QuoteSendStatus.SENT, sentAt: at, sendError: null });
    await uow.scope.save(quote);
    const interactionId = quote.contactId ? await this.recordInteraction(uow, services, quote, at) : null;
    await uow.emit("sfa.quote.sent.v1", {
      quoteId: quote.id,
      number: quote.number,
      version: quote.version,
      opportunityId: quote.opportunityId,
      accountId: quote.accountId,
      contactId: quote.contactId ?? "",
      interactionId,
    });
    return "sent";
  }

  private async recordInteraction(uow: UnitOfWork, services: PlatformServices, quote: Quote, at: Date): Promise<string | null> {
    const { subject, text, rep } = await this.content(uow.scope, quote);
    try {
      const interaction = await services.timeline.record(uow, {
        channel: InteractionChannel.EMAIL,
        direction: InteractionDirection.OUTBOUND,
        occurredAt: at,
        subject,
        body: text,
        outcome: "sent",
        userId: rep?.id ?? null,
        participants: {
          contactIds: [quote.contactId!],
          accountIds: [quote.accountId],
          roles: [{ participant: `c:${quote.contactId!}`, role: "recipient" }],
        },
        source: { module: "sfa", type: "Quote", id: quote.globalId },
      });
      return interaction.id;
    } catch (error) {
      // The email went: a contact erased or merged meanwhile must not undo recording that.
      if (error instanceof TimelineInputError) return null;
      throw error;
    }
  }

  /** Subject and text of the quote's email, and the rep who sends it (its reply-to), if a user of the tenant. */
  private async content(scope: TenantScope, quote: Quote): Promise<{ subject: string; text: string; rep: User | null }> {
    const [tenant, rep] = await Promise.all([
      scope.manager.findOneBy(Tenant, { id: scope.tenantId }),
      quote.sendRequestedById ? scope.findOneBy(User, { id: quote.sendRequestedById }) : Promise.resolve(null),
    ]);
    const seller = tenant?.name ?? "us";
    const version = quote.version > 1 ? ` (version ${quote.version})` : "";
    const subject = `Quote ${quote.number}${version} from ${seller}`;
    const text = quote.sendMessage ?? `Hello,\n\nPlease find attached our quote ${quote.number}${version}, valid until ${quote.validUntil}.\n\nKind regards,\n${rep?.name ?? seller}`;
    return { subject, text, rep };
  }

  private async mail(services: PlatformServices, quote: Quote, to: string): Promise<OutgoingMail> {
    const scope = new TenantScope(services.dataSource.manager, quote.tenantId);
    const { subject, text, rep } = await this.content(scope, quote);
    const file = quote.pdfFileId ? await services.files.find(scope, quote.pdfFileId) : null;
    if (!file) throw new Error(`Quote ${quote.id} of tenant ${quote.tenantId} has no PDF to attach.`);
    return { to, subject, text, replyTo: rep?.email, attachments: [{ filename: pdfNameOf(quote), contentType: "application/pdf", content: services.files.open(file) }] };
  }
}

export const quoteSendService = new QuoteSendService();
