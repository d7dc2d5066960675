import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import type { MailTransport, OutgoingMail } from '../src/app/messaging/emails/mailer.js';
import { QUEUES } from '../src/jobs/jobQueue.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { pendingEmailRow } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

/** A transport of `connections` connections that holds every message until the test lets them go,
 * and counts the messages it holds at once. */
class HeldTransport implements MailTransport {
  kind = 'smtp' as const;
  holding = 0;
  mostAtOnce = 0;
  sent: string[] = [];
  private open: () => void = () => undefined;
  private opened = new Promise<void>((resolve) => {
    this.open = resolve;
  });
  constructor(readonly connections: number) {}
  async send(mail: OutgoingMail) {
    this.holding++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.holding);
    await this.opened;
    this.holding--;
    this.sent.push(mail.messageId);
  }
  letGo() {
    this.open();
  }
}

/** The e-mail queue runs as many jobs at once as the transport has connections: each send has a
 * connection to itself, so none waits for one past its job's expiry (and goes twice). */
describe.each(DB_KINDS)('e-mails sent at once (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers | null = null;

  beforeAll(async () => {
    t = await createTestApp(kind);
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
  });

  /** `n` e-mails rendered already (a retry's: sent as the row keeps them), each with its job. */
  async function queueEmails(n: number): Promise<string[]> {
    const ids = Array.from({ length: n }, () => newId('eml'));
    await t.ctx.db
      .insertInto('emails')
      .values(ids.map((id) => pendingEmailRow(id, t.clock.now, 'concurrency')))
      .execute();
    // One statement: the worker's first fetch finds all of them or none.
    await t.ctx.jobs.enqueue(
      t.ctx.db,
      QUEUES.email,
      ids.map((emailId) => ({ data: { emailId } })),
    );
    return ids;
  }

  /** The e-mail jobs no worker has taken yet. */
  const jobsWaiting = async () => {
    const r = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = ${QUEUES.email} and state = 'created'`.execute(t.ctx.db);
    return r.rows[0]?.n;
  };

  it('takes as many e-mails at a time as the transport has connections, more than the other queues run', async () => {
    // Six connections, more than the four places of the other queues.
    const transport = new HeldTransport(6);
    workers = await startWorkers({ ...t.ctx, mail: { ...t.ctx.mail, transport } }, t.handle, { pollMs: 50, concurrency: 4 });
    const ids = await queueEmails(8);
    await until(() => transport.holding === 6, { what: 'six e-mails to reach the transport at once' });
    // The other two wait in the queue, not in this process: no place is free for them.
    expect(await jobsWaiting()).toBe(2);
    transport.letGo();
    await until(() => transport.sent.length === 8, { what: 'all eight e-mails to be sent' });
    expect(transport.mostAtOnce).toBe(6);
    expect(transport.sent.sort()).toEqual(ids.map((id) => `<${id}@localhost>`).sort());
    // The transport has them; their rows are written just after (with the others sent meanwhile).
    const rows = await until(
      async () => {
        const read = await t.ctx.db.selectFrom('emails').select(['status', 'attempts']).where('id', 'in', ids).execute();
        return read.every((r) => r.status !== 'pending') && read;
      },
      { what: 'the e-mails to be written down as sent' },
    );
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    await workers.stop();
    workers = null;
  });

  it('takes no more e-mails at a time than a transport of fewer connections has', async () => {
    const transport = new HeldTransport(2);
    workers = await startWorkers({ ...t.ctx, mail: { ...t.ctx.mail, transport } }, t.handle, { pollMs: 50, concurrency: 4 });
    await queueEmails(5);
    await until(() => transport.holding === 2, { what: 'two e-mails to reach the transport at once' });
    expect(await jobsWaiting()).toBe(3);
    transport.letGo();
    await until(() => transport.sent.length === 5, { what: 'all five e-mails to be sent' });
    expect(transport.mostAtOnce).toBe(2);
    await workers.stop();
    workers = null;
  });
});
