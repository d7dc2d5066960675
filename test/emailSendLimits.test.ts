import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import { EMAIL_EXPIRY_SECONDS, EmailNotSent, sendEmail } from '../src/app/messaging/emails/sendEmail.js';
import { smtpTransport } from '../src/integrations/mail/smtpTransport.js';
import { QUEUES, startJobQueue } from '../src/jobs/jobQueue.js';
import { DB_KINDS } from './support/databases.js';
import { pendingEmailRow } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

/** An SMTP server that takes connections and never greets, and counts them. */
function silentServer() {
  const sockets = new Set<Socket>();
  const counts = { accepted: 0, closed: 0 };
  const server = createServer((socket) => {
    counts.accepted++;
    sockets.add(socket);
    socket.on('close', () => {
      counts.closed++;
      sockets.delete(socket);
    });
    socket.on('error', () => undefined);
  });
  return {
    counts,
    port: () => (server.address() as AddressInfo).port,
    start: () => new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r())),
    stop: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** A try of an e-mail keeps to its limits, whatever the SMTP server does: one not handed over in
 * time fails unsent and counts as a try, so its job ends before its expiry and is never handed out
 * again while the send still goes on. */
describe.each(DB_KINDS)('the limits of a try to send an e-mail (%s)', (kind) => {
  let t: TestApp;
  const smtp = silentServer();

  beforeAll(async () => {
    t = await createTestApp(kind);
    await smtp.start();
  }, 60_000);
  afterAll(async () => {
    await smtp.stop();
    await t?.close();
  });

  it('ends within its job expiry: an e-mail job expires after the whole try may take, and a margin', async () => {
    const boss = await startJobQueue(t.handle);
    try {
      // 30 s to hand the message over, 20 s more for the answer, 10 s to write the outcome.
      expect(EMAIL_EXPIRY_SECONDS).toBe(60);
      expect((await boss.getQueue(QUEUES.email))?.expireInSeconds).toBe(EMAIL_EXPIRY_SECONDS);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  });

  it('fails a try unsent at its limit when the server never greets, and records it as a try', async () => {
    const id = newId('eml');
    await t.ctx.db
      .insertInto('emails')
      .values(pendingEmailRow(id, t.clock.now, 'limits'))
      .execute();
    const transport = smtpTransport(`smtp://127.0.0.1:${smtp.port()}`, { connections: 1 });
    try {
      const ctx = { ...t.ctx, mail: { ...t.ctx.mail, transport } };
      const tried = sendEmail(ctx, id, { handOverWithinMs: 300, answerWithinMs: 5_000 });
      await expect(tried).rejects.toBeInstanceOf(EmailNotSent);
      await expect(tried).rejects.toThrow('not handed over to the SMTP server within its limit; not sent');
      await until(() => smtp.counts.closed === smtp.counts.accepted && smtp.counts.accepted > 0, {
        what: 'the connection to be closed',
      });
      const row = await t.ctx.db
        .selectFrom('emails')
        .select(['status', 'attempts', 'last_error'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row).toMatchObject({ status: 'pending', attempts: 1 });
      expect(row.last_error).toContain('not handed over');
    } finally {
      transport.close?.();
    }
  });
});
