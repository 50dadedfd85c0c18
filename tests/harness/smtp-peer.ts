import type { AddressInfo } from "node:net";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";

/**
 * A real SMTP server on a free local port that keeps what it receives, parsed. Recipients
 * matching `refuse` are rejected as a real server rejects an unknown mailbox (550).
 */
export class SmtpPeer {
  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    /** Every message accepted so far, in order. */
    readonly received: readonly ParsedMail[],
  ) {}

  static async start(options: { refuse?: RegExp } = {}): Promise<SmtpPeer> {
    const received: ParsedMail[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["STARTTLS"],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (options.refuse?.test(address.address)) {
          callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
          return;
        }
        callback();
      },
      onData(stream, _session, callback) {
        simpleParser(stream).then(
          (mail) => {
            received.push(mail);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return new SmtpPeer(server, (server.server.address() as AddressInfo).port, received);
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
