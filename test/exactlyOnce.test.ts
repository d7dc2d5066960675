import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { startRetour } from './support/retourProcess.js';
import { testContext } from './support/testContext.js';
import { type PendingWork, pendingWork, until, untilSettled } from './support/until.js';

const KEY = 'exactly-once-test-key';
const RETURNS = 1000;
/** How long the waits go on without any e-mail, webhook or job moving before they give up. The
 * longest quiet stretch by design is a dead worker's e-mail job: 60 s to expire, then up to 30 s
 * until the maintenance round hands it out again. Twice that is no normal pause. */
const STALL_MS = 180_000;
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Runs `work` for every item with at most `n` at a time. */
async function pool<T>(items: T[], n: number, work: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}

// Two servers and two workers on one PostgreSQL, one worker killed half-way: every e-mail and every
// webhook arrives, none twice. A message whose receiver took it just before the kill, before the
// worker could write that down, is sent again under the same Message-ID / Retour-Delivery (that is
// what those are for); apart from such repeats each arrives once.
describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('exactly once under scale'), () => {
  it(`delivers ${RETURNS} returns' e-mails and webhooks once each while a worker dies`, async () => {
    const mails = new Map<string, { to: string; subject: string; copies: number }>();
    const smtp = new SMTPServer({
      authOptional: true,
      logger: false,
      disabledCommands: ['STARTTLS'],
      onData: (stream, _session, callback) => {
        simpleParser(stream).then(
          (m) => {
            const id = m.messageId ?? '';
            const seen = mails.get(id);
            if (seen) seen.copies++;
            else mails.set(id, { to: Array.isArray(m.to) ? '' : (m.to?.text ?? ''), subject: m.subject ?? '', copies: 1 });
            callback();
          },
          (err: Error) => callback(err),
        );
      },
    });
    // The killed worker's open SMTP connections end in a reset: expected here. Anything else fails.
    const smtpErrors: Error[] = [];
    smtp.on('error', (err: Error & { code?: string }) => {
      if (err.code !== 'ECONNRESET') smtpErrors.push(err);
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    const hooks = new Map<string, { event: string; copies: number }>();
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = String(req.headers['retour-delivery']);
        const event = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
        const seen = hooks.get(id);
        if (seen) seen.copies++;
        else hooks.set(id, { event, copies: 1 });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;

    const db = await createTestDb('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'retour-scale-'));
    dirs.push(dataDir);
    const children: ChildProcess[] = [];
    try {
      const ctx = testContext(db.db, {}, { RETOUR_ENCRYPTION_KEY: KEY });
      await seedCatalogue(ctx);
      const delivered = new Date(Date.now() - 3 * DAY);
      const orders = await seedOrders(
        ctx,
        Array.from({ length: RETURNS }, (_, i) => orderFixture(`S${10000 + i}`, delivered)),
      );
      await createWebhookEndpoint(
        ctx,
        { actor: cliActor },
        { url: hookUrl, eventTypes: ['return.requested', 'return.approved'] },
      );

      const env = {
        DATABASE_URL: db.url ?? '',
        RETOUR_DATA_DIR: dataDir,
        RETOUR_ENCRYPTION_KEY: KEY,
        RETOUR_SECRET: 'exactly-once-test-secret-exactly-once',
        RETOUR_LOOKUP_RATE_LIMIT: '100000',
        RETOUR_DB_POOL_SIZE: '4',
      };
      const servers: string[] = [];
      for (let i = 0; i < 2; i++) {
        const s = await startRetour(['serve'], { LOG_LEVEL: 'warn', ...env, RETOUR_WORKERS: 'false' });
        children.push(s.child);
        servers.push(s.url);
      }
      const workerEnv = { ...env, RETOUR_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, RETOUR_MAIL_FROM: 'returns@shop.test' };
      const victim = await startRetour(['worker'], { LOG_LEVEL: 'warn', ...workerEnv }, /Retour worker is running/);
      children.push(victim.child);
      const survivor = await startRetour(['worker'], { LOG_LEVEL: 'warn', ...workerEnv }, /Retour worker is running/);
      children.push(survivor.child);

      // The returns go in through both servers while the workers deliver; one worker is killed
      // (no goodbye: SIGKILL) once a third of the e-mails are out.
      let killedAt = -1;
      const watch = setInterval(() => {
        if (killedAt < 0 && mails.size >= RETURNS / 3) {
          killedAt = mails.size;
          victim.child.kill('SIGKILL');
        }
      }, 20);
      let created = 0;
      await pool(orders, 16, async (o) => {
        const base = servers[created % 2];
        const lookup = await fetch(`${base}/api/v1/shopper/lookup`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderNumber: o.number, email: `${o.number.toLowerCase()}@example.nl` }),
        });
        expect(lookup.status).toBe(200);
        const { token } = (await lookup.json()) as { token: string };
        const res = await fetch(`${base}/api/v1/shopper/returns`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            method: 'qr',
            lines: [{ orderLineId: o.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
          }),
        });
        expect(res.status).toBe(201);
        created++;
      });
      expect(created).toBe(RETURNS);

      // However long a busy machine takes, the wait goes on while e-mails and webhooks keep
      // arriving or the jobs keep moving; it gives up only when nothing moved for STALL_MS, and
      // then says what was still pending.
      const arrived = () => ({
        mails: mails.size,
        hooks: hooks.size,
        copies: [...mails.values(), ...hooks.values()].reduce((n, m) => n + m.copies, 0),
      });
      let work: PendingWork | null = null;
      await until(
        async () => {
          work = await pendingWork(db.db);
          return mails.size >= RETURNS && hooks.size >= 2 * RETURNS;
        },
        {
          ms: STALL_MS,
          what: `${RETURNS} e-mails and ${2 * RETURNS} webhooks`,
          progress: () => ({ ...arrived(), work }),
          pending: () => ({ ...arrived(), work }),
        },
      );
      clearInterval(watch);
      expect(killedAt, 'the worker was killed mid-way').toBeGreaterThan(0);
      expect(victim.child.signalCode).toBe('SIGKILL');

      // Every return's approval e-mail, to its own shopper, one Message-ID each.
      expect(mails.size).toBe(RETURNS);
      const recipients = new Set([...mails.values()].map((m) => m.to));
      expect(recipients.size).toBe(RETURNS);
      // Every event's webhook: one delivery per event and type.
      expect(hooks.size).toBe(2 * RETURNS);
      expect(new Set([...hooks.values()].map((h) => h.event)).size).toBe(2 * RETURNS);
      // Repeats only of what was in the killed worker's hands: at most its 4 + 4 jobs.
      const repeats =
        [...mails.values()].reduce((n, m) => n + m.copies - 1, 0) + [...hooks.values()].reduce((n, h) => n + h.copies - 1, 0);
      expect(repeats).toBeLessThanOrEqual(8);

      // The receivers may have the last message a moment before its worker has written that down:
      // once nothing is left to relay or to run, every e-mail is sent and every delivery delivered.
      await untilSettled(db.db, STALL_MS);
      const done = await pendingWork(db.db);
      expect(done).toEqual({ outbox: 0, jobs: {}, emails: { sent: RETURNS }, deliveries: { delivered: 2 * RETURNS } });
      expect(smtpErrors).toEqual([]);
    } finally {
      for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await db.close();
      receiver.closeAllConnections();
      await new Promise<void>((r) => receiver.close(() => r()));
      await new Promise<void>((r) => smtp.close(() => r()));
    }
    // The waits above give up on a stall, not on a deadline: this limit only ends a test that hangs.
  }, 3_600_000);
});
