import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import type { Mailer } from '../src/app/messaging/emails/mailer.js';
import { notifyStaff } from '../src/app/messaging/notifications/notifyStaff.js';
import { notifyOverdueRefunds } from '../src/app/messaging/notifications/refundOverdueRound.js';
import { createWebhookEndpoint } from '../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { DEFAULT_SMTP_CONNECTIONS } from '../src/config/env.js';
import { smtpTransport } from '../src/integrations/mail/smtpTransport.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until, untilSettled } from './support/until.js';

describe.each(DB_KINDS)('staff notifications (%s)', (kind) => {
  let t: TestApp;
  let workers: Workers;
  const staff: Record<string, StaffClient> = {};
  const received: ParsedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    logger: false,
    disabledCommands: ['STARTTLS'],
    onData: (stream, _s, cb) => {
      simpleParser(stream).then(
        (m) => {
          received.push(m);
          cb();
        },
        (err: Error) => cb(err),
      );
    },
  });
  const to = (address: string) => received.filter((m) => !Array.isArray(m.to) && m.to?.text === address);
  const list = async (who: string) =>
    (await t.request({ method: 'GET', url: '/api/v1/notifications', staff: staff[who] })).json() as {
      unread: number;
      byEmail: boolean;
      items: { kind: string; path: string; facts: Record<string, unknown>; unread: boolean }[];
    };

  beforeAll(async () => {
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'notify-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    await seedOrders(t.ctx, [orderFixture('7201', delivered), orderFixture('7202', delivered)]);
    for (const role of ['admin', 'agent', 'warehouse']) staff[role] = await t.login(role);
    const mail: Mailer = {
      transport: smtpTransport(`smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`, {
        connections: DEFAULT_SMTP_CONNECTIONS,
      }),
      from: 'retour@shop.test',
      portalUrl: 'https://retour.shop.test',
      statusToken: null,
    };
    workers = await startWorkers({ ...t.ctx, mail }, t.handle, {
      pollMs: 50,
      webhookRetries: { retryLimit: 0, retryDelaySeconds: 1 },
    });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await new Promise<void>((r) => smtp.close(() => r()));
  });

  /** Has `who` asked for notifications by e-mail and seen all there is so far, so that what this
   * test makes is all that is new. */
  const freshStart = async (who: string) => {
    const res = await t.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      staff: staff[who],
      payload: { byEmail: true },
    });
    expect(res.statusCode).toBe(200);
    const seen = await t.request({ method: 'POST', url: '/api/v1/notifications/seen', staff: staff[who], payload: {} });
    expect(seen.statusCode).toBe(200);
    t.clock.advance(60_000);
  };

  it('tells the roles that can act of a return to review, in the back office and by e-mail for those who asked', async () => {
    for (const who of ['agent', 'warehouse']) await freshStart(who);
    const token = await t.shopperToken('7201', '7201@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const buds = order.lines.find((l: { sku: string }) => l.sku === 'BUDS');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: buds.id, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.json().status).toBe('under_review');
    const { returnId, number } = created.json();

    const about = (m: ParsedMail) => (m.subject ?? '').includes(number);
    await until(() => to('agent@shop.test').filter(about).length === 1);
    const mail = to('agent@shop.test').filter(about)[0];
    expect(mail?.subject).toMatch(new RegExp(`Retour ${number} wacht op beoordeling|Return ${number} waits for a review`));
    expect(mail?.text).toContain(`https://retour.shop.test/admin/returns/${returnId}`);

    const agent = await list('agent');
    expect(agent.byEmail).toBe(true);
    expect(agent.unread).toBe(1);
    expect(agent.items[0]).toMatchObject({
      kind: 'review_needed',
      path: `/returns/${returnId}`,
      facts: { number },
      unread: true,
    });
    const seen = await t.request({ method: 'POST', url: '/api/v1/notifications/seen', staff: staff.agent, payload: {} });
    expect(seen.statusCode).toBe(200);
    expect((await list('agent')).unread).toBe(0);
    // The warehouse cannot review: it is neither shown nor mailed the notification. Once the
    // workers have nothing left to do, no e-mail about it is still on its way to anyone else.
    expect((await list('warehouse')).items.filter((n) => n.path === `/returns/${returnId}`)).toEqual([]);
    await untilSettled(t.ctx.db);
    const staffTold = received.filter(about).map((m) => (Array.isArray(m.to) ? '' : (m.to?.text ?? '')));
    expect(staffTold.filter((address) => address.endsWith('@shop.test'))).toEqual(['agent@shop.test']);
  }, 60_000);

  it('tells admins of a webhook that gave up and the endpoint switched off', async () => {
    await createWebhookEndpoint(
      t.ctx,
      { actor: cliActor },
      // Nothing listens on port 9 of loopback: every try fails at once.
      { url: 'http://127.0.0.1:9/hooks', eventTypes: ['return.*'] },
    );
    const token = await t.shopperToken('7201', '7201@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: tee.id, quantity: 1, reasonCode: 'too_small' }] },
    });
    await until(async () => (await list('admin')).items.some((n) => n.kind === 'endpoint_disabled'));
    const admin = await list('admin');
    const dead = admin.items.find((n) => n.kind === 'webhook_dead');
    expect(dead).toMatchObject({ path: '/settings/webhooks', facts: { url: 'http://127.0.0.1:9/hooks' } });
    expect(admin.items.find((n) => n.kind === 'endpoint_disabled')?.facts.url).toBe('http://127.0.0.1:9/hooks');
    expect((await list('agent')).items.map((n) => n.kind)).not.toContain('webhook_dead');
  }, 60_000);

  it('tells staff once of each refund past its legal date', async () => {
    await freshStart('agent');
    const token = await t.shopperToken('7202', '7202@example.nl');
    const order = (await t.request({ method: 'GET', url: '/api/v1/shopper/order', bearer: token })).json();
    const tee = order.lines.find((l: { sku: string }) => l.sku === 'TEE-M');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { method: 'qr', lines: [{ orderLineId: tee.id, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.json().status).toBe('approved');
    const ret = { id: created.json().returnId as string, number: created.json().number as string };
    await t.ctx.db
      .updateTable('returns')
      .set({ created_at: new Date(t.clock.now.getTime() - 20 * DAY) })
      .where('id', '=', ret.id)
      .execute();
    expect(await notifyOverdueRefunds(t.ctx)).toEqual({ notified: 1 });
    expect(await notifyOverdueRefunds(t.ctx)).toEqual({ notified: 0 });
    const agent = await list('agent');
    expect(agent.items[0]).toMatchObject({ kind: 'refund_overdue', facts: { number: ret.number }, unread: true });
    expect(agent.unread).toBe(1);
    await until(() =>
      to('agent@shop.test').some((m) => /overdue|te laat/.test(m.subject ?? '') && m.subject?.includes(ret.number)),
    );
  }, 60_000);

  it('keeps the seen mark and the e-mail setting for people, not API keys', async () => {
    const key = await t.request({
      method: 'POST',
      url: '/api/v1/api-keys',
      staff: staff.admin,
      payload: { name: 'shop', role: 'agent' },
    });
    const bearer = key.json().key as string;
    // Something for the key's role to read.
    await t.ctx.db.transaction().execute((tx) =>
      notifyStaff(
        t.ctx,
        tx,
        [
          {
            kind: 'review_needed',
            dedupeKey: 'api-key-reads',
            subjectType: 'return',
            subjectId: 'ret_none',
            facts: { number: 'R-0' },
          },
        ],
        t.clock.now,
      ),
    );
    const listed = await t.request({ method: 'GET', url: '/api/v1/notifications', bearer });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.length).toBeGreaterThan(0);
    const seen = await t.request({ method: 'POST', url: '/api/v1/notifications/seen', bearer, payload: {} });
    expect(seen.statusCode).toBe(409);
    expect(seen.json().code).toBe('STAFF_ONLY');
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/notifications/settings',
      staff: staff.agent,
      payload: { byEmail: 'yes' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ path: 'byEmail' }] });
  });
});
