import { Readable } from "node:stream";
import { MailNotConfiguredError, Mailer } from "../../core/mail/mailer";
import { SmtpPeer } from "../harness/smtp-peer";

describe("mailer", () => {
  let peer: SmtpPeer;
  let mailer: Mailer;

  beforeAll(async () => {
    peer = await SmtpPeer.start({ refuse: /^nobody@/ });
    mailer = new Mailer(peer.url, "Sales <sales@crm.example>");
  });
  afterAll(async () => {
    mailer.close();
    await peer.stop();
  });

  it("delivers a message with its attachment to a real SMTP server", async () => {
    const sent = await mailer.send({
      to: "ada@example.com",
      subject: "Your quote Q-0001",
      text: "Please find the quote attached.",
      replyTo: "rep@crm.example",
      attachments: [{ filename: "Q-0001.pdf", contentType: "application/pdf", content: Readable.from([Buffer.from("%PDF-1.7 test")]) }],
    });
    expect(sent.accepted).toEqual(["ada@example.com"]);
    const [mail] = peer.received;
    expect(mail).toMatchObject({ subject: "Your quote Q-0001", text: "Please find the quote attached.", messageId: sent.messageId });
    expect(mail!.from!.text).toBe('"Sales" <sales@crm.example>');
    expect(mail!.replyTo!.text).toBe("rep@crm.example");
    expect(mail!.attachments.map((a) => [a.filename, a.contentType, a.content.toString()])).toEqual([["Q-0001.pdf", "application/pdf", "%PDF-1.7 test"]]);
  });

  it("fails when the server refuses the recipient, and when no server is configured", async () => {
    await expect(mailer.send({ to: "nobody@example.com", subject: "x", text: "x" })).rejects.toThrow(/550|Mailbox unavailable/);
    await expect(new Mailer(undefined, "x <x@x.example>").send({ to: "a@example.com", subject: "x", text: "x" })).rejects.toThrow(MailNotConfiguredError);
  });
});
