import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhook } from '../src/domain/webhookSignature.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until, untilSettled } from './support/until.js';

interface Received {
  delivery: string;
  event: string;
  signature: string;
  body: string;
}

/** A webhook receiver on loopback: records every request, and answers 500 while told to fail. */
class Receiver {
  received: Received[] = [];
  failing = false;
  private server: Server | null = null;
  url = '';
  async start() {
    const server = createServer(async (req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      this.received.push({
        delivery: String(req.headers['retour-delivery']),
        event: String(req.headers['retour-event']),
        signature: String(req.headers['retour-signature']),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(this.failing ? 500 : 204).end();
    });
    this.server = server;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  }
  stop() {
    this.server?.closeAllConnections();
    return new Promise<void>((r) => this.server?.close(() => r()));
  }
}

describe.each(DB_KINDS)('webhooks (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let workers: Workers;
  const receiver = new Receiver();
  let orderId = '';
  let lineId = '';

  beforeAll(async () => {
    await receiver.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'webhook-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    const [order] = await seedOrders(t.ctx, [orderFixture('9001', new Date(t.clock.now.getTime() - 3 * DAY))]);
    orderId = order?.id ?? '';
    lineId = order?.lineBySku['TEE-M'] ?? '';
    admin = await t.login('admin');
    // Fast retries for the test: two after the first try, a second apart.
    workers = await startWorkers(t.ctx, t.handle, { pollMs: 50, webhookRetries: { retryLimit: 2, retryDelaySeconds: 1 } });
  }, 60_000);
  afterAll(async () => {
    await workers?.stop();
    await t?.close();
    await receiver.stop();
  });

  it('delivers each subscribed event once, signed over timestamp and body', async () => {
    receiver.failing = false;
    receiver.received = [];
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: receiver.url, description: 'ERP', eventTypes: ['return.*'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const endpoint = created.json();
    expect(endpoint.secret).toMatch(/^whsec_/);
    const listed = await t.request({ method: 'GET', url: '/api/v1/webhook-endpoints', staff: admin });
    expect(listed.body).not.toContain(endpoint.secret);
    expect(listed.json().items.find((e: { id: string }) => e.id === endpoint.id)).toMatchObject({
      url: receiver.url,
      eventTypes: ['return.*'],
      enabled: true,
    });

    const agent = await t.login('agent');
    const ret = await t.request({
      method: 'POST',
      url: '/api/v1/returns',
      staff: agent,
      payload: { orderId, method: 'qr', lines: [{ orderLineId: lineId, quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(ret.statusCode, ret.body).toBe(201);
    await workers.relayNow();
    await until(() => receiver.received.some((r) => r.event === 'return.requested'));
    await until(() => receiver.received.some((r) => r.event === 'return.approved'));
    const requested = receiver.received.find((r) => r.event === 'return.requested') as Received;
    const payload = JSON.parse(requested.body);
    expect(payload).toMatchObject({ type: 'return.requested', returnId: ret.json().returnId });
    const now = Math.floor(t.clock.now.getTime() / 1000);
    expect(verifyWebhook(endpoint.secret, requested.signature, requested.body, now)).toEqual({ ok: true });
    expect(verifyWebhook(endpoint.secret, requested.signature, `${requested.body} `, now)).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhook(endpoint.secret, requested.signature, requested.body, now + 3600)).toEqual({
      ok: false,
      reason: 'stale',
    });
    // Not subscribed: the staff login event and the endpoint's own creation.
    expect(receiver.received.map((r) => r.event).every((e) => e.startsWith('return.'))).toBe(true);
    // Relaying again (or another worker) sends nothing twice: once the workers are done, every
    // delivery arrived once.
    await workers.relayNow();
    await untilSettled(t.ctx.db);
    const ids = receiver.received.map((r) => r.delivery);
    expect(new Set(ids).size).toBe(ids.length);
    const log = await t.request({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, staff: admin });
    expect(
      log
        .json()
        .items.every(
          (d: { status: string; log: { statusCode: number }[] }) => d.status === 'delivered' && d.log[0]?.statusCode === 204,
        ),
    ).toBe(true);
  }, 60_000);

  it('retries a failing endpoint with backoff, dead-letters the delivery, switches the endpoint off, and replays it', async () => {
    receiver.failing = true;
    receiver.received = [];
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/webhook-endpoints',
      staff: admin,
      payload: { url: receiver.url, eventTypes: ['customer.segment_changed'] },
    });
    const endpoint = created.json();
    const customer = await t.ctx.db.selectFrom('customers').select('id').executeTakeFirstOrThrow();
    const changed = await t.request({
      method: 'POST',
      url: `/api/v1/customers/${customer.id}/segment`,
      staff: admin,
      payload: { segment: 'vip', reason: 'loyal' },
    });
    expect(changed.statusCode, changed.body).toBeLessThan(300);
    await workers.relayNow();
    // The first try and two retries, then the dead letter.
    await until(async () => {
      const dead = await t.request({ method: 'GET', url: '/api/v1/webhook-deliveries?status=dead', staff: admin });
      return dead.json().items.length === 1;
    }, 30_000);
    expect(receiver.received.filter((r) => r.event === 'customer.segment_changed')).toHaveLength(3);
    const [dead] = (await t.request({ method: 'GET', url: '/api/v1/webhook-deliveries?status=dead', staff: admin })).json().items;
    expect(dead).toMatchObject({ attempts: 3, lastStatusCode: 500, lastError: 'answered 500' });
    expect(dead.log.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500]);
    const endpoints = (await t.request({ method: 'GET', url: '/api/v1/webhook-endpoints', staff: admin })).json().items;
    expect(endpoints.find((e: { id: string }) => e.id === endpoint.id)).toMatchObject({ enabled: false });
    const alert = await t.ctx.db.selectFrom('events').select('type').where('type', '=', 'webhook.endpoint_disabled').execute();
    expect(alert).toHaveLength(1);

    // Fixed on the other side: switch it back on and replay the dead letter.
    receiver.failing = false;
    const refused = await t.request({
      method: 'POST',
      url: `/api/v1/webhook-deliveries/${dead.id}/replay`,
      staff: admin,
      payload: {},
    });
    expect(refused.json().code).toBe('ENDPOINT_DISABLED');
    await t.request({
      method: 'PATCH',
      url: `/api/v1/webhook-endpoints/${endpoint.id}`,
      staff: admin,
      payload: { enabled: true },
    });
    const replay = await t.request({
      method: 'POST',
      url: `/api/v1/webhook-deliveries/${dead.id}/replay`,
      staff: admin,
      payload: {},
    });
    expect(replay.statusCode, replay.body).toBe(200);
    await until(async () => {
      const log = await t.request({ method: 'GET', url: `/api/v1/webhook-endpoints/${endpoint.id}/deliveries`, staff: admin });
      return log.json().items[0]?.status === 'delivered';
    });
    expect(receiver.received.filter((r) => r.delivery === dead.id)).toHaveLength(4);
  }, 60_000);
});
