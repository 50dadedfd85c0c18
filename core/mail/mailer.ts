import type { Readable } from "node:stream";
import { createTransport, type Transporter } from "nodemailer";

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer | Readable;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  replyTo?: string;
  attachments?: readonly MailAttachment[];
}

export interface SentMail {
  messageId: string;
  /** Recipients the SMTP server accepted. */
  accepted: string[];
}

export class MailNotConfiguredError extends Error {
  override name = "MailNotConfiguredError";
  constructor() {
    super("No SMTP server is configured: set SMTP_URL.");
  }
}

/**
 * Outgoing email over SMTP (nodemailer), shared by every module that writes to people. It only
 * delivers: whether a person may be written to is the contact policy's call, made by the sender.
 */
export class Mailer {
  private transport: Transporter | null;

  constructor(
    smtpUrl: string | undefined,
    private readonly from: string,
  ) {
    this.transport = smtpUrl ? createTransport(smtpUrl) : null;
  }

  get configured(): boolean {
    return this.transport !== null;
  }

  /** Hands the message to the SMTP server; throws if it refuses it or every recipient. */
  async send(mail: OutgoingMail): Promise<SentMail> {
    if (!this.transport) throw new MailNotConfiguredError();
    const info = await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      replyTo: mail.replyTo,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      attachments: mail.attachments?.map(({ filename, contentType, content }) => ({ filename, contentType, content })),
    });
    return { messageId: String(info.messageId), accepted: (info.accepted as (string | { address: string })[]).map((a) => (typeof a === "string" ? a : a.address)) };
  }

  close(): void {
    this.transport?.close();
    this.transport = null;
  }
}
