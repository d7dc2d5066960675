import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTracking } from '../src/app/logistics/tracking/pollTracking.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakePostNL, type FakePostNLShipment } from './support/carriers/fakePostNL.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const HOUR = 3_600_000;

/** PostNL sends no webhooks: the tracking round asks what changed since it last looked, and asks
 * about parcels it heard nothing of for a day one by one. */
describe.each(DB_KINDS)('tracking by polling PostNL (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  const postnl = new FakePostNL();
  let connectionId = '';
  let nextOrder = 9300;
  let serial = 1;

  const at = (hoursAgo: number) => new Date(t.clock.now.getTime() - hoursAgo * HOUR);

  /** An approved return whose PostNL parcel the fake knows, pre-alerted `hoursAgo`. */
  async function returnWithPostNLParcel(hoursAgo: number) {
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
    const barcode = `3SDEVC${String(serial++).padStart(9, '0')}`;
    const shipment: FakePostNLShipment = {
      barcode,
      mainBarcode: barcode,
      counter: 1,
      count: 1,
      reference: returnId,
      productCode: '2285',
      productOptions: [],
      addresses: [],
      weightGrams: 1000,
      status: { code: 1, at: at(hoursAgo) },
      oldStatuses: [],
      events: [],
    };
    postnl.shipments.set(barcode, shipment);
    await bookedParcels(t.ctx, { returnId, connectionId, carrier: 'postnl', trackingNumbers: [barcode], bookedAt: at(hoursAgo) });
    return { returnId, barcode };
  }

  const returnOf = (id: string) =>
    t.ctx.db.selectFrom('returns').select(['status', 'carrier_delivered_at']).where('id', '=', id).executeTakeFirstOrThrow();
  const parcelOf = (barcode: string) =>
    t.ctx.db.selectFrom('shipment_parcels').selectAll().where('tracking_number', '=', barcode).executeTakeFirstOrThrow();

  beforeAll(async () => {
    await postnl.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'tracking-polling-key' });
    postnl.clock = () => t.clock.now;
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
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
    const { apiKey, customerCode, customerNumber, baseUrl } = postnl.credentials();
    const connected = await t.request({
      method: 'POST',
      url: '/api/v1/carriers',
      staff: admin,
      payload: { carrier: 'postnl', name: 'PostNL', apiKey, customerCode, customerNumber, baseUrl },
    });
    expect(connected.statusCode, connected.body).toBe(201);
    connectionId = connected.json().id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await postnl.stop();
  });

  it("applies PostNL's changed shipments: accepted at a point puts the return in transit, delivered puts it on the expected list", async () => {
    const { returnId, barcode } = await returnWithPostNLParcel(3);
    postnl.setStatus(barcode, 2, at(1));
    const first = await pollTracking(t.ctx);
    expect(first).toMatchObject({ failed: 0 });
    expect(first.applied).toBeGreaterThanOrEqual(1);
    await t.followUps();
    expect((await returnOf(returnId)).status).toBe('in_transit');
    expect((await parcelOf(barcode)).tracking_state).toBe('handed_in');
    const credit = await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute();
    expect(credit).toHaveLength(1);

    t.clock.advance(30 * 60_000);
    postnl.setStatus(barcode, 11, at(5 / 60));
    const second = await pollTracking(t.ctx);
    expect(second.applied).toBe(1);
    await t.followUps();
    expect((await parcelOf(barcode)).tracking_state).toBe('delivered');
    expect((await returnOf(returnId)).carrier_delivered_at).not.toBeNull();
    const sources = await t.ctx.db.selectFrom('tracking_events').select('source').where('return_id', '=', returnId).execute();
    expect(sources.map((s) => s.source)).toEqual(['poll', 'poll']);
    // Nothing changed since: the next round applies nothing and pays nothing again.
    expect((await pollTracking(t.ctx)).applied).toBe(0);
    expect(await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute()).toHaveLength(1);
  });

  it('asks about a parcel it heard nothing of for a day, one by one', async () => {
    const { returnId, barcode } = await returnWithPostNLParcel(40);
    // Sorted 30 hours ago: long before the period the round looks at now.
    const shipment = postnl.shipments.get(barcode) as FakePostNLShipment;
    shipment.oldStatuses.push(shipment.status);
    shipment.status = { code: 5, at: at(30) };
    const report = await pollTracking(t.ctx);
    expect(report.parcels).toBeGreaterThanOrEqual(1);
    await t.followUps();
    expect((await parcelOf(barcode)).tracking_state).toBe('in_transit');
    expect((await returnOf(returnId)).status).toBe('in_transit');
  });

  it('asks about every quiet parcel in turn, those asked longest ago first, even when the carrier never answers', async () => {
    const lost = [];
    for (let i = 0; i < 4; i++) lost.push((await returnWithPostNLParcel(40)).barcode);
    // PostNL no longer knows them: each question fails and changes nothing about the parcel.
    for (const barcode of lost) postnl.shipments.delete(barcode);
    const askedIn = async () => {
      const before = postnl.seen.length;
      await pollTracking(t.ctx, { perRound: 2 });
      return postnl.seen
        .slice(before)
        .filter((r) => r.method === 'GET' && r.path.startsWith('/shipment/v2/status/barcode/'))
        .map((r) => decodeURIComponent(r.path.split('/').at(-1) as string));
    };
    const first = await askedIn();
    const second = await askedIn();
    expect(first).toHaveLength(2);
    expect(second).toHaveLength(2);
    expect(new Set([...first, ...second])).toEqual(new Set(lost));
    const polled = await t.ctx.db
      .selectFrom('shipment_parcels')
      .select('polled_at')
      .where('tracking_number', 'in', lost)
      .execute();
    expect(polled.map((p) => p.polled_at?.getTime())).toEqual(lost.map(() => t.clock.now.getTime()));
  });
});
