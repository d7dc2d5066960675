import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingRound } from '../src/app/logistics/tracking/trackingRound.js';
import { startWorkers, type Workers } from '../src/jobs/worker.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

/** A stored delivery is applied by the `logistics.tracking` job the server queues, or, when no job
 * did, by the tracking round. */
describe.each(DB_KINDS)('tracking jobs (%s)', (kind) => {
  let t: TestApp;
  const sendcloud = new FakeSendcloud();
  let connectionId = '';
  let nextOrder = 9500;
  let serial = 1;

  async function approvedWithParcel() {
    const number = String(nextOrder++);
    const [order] = await seedOrders(t.ctx, [orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: { lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().status).toBe('approved');
    const returnId = created.json().returnId as string;
    const trackingNumber = `3SJOBS${String(serial++).padStart(9, '0')}`;
    await bookedParcels(t.ctx, { returnId, connectionId, carrier: 'sendcloud', trackingNumbers: [trackingNumber] });
    return { returnId, trackingNumber };
  }

  const post = (d: { body: string; headers: Record<string, string> }) =>
    t.app.inject({ method: 'POST', url: `/api/v1/carriers/${connectionId}/webhooks`, headers: d.headers, payload: d.body });
  const parcelState = async (trackingNumber: string) =>
    (
      await t.ctx.db
        .selectFrom('shipment_parcels')
        .select('tracking_state')
        .where('tracking_number', '=', trackingNumber)
        .executeTakeFirstOrThrow()
    ).tracking_state;

  beforeAll(async () => {
    await sendcloud.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'tracking-jobs-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    const admin = await t.login('admin');
    const { apiKey, apiSecret, baseUrl } = sendcloud.credentials();
    const connected = await t.request({
      method: 'POST',
      url: '/api/v1/carriers',
      staff: admin,
      payload: { carrier: 'sendcloud', name: 'Sendcloud', apiKey, apiSecret, baseUrl },
    });
    expect(connected.statusCode, connected.body).toBe(201);
    connectionId = connected.json().id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sendcloud.stop();
  });

  it('the tracking round applies deliveries no job applied', async () => {
    const { trackingNumber } = await approvedWithParcel();
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'sorted', t.clock.now))).statusCode).toBe(200);
    // Not yet stale: the round leaves it to its job.
    expect((await trackingRound(t.ctx)).webhooks).toBe(0);
    expect(await parcelState(trackingNumber)).toBe('label_created');
    t.clock.advance(10 * 60_000);
    expect((await trackingRound(t.ctx)).webhooks).toBe(1);
    expect(await parcelState(trackingNumber)).toBe('in_transit');
  });

  it('the job the server queues applies a delivery while it answers at once', async () => {
    const { returnId, trackingNumber } = await approvedWithParcel();
    let workers: Workers | null = null;
    try {
      workers = await startWorkers(t.ctx, t.handle, { pollMs: 3_600_000 });
      expect((await post(sendcloud.statusWebhook(trackingNumber, 'to-sorting', t.clock.now))).statusCode).toBe(200);
      await until(async () => (await parcelState(trackingNumber)) === 'handed_in', { what: 'the tracking job' });
      const ret = await t.ctx.db.selectFrom('returns').select('status').where('id', '=', returnId).executeTakeFirstOrThrow();
      expect(ret.status).toBe('in_transit');
    } finally {
      await workers?.stop();
    }
  });
});
