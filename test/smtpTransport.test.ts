import { type AddressInfo, createServer, type Socket } from 'node:net';
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
  /** Whether the answers to RCPT TO are held too (before any of the message is sent). */
  stallRecipients = false;
  /** Messages whose data began to arrive. */
  dataStarted = 0;
  private held: (() => void)[] = [];
  private stalled: (() => void)[] = [];
  private server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (this.stallRecipients) this.stalled.push(() => callback());
      else callback();
    },
    onConnect: (_session, callback) => {
      this.open++;
      this.mostOpen = Math.max(this.mostOpen, this.open);
      callback();
    },
    onClose: () => {
      this.open--;
    },
    onData: (stream, _session, callback) => {
      this.dataStarted++;
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
  /** Envelopes whose recipient waits for its answer. */
  stalling() {
    return this.stalled.length;
  }
  letGo() {
    for (const answer of this.held.splice(0)) answer();
    for (const answer of this.stalled.splice(0)) answer();
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

/** A server that takes connections and never says a word (no greeting), and counts them. */
class SilentServer {
  port = 0;
  accepted = 0;
  closed = 0;
  private sockets = new Set<Socket>();
  private server = createServer((socket) => {
    this.accepted++;
    this.sockets.add(socket);
    socket.on('close', () => {
      this.closed++;
      this.sockets.delete(socket);
    });
    socket.on('error', () => undefined);
  });
  async start() {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.address() as AddressInfo).port;
  }
  stop() {
    for (const socket of this.sockets) socket.destroy();
    return new Promise<void>((r) => this.server.close(() => r()));
  }
}

/** Limits from now: `handOverMs` to hand the message over, `answerMs` to have its answer. */
const limitsFromNow = (handOverMs: number, answerMs: number) => ({
  handOverBy: Date.now() + handOverMs,
  answerBy: Date.now() + answerMs,
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

  it('gives up a send unsent at its limit when the server never greets, and closes the connection', async () => {
    const silent = new SilentServer();
    await silent.start();
    const transport = smtpTransport(`smtp://127.0.0.1:${silent.port}`, { connections: 1 });
    try {
      // nodemailer's own greeting timeout (15 s) would end it far later, with another error.
      await expect(transport.send(mail(7), limitsFromNow(200, 5_000))).rejects.toThrow(
        'the message was not handed over to the SMTP server within its limit; not sent',
      );
      await until(() => silent.accepted === 1 && silent.closed === 1, { what: 'the connection to be closed' });
    } finally {
      transport.close?.();
      await silent.stop();
    }
  });

  it('gives up a send unsent at its limit when the server stalls before the message, which it never gets', async () => {
    smtp.received = [];
    smtp.dataStarted = 0;
    smtp.stallRecipients = true;
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 1 });
    try {
      const send = transport.send(mail(8), limitsFromNow(300, 5_000));
      await until(() => smtp.stalling() === 1, { what: 'the recipient to wait for its answer' });
      await expect(send).rejects.toThrow('not handed over to the SMTP server within its limit; not sent');
      await until(() => smtp.open === 0, { what: 'the server to see the connection closed' });
      smtp.letGo();
      expect(smtp.dataStarted).toBe(0);
      expect(smtp.received).toEqual([]);
    } finally {
      smtp.stallRecipients = false;
      transport.close?.();
    }
  });

  it('waits past its limit to hand over for the answer to a message it handed over in time, and sends it', async () => {
    smtp.received = [];
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 1 });
    try {
      const limits = limitsFromNow(3_000, 30_000);
      let settled = false;
      const send = transport.send(mail(9), limits).finally(() => {
        settled = true;
      });
      await until(() => smtp.holding() === 1, { what: 'the message to be handed over' });
      // The server has the whole message and has not answered yet when the limit to hand over passes.
      await until(() => Date.now() > limits.handOverBy + 100, { what: 'the limit to hand over to pass' });
      expect(settled).toBe(false);
      smtp.letGo();
      await send;
      expect(smtp.received).toEqual(['<m9@fiets.test>']);
    } finally {
      transport.close?.();
    }
  });

  it('gives up at its limit for the answer a message the server never answers', async () => {
    smtp.received = [];
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 1 });
    try {
      const send = transport.send(mail(10), limitsFromNow(3_000, 3_500));
      await until(() => smtp.holding() === 1, { what: 'the message to be handed over' });
      await expect(send).rejects.toThrow('the SMTP server did not answer the message within its limit');
      await until(() => smtp.open === 0, { what: 'the server to see the connection closed' });
    } finally {
      smtp.letGo();
      transport.close?.();
    }
  });

  it('gives up a send unsent when its limit to hand over comes before a connection frees', async () => {
    smtp.received = [];
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port}`, { connections: 1 });
    try {
      const first = transport.send(mail(11), limitsFromNow(5_000, 30_000));
      await until(() => smtp.holding() === 1, { what: 'the first message to be on its way' });
      // The connection wait (10 s) is cut short by the second send's limit.
      await expect(transport.send(mail(12), limitsFromNow(100, 30_000))).rejects.toThrow(
        'all 1 SMTP connections stayed busy for 100 ms (its limit to hand the message over); not sent',
      );
      await expect(transport.send(mail(13), { handOverBy: Date.now() - 1, answerBy: Date.now() + 1_000 })).rejects.toThrow(
        'no time was left to hand the message over',
      );
      smtp.letGo();
      await first;
      expect(smtp.received).toEqual(['<m11@fiets.test>']);
    } finally {
      transport.close?.();
    }
  });
});
