import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientHash } from '../src/app/risk/clientHash.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

describe.each(DB_KINDS)('portal sightings (%s)', (kind) => {
  let t: TestApp;
  let salt: string;
  let order: { id: string; lineBySku: Record<string, string> };

  const sightings = () => t.ctx.db.selectFrom('portal_sightings').selectAll().orderBy('id').execute();
  const lookup = (orderNumber: string, email: string, device: string | null, ip: string) =>
    t.request({
      method: 'POST',
      url: '/api/v1/shopper/lookup',
      remoteAddress: ip,
      headers: device ? { 'x-retour-device': device } : {},
      payload: { orderNumber, email },
    });

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    order = (await seedOrders(t.ctx, [orderFixture('S1', new Date(t.clock.now.getTime() - 3 * DAY))]))[0] as typeof order;
    salt = (await t.ctx.db.selectFrom('risk_settings').select('salt').executeTakeFirstOrThrow()).salt;
  });
  afterAll(() => t?.close());

  it('keeps a lookup with the device and IP hashed under the shop salt, never as sent', async () => {
    const res = await lookup('S1', 's1@example.nl', 'device-one', '203.0.113.7');
    expect(res.statusCode, res.body).toBe(200);
    const rows = await sightings();
    expect(rows).toHaveLength(1);
    const customer = await t.ctx.db
      .selectFrom('orders')
      .select('customer_id')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(rows[0]).toMatchObject({
      kind: 'lookup',
      order_id: order.id,
      customer_id: customer.customer_id,
      device: clientHash(salt, 'device-one'),
      ip: clientHash(salt, '203.0.113.7'),
    });
    expect(rows[0]?.device).toMatch(/^[0-9a-f]{32}$/);
    expect(JSON.stringify(rows)).not.toContain('device-one');
    expect(JSON.stringify(rows)).not.toContain('203.0.113.7');
  });

  it('keeps a failed lookup without customer or order, and the shopper still gets the 404', async () => {
    const before = (await sightings()).length;
    const res = await lookup('S1', 'someone-else@example.nl', 'device-two', '198.51.100.9');
    expect(res.statusCode).toBe(404);
    const rows = (await sightings()).slice(before);
    expect(rows).toEqual([
      expect.objectContaining({
        kind: 'lookup_failed',
        customer_id: null,
        order_id: null,
        device: clientHash(salt, 'device-two'),
        ip: clientHash(salt, '198.51.100.9'),
      }),
    ]);
  });

  it('keeps a return request with the device it came from', async () => {
    const token = (await lookup('S1', 's1@example.nl', 'device-three', '192.0.2.1')).json().token;
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      remoteAddress: '192.0.2.1',
      headers: { 'x-retour-device': 'device-three' },
      payload: {
        method: 'qr',
        lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const requests = (await sightings()).filter((s) => s.kind === 'request');
    expect(requests).toEqual([
      expect.objectContaining({
        order_id: order.id,
        device: clientHash(salt, 'device-three'),
        ip: clientHash(salt, '192.0.2.1'),
      }),
    ]);
  });

  it('answers a lookup even when the sighting cannot be kept', async () => {
    await t.ctx.db.schema.alterTable('portal_sightings').renameTo('portal_sightings_away').execute();
    try {
      const res = await lookup('S1', 's1@example.nl', 'device-four', '192.0.2.2');
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      await t.ctx.db.schema.alterTable('portal_sightings_away').renameTo('portal_sightings').execute();
    }
  });
});
