import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStoredWebhooks } from '../src/app/logistics/tracking/applyStoredWebhooks.js';
import { pollTracking } from '../src/app/logistics/tracking/pollTracking.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const KEY = 'tracking-test-key';
const HOUR = 3_600_000;

/** Carriers' tracking moves the return: signed webhooks, stored once, applied by a job; polling;
 * what the warehouse expects. */
describe.each(DB_KINDS)('tracking that moves the return (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let warehouse: StaffClient;
  const sendcloud = new FakeSendcloud();
  let connectionId = '';
  let nextOrder = 9100;
  let nextTracking = 1;

  /** An approved return of one tee for store credit, due on the parcel's first scan, with its parcel booked. */
  async function returnWithParcel(boxes = 1, bookedAt?: Date) {
    const number = String(nextOrder++);
    const [order] = await seedOrders(t.ctx, [orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'store_credit' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().status).toBe('approved');
    const returnId = created.json().returnId as string;
    const trackingNumbers = Array.from({ length: boxes }, () => `3STEST${String(nextTracking++).padStart(7, '0')}`);
    await bookedParcels(t.ctx, { returnId, connectionId, carrier: 'sendcloud', trackingNumbers, bookedAt });
    return { returnId, trackingNumbers, trackingNumber: trackingNumbers[0] as string };
  }

  async function post(delivery: { body: string; headers: Record<string, string> }, connection = connectionId) {
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/carriers/${connection}/webhooks`,
      headers: delivery.headers,
      payload: delivery.body,
    });
  }

  /** What the job does with the stored deliveries, then what follows from its events. */
  async function applyAll() {
    const report = await applyStoredWebhooks(t.ctx, connectionId);
    await t.followUps();
    return report;
  }

  const statusOf = async (returnId: string) =>
    await t.ctx.db
      .selectFrom('returns')
      .select(['status', 'carrier_delivered_at'])
      .where('id', '=', returnId)
      .executeTakeFirstOrThrow();
  const parcelOf = (trackingNumber: string) =>
    t.ctx.db.selectFrom('shipment_parcels').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow();
  const count = async (table: 'carrier_webhooks' | 'tracking_events' | 'events' | 'settlements', returnId?: string) => {
    let q = t.ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n'));
    if (returnId) q = q.where('return_id', '=', returnId);
    return (await q.executeTakeFirstOrThrow()).n;
  };
  const at = (hoursAgo: number) => new Date(t.clock.now.getTime() - hoursAgo * HOUR);

  beforeAll(async () => {
    await sendcloud.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: KEY });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'warehouse']);
    admin = await t.login('admin');
    warehouse = await t.login('warehouse');
    const standard = (await t.request({ method: 'GET', url: '/api/v1/policy-versions/pol_standard', staff: admin })).json();
    await publishPolicy(t, admin, 'Store credit on the first scan', {
      ...standard.document,
      defaults: {
        ...standard.document.defaults,
        autoApprove: true,
        refundTiming: 'first_scan',
        resolutions: ['refund', 'store_credit'],
      },
    });
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

  it('a signed first scan puts the return in transit and pays the credit due on it, exactly once', async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    const res = await post(sendcloud.statusWebhook(trackingNumber, 'to-sorting', at(3)));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({ received: true, duplicate: false, updates: 1 });
    // Answered before it is applied: the job does that.
    expect((await statusOf(returnId)).status).toBe('approved');
    const report = await applyAll();
    expect(report).toMatchObject({ deliveries: 1, applied: 1, inTransit: 1, ignored: 0 });
    expect((await statusOf(returnId)).status).toBe('in_transit');
    expect(await count('settlements', returnId)).toBe(1);
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('handed_in');

    // Further scans move the parcel, not the money.
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'sorted', at(2)))).statusCode).toBe(200);
    expect(await applyAll()).toMatchObject({ applied: 1, inTransit: 0 });
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('in_transit');
    expect(await count('settlements', returnId)).toBe(1);
    const shipment = await t.ctx.db
      .selectFrom('shipments')
      .select('tracking_state')
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(shipment.tracking_state).toBe('in_transit');
    const events = await t.ctx.db.selectFrom('events').select('type').where('return_id', '=', returnId).execute();
    expect(events.filter((e) => e.type === 'return.in_transit')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'parcel.tracking_updated')).toHaveLength(2);
  });

  it('applies a delivery the carrier sends again only once', async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    const delivery = sendcloud.statusWebhook(trackingNumber, 'to-sorting', at(5));
    const webhooksBefore = await count('carrier_webhooks');
    expect((await post(delivery)).json().duplicate).toBe(false);
    const again = await post(delivery);
    expect(again.statusCode).toBe(200);
    expect(again.json().duplicate).toBe(true);
    expect(await count('carrier_webhooks')).toBe(webhooksBefore + 1);
    await applyAll();
    expect(await count('tracking_events', returnId)).toBe(1);
    // The same update polled later is already in the history.
    expect(await applyAll()).toMatchObject({ deliveries: 0 });
    expect(await count('settlements', returnId)).toBe(1);
  });

  it('keeps a delivered parcel delivered when an older scan arrives late', async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'delivered', at(1)))).statusCode).toBe(200);
    await applyAll();
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'shipment-on-route', at(6)))).statusCode).toBe(200);
    expect(await applyAll()).toMatchObject({ applied: 1 });
    const parcel = await parcelOf(trackingNumber);
    expect(parcel.tracking_state).toBe('delivered');
    expect(parcel.delivered_at?.getTime()).toBe(Math.floor(at(1).getTime() / 1000) * 1000);
    const ret = await statusOf(returnId);
    // A delivery is a scan too: the return went in transit, and is expected at the station.
    expect(ret.status).toBe('in_transit');
    expect(ret.carrier_delivered_at).not.toBeNull();
    expect(await count('tracking_events', returnId)).toBe(2);
  });

  it('refuses a bad signature (401) and a malformed delivery (400), writing nothing', async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    const before = { webhooks: await count('carrier_webhooks'), events: await count('events') };
    const real = sendcloud.statusWebhook(trackingNumber, 'to-sorting', at(2));
    const forged = await post({ body: real.body, headers: sendcloud.signedHeaders(real.body, 'not-the-secret') });
    expect(forged.statusCode).toBe(401);
    expect(forged.headers['content-type']).toContain('application/problem+json');
    expect(forged.json().code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const unsigned = await post({ body: real.body, headers: { 'content-type': 'application/json' } });
    expect(unsigned.json().code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const noParcel = JSON.stringify({ action: 'parcel_status_changed', timestamp: 1781517600 });
    const malformed = await post({ body: noParcel, headers: sendcloud.signedHeaders(noParcel) });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('WEBHOOK_MALFORMED');
    const notJson = await post({ body: '{"action": ', headers: sendcloud.signedHeaders('{"action": ') });
    expect(notJson.statusCode).toBe(400);
    // Signed, but with text the database cannot store (the route does not look through the body;
    // the command does, before writing).
    for (const bad of ['Sorted\u0000', 'Sorted \ud800']) {
      const payload = JSON.parse(real.body) as { parcel: { status: { message: string } } };
      payload.parcel.status.message = bad;
      const body = JSON.stringify(payload);
      const unstorable = await post({ body, headers: sendcloud.signedHeaders(body) });
      expect(unstorable.statusCode).toBe(400);
      expect(unstorable.headers['content-type']).toContain('application/problem+json');
      expect(unstorable.json().code).toBe('WEBHOOK_MALFORMED');
    }
    expect(await count('carrier_webhooks')).toBe(before.webhooks);
    expect(await count('events')).toBe(before.events);
    expect((await statusOf(returnId)).status).toBe('approved');
  });

  it('answers 404 for unknown connections and for carriers that send no webhooks', async () => {
    const { trackingNumber } = await returnWithParcel();
    const delivery = sendcloud.statusWebhook(trackingNumber, 'to-sorting', at(1));
    const unknown = await post(delivery, 'cc_unknown');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CARRIER_CONNECTION_NOT_FOUND');
    const postnl = await t.request({
      method: 'POST',
      url: '/api/v1/carriers',
      staff: admin,
      payload: { carrier: 'postnl', name: 'PostNL', apiKey: 'postnl-key', customerCode: 'DEVC', customerNumber: '11223344' },
    });
    expect(postnl.statusCode, postnl.body).toBe(201);
    const polled = await post(delivery, postnl.json().id);
    expect(polled.statusCode).toBe(404);
    expect(polled.json().code).toBe('CARRIER_HAS_NO_WEBHOOKS');
    // Not asked about anything later on: it points at the real PostNL.
    const removed = await t.request({ method: 'DELETE', url: `/api/v1/carriers/${postnl.json().id}`, staff: admin, payload: {} });
    expect(removed.statusCode, removed.body).toBe(200);
  });

  it("puts a delivered parcel on the station's expected list and in the inbound forecast", async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    const waiting = await returnWithParcel();
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'delivered', at(1)))).statusCode).toBe(200);
    await applyAll();
    const expected = await t.request({ method: 'GET', url: '/api/v1/inbound/expected', staff: warehouse });
    expect(expected.statusCode, expected.body).toBe(200);
    const item = expected.json().items.find((i: { returnId: string }) => i.returnId === returnId);
    expect(item).toMatchObject({
      returnId,
      status: 'in_transit',
      trackingNumbers: [trackingNumber],
      customerName: 'Sanne de Vries',
    });
    expect(expected.json().items.some((i: { returnId: string }) => i.returnId === waiting.returnId)).toBe(false);

    const inbound = await t.request({ method: 'GET', url: '/api/v1/inbound?days=30', staff: warehouse });
    expect(inbound.statusCode, inbound.body).toBe(200);
    const days = inbound.json().days as { date: string; total: number; warehouses: { atDock: number; labelCreated: number }[] }[];
    expect(days).toHaveLength(30);
    expect(days[0]?.date).toBe(inbound.json().from);
    const sum = (key: 'atDock' | 'labelCreated') => days.flatMap((d) => d.warehouses).reduce((s, w) => s + w[key], 0);
    expect(sum('atDock')).toBeGreaterThanOrEqual(1);
    expect(sum('labelCreated')).toBeGreaterThanOrEqual(1);
    expect(days[0]?.warehouses.reduce((s, w) => s + w.atDock, 0)).toBe(sum('atDock'));
  });

  it('lets staff who read returns see the inbound forecast and the expected list, and nobody else', async () => {
    const [token] = [await t.shopperToken(String(nextOrder - 1), `${nextOrder - 1}@example.nl`)];
    for (const url of ['/api/v1/inbound', '/api/v1/inbound/expected']) {
      expect((await t.request({ method: 'GET', url, staff: warehouse })).statusCode).toBe(200);
      expect((await t.request({ method: 'GET', url, staff: admin })).statusCode).toBe(200);
      const anonymous = await t.request({ method: 'GET', url });
      expect([anonymous.statusCode, anonymous.json().code]).toEqual([401, 'AUTHENTICATION_REQUIRED']);
      const shopper = await t.request({ method: 'GET', url, bearer: token });
      expect([shopper.statusCode, shopper.json().code]).toEqual([403, 'FORBIDDEN']);
    }
    const bad = await t.request({ method: 'GET', url: '/api/v1/inbound?days=0', staff: warehouse });
    expect(bad.statusCode).toBe(400);
  });

  it('tells staff of a parcel in trouble', async () => {
    const { returnId, trackingNumber } = await returnWithParcel();
    expect((await post(sendcloud.statusWebhook(trackingNumber, 'exception', at(1)))).statusCode).toBe(200);
    await applyAll();
    const notes = await t.ctx.db.selectFrom('staff_notifications').selectAll().where('return_id', '=', returnId).execute();
    expect(notes.map((n) => n.kind)).toEqual(['parcel_trouble']);
    expect(notes[0]?.facts).toMatchObject({ trackingNumber, state: 'exception' });
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('exception');
  });

  it('keeps updates about tracking numbers it never booked as ignored', async () => {
    const eventsBefore = await count('events');
    const res = await post(sendcloud.statusWebhook('3SNOTOURS0000001', 'sorted', at(1)));
    expect(res.statusCode).toBe(200);
    expect(await applyStoredWebhooks(t.ctx, connectionId)).toMatchObject({ deliveries: 1, applied: 0, ignored: 1 });
    const open = await t.ctx.db.selectFrom('carrier_webhooks').select('id').where('applied_at', 'is', null).execute();
    expect(open).toEqual([]);
    expect(await count('events')).toBe(eventsBefore);
  });

  it('polls parcels the carrier has been quiet about and applies what it says', async () => {
    // Booked a day and a half ago, and not a word since: a parcel booked just now is left alone.
    const { returnId, trackingNumber } = await returnWithParcel(1, at(36));
    const fresh = await returnWithParcel();
    // The carrier knows the parcel and scanned it; its webhook never came.
    sendcloud.parcels.set(990_001, { id: 990_001, returnId: null, colloNr: 1, trackingNumber, carrier: 'postnl', history: [] });
    sendcloud.setStatus(trackingNumber, 'announced', at(30));
    sendcloud.setStatus(trackingNumber, 'to-sorting', at(28));
    sendcloud.setStatus(trackingNumber, 'sorted', at(26));
    sendcloud.parcels.set(990_002, {
      id: 990_002,
      returnId: null,
      colloNr: 1,
      trackingNumber: fresh.trackingNumber,
      carrier: 'postnl',
      history: [],
    });
    sendcloud.setStatus(fresh.trackingNumber, 'to-sorting', at(1));
    const report = await pollTracking(t.ctx);
    // Parcels of the other tests are unknown to the fake: asked about, they fail and wait for the next round.
    expect(report.applied).toBeGreaterThanOrEqual(2);
    await t.followUps();
    expect((await statusOf(returnId)).status).toBe('in_transit');
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('in_transit');
    const sources = await t.ctx.db.selectFrom('tracking_events').select('source').where('return_id', '=', returnId).execute();
    expect(new Set(sources.map((s) => s.source))).toEqual(new Set(['poll']));
    expect(await count('settlements', returnId)).toBe(1);
    expect(await count('tracking_events', fresh.returnId)).toBe(0);
    // Polled again: nothing new.
    const again = await pollTracking(t.ctx);
    expect(again.applied).toBe(0);
  });
});
