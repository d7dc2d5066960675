import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMail } from '../src/app/messaging/emails/mailer.js';
import { loadConfig } from '../src/config/env.js';
import { smtpTransport } from '../src/integrations/mail/smtpTransport.js';
import { until } from './support/until.js';

/** An SMTP server on loopback that holds each message's end of data until the test lets it go, and
 * counts the connections open at once. */
class HoldingSmtpServer {
  port = 0;
  open = 0;
  mostOpen = 0;
  received: string[] = [];
  private held: (() => void)[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onConnect: (_session, callback) => {
      this.open++;
      this.mostOpen = Math.max(this.mostOpen, this.open);
      callback();
    },
    onClose: () => {
      this.open--;
    },
    onData: (stream, _session, callback) => {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        head += chunk.toString('utf8');
      });
      stream.on('end', () => {
        this.held.push(() => {
          this.received.push(/^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? '');
          callback();
        });
      });
    },
  });
  /** Messages whose data arrived and wait for their answer. */
  holding() {
    return this.held.length;
  }
  letGo() {
    for (const answer of this.held.splice(0)) answer();
  }
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }
  stop() {
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

const mail = (n: number): OutgoingMail => ({
  from: '"Fiets" <help@fiets.test>',
  to: `shopper${n}@example.nl`,
  replyTo: null,
  subject: `Message ${n}`,
  html: `<p>Message ${n}</p>`,
  text: `Message ${n}`,
  messageId: `<m${n}@fiets.test>`,
  attachments: [],
});

/** The SMTP transport hands over no more messages at once than it has connections, and a send that
 * finds them all busy waits a bounded time for one, then fails unsent (its job tries again later),
 * instead of queueing inside nodemailer past its job's expiry. */
describe('the SMTP transport', () => {
  const smtp = new HoldingSmtpServer();
  beforeAll(() => smtp.start());
  afterAll(() => smtp.stop());

  it('has as many connections as RETOUR_SMTP_CONNECTIONS says, eight when unset', () => {
    const url = 'smtp://127.0.0.1:2525';
    expect(smtpTransport(url, { connections: loadConfig({}).smtpConnections }).connections).toBe(8);
    expect(smtpTransport(url, { connections: loadConfig({ RETOUR_SMTP_CONNECTIONS: '12' }).smtpConnections }).connections).toBe(
      12,
    );
    expect(loadConfig({ RETOUR_SMTP_CONNECTIONS: '0' }).smtpConnections).toBe(1);
  });

  it('sends a message waiting for a connection once one is free, never over more connections than it has', async () => {
    smtp.received = [];
    smtp.mostOpen = smtp.open;
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 2 });
    try {
      const sends = [1, 2, 3].map((n) => transport.send(mail(n)));
      await until(() => smtp.holding() === 2, { what: 'two messages to be on their way' });
      // The third waits for one of the two connections.
      smtp.letGo();
      await until(() => smtp.holding() === 1, { what: 'the third message to be on its way' });
      smtp.letGo();
      await Promise.all(sends);
      expect(smtp.received.sort()).toEqual(['<m1@fiets.test>', '<m2@fiets.test>', '<m3@fiets.test>']);
      expect(smtp.mostOpen).toBeLessThanOrEqual(2);
    } finally {
      transport.close?.();
    }
  });

  it('fails a send unsent when every connection stays busy past its wait, and sends the next one again', async () => {
    smtp.received = [];
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 1, connectionWaitMs: 50 });
    try {
      const first = transport.send(mail(4));
      await until(() => smtp.holding() === 1, { what: 'the first message to be on its way' });
      await expect(transport.send(mail(5))).rejects.toThrow('all 1 SMTP connections stayed busy');
      smtp.letGo();
      await first;
      // The refused one never reached the server; its place is not lost.
      const next = transport.send(mail(6));
      await until(() => smtp.holding() === 1, { what: 'the next message to be on its way' });
      smtp.letGo();
      await next;
      expect(smtp.received).toEqual(['<m4@fiets.test>', '<m6@fiets.test>']);
    } finally {
      transport.close?.();
    }
  });
});
