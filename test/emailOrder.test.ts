import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/app/kernel/ids.js';
import type { MailTransport } from '../src/app/messaging/emails/mailer.js';
import { sendEmail } from '../src/app/messaging/emails/sendEmail.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

/** A transport that records the order e-mails reach it in, and holds those it is told to until
 * released. */
class HoldingTransport implements MailTransport {
  kind = 'smtp' as const;
  sent: string[] = [];
  arrived: string[] = [];
  private held = new Map<string, () => void>();
  hold = new Set<string>();
  async send(mail: { messageId: string }) {
    this.arrived.push(mail.messageId);
    if (this.hold.has(mail.messageId)) await new Promise<void>((r) => this.held.set(mail.messageId, r));
    this.sent.push(mail.messageId);
  }
  release(messageId: string) {
    this.held.get(messageId)?.();
  }
}

describe.each(DB_KINDS)('the e-mails of one return, in order (%s)', (kind) => {
  let t: TestApp;
  const lines: Record<string, string> = {};

  /** A return asked for by the shopper, with its first e-mail and `more` copies queued after it. */
  async function returnWithEmails(order: string, more: number): Promise<string[]> {
    const token = await t.shopperToken(order, `${order}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'qr',
        lines: [{ orderLineId: lines[order], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const returnId = (res.json() as { returnId: string }).returnId;
    const first = await t.ctx.db
      .selectFrom('emails')
      .selectAll()
      .where('return_id', '=', returnId)
      .where('status', '=', 'pending')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const ids = [first.id];
    for (let i = 0; i < more; i++) {
      const id = newId('eml');
      await t.ctx.db
        .insertInto('emails')
        .values({
          id,
          dedupe_key: `${first.dedupe_key}:copy${i}`,
          kind: first.kind,
          return_id: returnId,
          event_id: first.event_id,
          status: 'pending',
          created_at: t.clock.now,
          updated_at: t.clock.now,
        })
        .execute();
      ids.push(id);
    }
    return ids;
  }

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const seeded = await seedOrders(t.ctx, [
      orderFixture('7301', delivered),
      orderFixture('7302', delivered),
      orderFixture('7303', delivered),
      orderFixture('7304', delivered),
      orderFixture('7305', delivered),
    ]);
    for (const [i, o] of seeded.entries()) lines[`730${i + 1}`] = o?.lineBySku['TEE-M'] ?? '';
  }, 60_000);
  afterAll(() => t?.close());

  it('sends a later e-mail after an earlier one this process is sending, without going back to the queue', async () => {
    const [earlier, later] = (await returnWithEmails('7301', 1)) as [string, string];
    const transport = new HoldingTransport();
    const ctx = { ...t.ctx, mail: { ...t.ctx.mail, transport } };
    const earlierMessage = `<${earlier}@localhost>`;
    transport.hold.add(earlierMessage);
    let deferrals = 0;
    const defer = async () => {
      deferrals++;
    };
    // The later one is taken first, as a worker may; the earlier one is on its way meanwhile.
    const laterSent = sendEmail(ctx, later, { defer });
    const earlierSent = sendEmail(ctx, earlier, { defer });
    await until(() => transport.arrived.includes(earlierMessage), { what: 'the earlier e-mail to reach the transport' });
    expect(transport.sent).toEqual([]);
    transport.release(earlierMessage);
    expect(await Promise.all([earlierSent, laterSent])).toEqual(['sent', 'sent']);
    expect(deferrals).toBe(0);
    expect(transport.sent).toEqual([earlierMessage, `<${later}@localhost>`]);
  });

  it('makes way for an earlier e-mail that is not being sent here', async () => {
    const [earlier, later] = (await returnWithEmails('7302', 1)) as [string, string];
    const transport = new HoldingTransport();
    const ctx = { ...t.ctx, mail: { ...t.ctx.mail, transport } };
    let deferrals = 0;
    const defer = async () => {
      deferrals++;
    };
    expect(await sendEmail(ctx, later, { defer })).toBe('deferred');
    expect(deferrals).toBe(1);
    expect(transport.sent).toEqual([]);
    expect(await sendEmail(ctx, earlier, { defer })).toBe('sent');
    expect(await sendEmail(ctx, later, { defer, deferred: 1 })).toBe('sent');
    expect(deferrals).toBe(1);
    expect(transport.sent).toEqual([`<${earlier}@localhost>`, `<${later}@localhost>`]);
  });

  it('renders each of the e-mails sent at once (read together) from its own return', async () => {
    const [a] = (await returnWithEmails('7304', 0)) as [string];
    const [b] = (await returnWithEmails('7305', 0)) as [string];
    const mails: { messageId: string; to: string; text: string }[] = [];
    const transport: MailTransport = {
      kind: 'smtp',
      send: async (mail) => {
        mails.push(mail);
      },
    };
    const ctx = { ...t.ctx, mail: { ...t.ctx.mail, transport } };
    expect(await Promise.all([sendEmail(ctx, b), sendEmail(ctx, a)])).toEqual(['sent', 'sent']);
    const numbers = await t.ctx.db
      .selectFrom('emails as e')
      .innerJoin('returns as r', 'r.id', 'e.return_id')
      .select(['e.id', 'e.recipient', 'e.status', 'r.number'])
      .where('e.id', 'in', [a, b])
      .execute();
    for (const [id, order] of [
      [a, '7304'],
      [b, '7305'],
    ] as const) {
      const mail = mails.find((m) => m.messageId === `<${id}@localhost>`);
      const row = numbers.find((n) => n.id === id);
      expect(mail?.to).toBe(`${order}@example.nl`);
      expect(row?.recipient).toBe(`${order}@example.nl`);
      expect(row?.status).toBe('sent');
      expect(mail?.text).toContain(row?.number);
    }
    expect(mails).toHaveLength(2);
  });

  it('makes way for an earlier e-mail this process is still sending once its wait is over', async () => {
    const [earlier, later] = (await returnWithEmails('7303', 1)) as [string, string];
    const transport = new HoldingTransport();
    const ctx = { ...t.ctx, mail: { ...t.ctx.mail, transport } };
    const earlierMessage = `<${earlier}@localhost>`;
    transport.hold.add(earlierMessage);
    let deferrals = 0;
    const defer = async () => {
      deferrals++;
    };
    const earlierSent = sendEmail(ctx, earlier, { defer });
    await until(() => transport.arrived.includes(earlierMessage), { what: 'the earlier e-mail to reach the transport' });
    // The earlier send does not end: the later one stops waiting, rather than run past its job's
    // expiry, and is queued again.
    expect(await sendEmail(ctx, later, { defer, waitForEarlierMs: 20 })).toBe('deferred');
    expect(deferrals).toBe(1);
    expect(transport.arrived).toEqual([earlierMessage]);
    transport.release(earlierMessage);
    expect(await earlierSent).toBe('sent');
  });
});
