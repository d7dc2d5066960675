import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on loopback (STARTTLS with its own certificate): keeps every message it
 * takes, and answers 451 while told to refuse. */
export class MailServer {
  received: ParsedMail[] = [];
  refusing = false;
  port = 0;
  private server = new SMTPServer({
    authOptional: true,
    logger: false,
    onData: (stream, _session, callback) => {
      simpleParser(stream).then(
        (mail) => {
          if (this.refusing) {
            const err = new Error('Mailbox busy, try later') as Error & { responseCode: number };
            err.responseCode = 451;
            callback(err);
            return;
          }
          this.received.push(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  /** The messages sent to an address. */
  to(address: string) {
    return this.received.filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((t) => t?.text.includes(address)));
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}
