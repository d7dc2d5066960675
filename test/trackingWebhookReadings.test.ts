import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierAdapter } from '../src/app/logistics/carriers/port.js';
import { applyStoredWebhooks } from '../src/app/logistics/tracking/applyStoredWebhooks.js';
import { applyUnsignedWebhooks } from '../src/app/logistics/tracking/applyUnsignedWebhooks.js';
import { createCarrierAdapter } from '../src/integrations/carriers/index.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakeEasyship } from './support/carriers/fakeEasyship.js';
import { FakeShippo } from './support/carriers/fakeShippo.js';
import { DB_KINDS } from './support/databases.js';
import { seedCatalogue, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { approvedReturn, connectCarrierAccount, postCarrierWebhook, teeReturnRequest } from './support/trackingHarness.js';

const HOUR = 3_600_000;

/** Tracking webhooks read in a way the carrier's documentation leaves open: a Shippo delivery
 * signed over its body alone (its `t` unsigned, so only its stored row holds a replay off), and an
 * Easyship delivery, whose parcels are asked of the carrier at the carrier their booking named. */
describe.each(DB_KINDS)('tracking webhooks read both ways (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  const shippo = new FakeShippo();
  const easyship = new FakeEasyship();
  const connections = { shippo: '', easyship: '' };
  let nextOrder = 9700;

  const approved = () => approvedReturn(t, String(nextOrder++));
  const post = (connectionId: string, delivery: { body: string; headers: Record<string, string> }) =>
    postCarrierWebhook(t, connectionId, delivery);
  const count = async (table: 'carrier_webhooks' | 'tracking_events', column: 'connection_id' | 'parcel_id', id: string) =>
    (await t.ctx.db.selectFrom(table).select(sql<number>`count(*)::int`.as('n')).where(column, '=', id).executeTakeFirstOrThrow())
      .n;

  beforeAll(async () => {
    await Promise.all([shippo.start(), easyship.start()]);
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'webhook-readings-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin']);
    admin = await t.login('admin');
    connections.shippo = await connectCarrierAccount(t, admin, { carrier: 'shippo', name: 'Shippo', ...shippo.credentials() });
    connections.easyship = await connectCarrierAccount(t, admin, {
      carrier: 'easyship',
      name: 'Easyship',
      ...easyship.credentials(),
    });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await Promise.all([shippo.stop(), easyship.stop()]);
  });

  it('stores and applies a Shippo delivery signed over its body alone once, however often it is resent with a fresh t', async () => {
    const returnId = await approved();
    const trackingNumber = '9205590000000000000777';
    const { parcelIds } = await bookedParcels(t.ctx, {
      returnId,
      connectionId: connections.shippo,
      carrier: 'shippo',
      trackingNumbers: [trackingNumber],
      carrierCodes: ['usps'],
    });
    const { body } = shippo.trackWebhook('usps', trackingNumber, 'TRANSIT', new Date(t.clock.now.getTime() - HOUR));
    const v1 = createHmac('sha256', shippo.webhookSecret).update(body).digest('hex');
    // The signature does not cover `t`: whoever saw the delivery can send it again under a new one.
    const signedAt = (secondsAgo: number) => ({
      body,
      headers: {
        'content-type': 'application/json',
        'shippo-auth-signature': `t=${Math.floor(Date.now() / 1000) - secondsAgo},v1=${v1}`,
      },
    });

    const first = await post(connections.shippo, signedAt(120));
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ received: true, duplicate: false, updates: 1 });
    const resent = await post(connections.shippo, signedAt(0));
    expect(resent.json()).toMatchObject({ received: true, duplicate: true });
    expect(await applyStoredWebhooks(t.ctx, connections.shippo)).toMatchObject({ deliveries: 1, applied: 1 });

    // Once applied, its row stays: a later resend is still known and changes nothing.
    expect((await post(connections.shippo, signedAt(1))).json()).toMatchObject({ duplicate: true });
    expect(await applyStoredWebhooks(t.ctx, connections.shippo)).toMatchObject({ deliveries: 0, applied: 0 });
    expect(await count('carrier_webhooks', 'connection_id', connections.shippo)).toBe(1);
    expect(await count('tracking_events', 'parcel_id', parcelIds[0] as string)).toBe(1);
  });

  it("asks Easyship about a delivery's parcel naming the carrier its booking named", async () => {
    const returnId = await approved();
    const real = createCarrierAdapter('easyship', easyship.credentials());
    const booked = await real.createReturn(teeReturnRequest(returnId));
    const trackingNumber = booked.parcels[0]?.trackingNumber as string;
    await bookedParcels(t.ctx, {
      returnId,
      connectionId: connections.easyship,
      carrier: 'easyship',
      trackingNumbers: [trackingNumber],
      carrierCodes: ['postnl'],
    });
    easyship.move(trackingNumber, 'In Transit to Customer', new Date(t.clock.now.getTime() - 2 * HOUR));
    expect((await post(connections.easyship, easyship.trackWebhook(trackingNumber, 'Delivered'))).statusCode).toBe(200);

    // The real adapter, with each question it is asked written down.
    const asked: [string, string | null | undefined][] = [];
    const adapter: CarrierAdapter = Object.assign(Object.create(real) as CarrierAdapter, {
      track: (number: string, carrier?: string | null) => {
        asked.push([number, carrier]);
        return real.track(number, carrier);
      },
    });
    const total = { deliveries: 0, applied: 0, duplicates: 0, ignored: 0, inTransit: 0, delivered: 0 };
    await applyUnsignedWebhooks(t.ctx, { id: connections.easyship, adapter }, total);
    expect(asked).toEqual([[trackingNumber, 'postnl']]);
    expect(total).toMatchObject({ deliveries: 1, inTransit: 1, delivered: 0 });
  });
});
