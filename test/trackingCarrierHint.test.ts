import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollTracking } from '../src/app/logistics/tracking/pollTracking.js';
import { bookedParcels } from './support/bookedParcels.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeShippo } from './support/carriers/fakeShippo.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

/** Shippo looks a parcel up by carrier and number: the tracking round asks at the carrier each
 * box's booking named, also for a number whose format names no carrier. */
describe.each(DB_KINDS)('tracking an aggregator parcel at the carrier its booking named (%s)', (kind) => {
  let t: TestApp;
  const shippo = new FakeShippo();
  let connectionId = '';

  beforeAll(async () => {
    await shippo.start();
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    connectionId = await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'shippo',
      credentials: shippo.credentials(),
      methods: [{ method: 'label', country: 'US', serviceCode: 'usps_priority', serviceName: 'USPS Priority Mail' }],
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await shippo.stop();
  });

  it('polls each box at its own carrier and applies what that carrier said', async () => {
    const [order] = await seedOrders(t.ctx, [orderFixture('9701', new Date(t.clock.now.getTime() - 3 * DAY))]);
    const token = await t.shopperToken('9701', '9701@example.nl');
    const created = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: token,
      payload: {
        method: 'label',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const returnId = created.json().returnId as string;
    const [royalMail, dhl] = ['RM123456785GB', 'JD014600003SE'];
    // Booked two days ago without news since: Shippo sends webhooks, so the round catches up.
    await bookedParcels(t.ctx, {
      returnId,
      connectionId,
      carrier: 'shippo',
      trackingNumbers: [royalMail, dhl],
      carrierCodes: ['royal_mail', 'dhl_ecommerce'],
      bookedAt: new Date(t.clock.now.getTime() - 2 * DAY),
    });
    shippo.moveParcel(royalMail, 'TRANSIT', { carrier: 'royal_mail', substatus: 'package_accepted' });
    shippo.moveParcel(dhl, 'TRANSIT', { carrier: 'dhl_ecommerce' });

    const report = await pollTracking(t.ctx);
    expect(report.failed).toBe(0);
    const asked = shippo.requests('GET', /^\/tracks\//).map((r) => r.path);
    expect(asked).toEqual(expect.arrayContaining([`/tracks/royal_mail/${royalMail}`, `/tracks/dhl_ecommerce/${dhl}`]));
    const parcels = await t.ctx.db
      .selectFrom('shipment_parcels')
      .select(['tracking_number', 'tracking_state'])
      .where('return_id', '=', returnId)
      .orderBy('collo')
      .execute();
    expect(parcels).toEqual([
      { tracking_number: royalMail, tracking_state: 'handed_in' },
      { tracking_number: dhl, tracking_state: 'in_transit' },
    ]);
  });
});
