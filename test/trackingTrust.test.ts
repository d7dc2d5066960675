import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStoredWebhooks } from '../src/app/logistics/tracking/applyStoredWebhooks.js';
import { createCarrierAdapter } from '../src/integrations/carriers/index.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakeEasyship } from './support/carriers/fakeEasyship.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { approvedReturn, connectCarrierAccount, postCarrierWebhook, teeReturnRequest } from './support/trackingHarness.js';

const HOUR = 3_600_000;

/** What a webhook may move: only its own connection's parcels, only where its signature vouches for
 * the states (else the carrier is asked), and only returns bound for the warehouse onto its list. */
describe.each(DB_KINDS)('tracking that trusts only what vouches for it (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let warehouse: StaffClient;
  const sendcloud = new FakeSendcloud();
  const easyship = new FakeEasyship();
  const connections = { sendcloud: '', other: '', easyship: '' };
  let nextOrder = 9500;
  let nextTracking = 1;

  const approved = () => approvedReturn(t, String(nextOrder++), 'store_credit');

  async function sendcloudParcel(connectionId = connections.sendcloud) {
    const returnId = await approved();
    const trackingNumber = `3STRUST${String(nextTracking++).padStart(7, '0')}`;
    await bookedParcels(t.ctx, { returnId, connectionId, carrier: 'sendcloud', trackingNumbers: [trackingNumber] });
    return { returnId, trackingNumber };
  }

  const post = (connectionId: string, delivery: { body: string; headers: Record<string, string> }) =>
    postCarrierWebhook(t, connectionId, delivery);
  const returnOf = (id: string) =>
    t.ctx.db.selectFrom('returns').select(['status', 'carrier_delivered_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const parcelOf = (trackingNumber: string) =>
    t.ctx.db.selectFrom('shipment_parcels').selectAll().where('tracking_number', '=', trackingNumber).executeTakeFirstOrThrow();
  const at = (hoursAgo: number) => new Date(t.clock.now.getTime() - hoursAgo * HOUR);
  const connect = (payload: Record<string, unknown>) => connectCarrierAccount(t, admin, payload);

  beforeAll(async () => {
    await Promise.all([sendcloud.start(), easyship.start()]);
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'tracking-trust-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'warehouse']);
    admin = await t.login('admin');
    warehouse = await t.login('warehouse');
    const standard = (await t.request({ method: 'GET', url: '/api/v1/policy-versions/pol_standard', staff: admin })).json();
    await publishPolicy(t, admin, 'Store credit on the first scan', {
      ...standard.document,
      defaults: { ...standard.document.defaults, autoApprove: true, refundTiming: 'first_scan', resolutions: ['store_credit'] },
    });
    const credentials = sendcloud.credentials();
    connections.sendcloud = await connect({ carrier: 'sendcloud', name: 'Sendcloud', ...credentials });
    // A second account of the same carrier (another brand's): its webhooks are signed alike.
    connections.other = await connect({ carrier: 'sendcloud', name: 'Sendcloud (outlet)', ...credentials });
    connections.easyship = await connect({ carrier: 'easyship', name: 'Easyship', ...easyship.credentials() });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([sendcloud.stop(), easyship.stop()]);
  });

  it("never moves another connection's parcel, even of the same carrier", async () => {
    const { returnId, trackingNumber } = await sendcloudParcel();
    expect((await post(connections.other, sendcloud.statusWebhook(trackingNumber, 'delivered', at(1)))).statusCode).toBe(200);
    expect(await applyStoredWebhooks(t.ctx, connections.other)).toMatchObject({ deliveries: 1, applied: 0, ignored: 1 });
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('label_created');
    expect(await returnOf(returnId)).toMatchObject({ status: 'approved', carrier_delivered_at: null });
    // The same news through the parcel's own connection moves it.
    expect((await post(connections.sendcloud, sendcloud.statusWebhook(trackingNumber, 'delivered', at(1)))).statusCode).toBe(200);
    expect(await applyStoredWebhooks(t.ctx, connections.sendcloud)).toMatchObject({ applied: 1, delivered: 1 });
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('delivered');
  });

  it("keeps a return delivered at a vendor off the station's expected list and inbound forecast", async () => {
    const inboundTotal = async () => {
      const res = await t.request({ method: 'GET', url: '/api/v1/inbound?days=30', staff: warehouse });
      expect(res.statusCode, res.body).toBe(200);
      return (res.json().days as { total: number }[]).reduce((s, d) => s + d.total, 0);
    };
    const before = await inboundTotal();
    const toVendor = await sendcloudParcel();
    const toWarehouse = await sendcloudParcel();
    const routing = {
      rule: { id: 'rr_vendor', name: 'Defects to the maker' },
      skipped: [],
      destination: { kind: 'vendor', name: 'Maker BV', warehouseId: null, country: 'NL' },
      serviceChoice: 'configured',
      candidates: [],
      fallback: false,
      decidedAt: at(2).toISOString(),
    };
    await t.ctx.db
      .updateTable('returns')
      .set({ routing: JSON.stringify(routing) })
      .where('id', '=', toVendor.returnId)
      .execute();
    // Only the warehouse-bound parcel is coming to the warehouse.
    expect(await inboundTotal()).toBe(before + 1);
    for (const p of [toVendor, toWarehouse])
      expect((await post(connections.sendcloud, sendcloud.statusWebhook(p.trackingNumber, 'delivered', at(1)))).statusCode).toBe(
        200,
      );
    expect(await applyStoredWebhooks(t.ctx, connections.sendcloud)).toMatchObject({ delivered: 2 });
    expect((await parcelOf(toVendor.trackingNumber)).tracking_state).toBe('delivered');
    expect((await returnOf(toVendor.returnId)).carrier_delivered_at).toBeNull();
    expect((await returnOf(toWarehouse.returnId)).carrier_delivered_at).not.toBeNull();
    const expected = await t.request({ method: 'GET', url: '/api/v1/inbound/expected', staff: warehouse });
    const ids = (expected.json().items as { returnId: string }[]).map((i) => i.returnId);
    expect(ids).toContain(toWarehouse.returnId);
    expect(ids).not.toContain(toVendor.returnId);
  });

  it('applies what Easyship says when asked, not the states a delivery carries', async () => {
    const returnId = await approved();
    const booked = await createCarrierAdapter('easyship', easyship.credentials()).createReturn(teeReturnRequest(returnId));
    const trackingNumber = booked.parcels[0]?.trackingNumber as string;
    await bookedParcels(t.ctx, {
      returnId,
      connectionId: connections.easyship,
      carrier: 'easyship',
      trackingNumbers: [trackingNumber],
    });
    easyship.move(trackingNumber, 'In Transit to Customer', at(2));
    // Someone replays a token Easyship signed (it does not cover the body) with a body of their own.
    const forged = easyship.trackWebhook(trackingNumber, 'Delivered');
    expect((await post(connections.easyship, forged)).statusCode).toBe(200);

    // Easyship cannot be reached: the delivery waits for the tracking round's next try.
    easyship.failures.push({ status: 503, path: /\/trackings/ });
    expect(await applyStoredWebhooks(t.ctx, connections.easyship)).toMatchObject({ deliveries: 0, applied: 0 });
    expect((await parcelOf(trackingNumber)).tracking_state).toBe('label_created');

    const asked = easyship.requests('GET', /\/trackings/).length;
    expect(await applyStoredWebhooks(t.ctx, connections.easyship)).toMatchObject({ deliveries: 1, delivered: 0, inTransit: 1 });
    expect(easyship.requests('GET', /\/trackings/).length).toBe(asked + 1);
    await t.followUps();
    const parcel = await parcelOf(trackingNumber);
    expect(parcel.tracking_state).toBe('in_transit');
    expect(parcel.delivered_at).toBeNull();
    expect(await returnOf(returnId)).toMatchObject({ status: 'in_transit', carrier_delivered_at: null });
    const history = await t.ctx.db
      .selectFrom('tracking_events')
      .select(['state', 'source'])
      .where('parcel_id', '=', parcel.id)
      .execute();
    expect(history.map((h) => h.state)).not.toContain('delivered');
    expect(new Set(history.map((h) => h.source))).toEqual(new Set(['poll']));
    const open = await t.ctx.db
      .selectFrom('carrier_webhooks')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('connection_id', '=', connections.easyship)
      .where('applied_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(open.n).toBe(0);
  });
});
