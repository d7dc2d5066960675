import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { systemActor } from '../src/app/kernel/context.js';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { changePickup } from '../src/app/logistics/shipments/changePickup.js';
import { canChangePickup, pickupChangeCutoff } from '../src/domain/pickupCutoff.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from './support/fixtures.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const AMSTERDAM = { line1: 'Nieuwezijds Voorburgwal 200', postcode: '1012 RR', city: 'Amsterdam', country: 'NL' };
const ANTWERP = { line1: 'Meir 1', postcode: '2000', city: 'Antwerpen', country: 'BE' };

describe.each(DB_KINDS)('portal with carriers: methods per country, drop-off points, pickups, boxes (%s)', (kind) => {
  let t: TestApp;
  const sendcloud = new FakeSendcloud();
  let orderCount = 0;
  let connectionId = '';

  beforeAll(async () => {
    await sendcloud.start();
    t = await createTestApp(kind);
    // The carrier keeps the shop's fixed clock: its windows and "in the future" agree with Retour's.
    sendcloud.now = () => t.clock.now;
    await seedCatalogue(t.ctx);
    // The shop returns from the Netherlands with PostNL's label-free QR at a point, and UPS pickups;
    // nothing is mapped for Belgium.
    connectionId = await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: sendcloud.credentials(),
      methods: [
        {
          method: 'qr',
          country: 'NL',
          serviceCode: 'postnl:standard/return',
          serviceName: 'PostNL Return',
          needsServicePoint: true,
        },
        { method: 'pickup', country: 'NL', serviceCode: 'ups:standard/return', serviceName: 'UPS Standard Return' },
      ],
    });
  });
  afterAll(async () => {
    await t?.close();
    await sendcloud.stop();
  });

  /** A fresh order shipped to `address`, its shopper's token and a request for one tee. */
  async function shopper(address = AMSTERDAM) {
    const number = `95${String(++orderCount).padStart(2, '0')}`;
    const [order] = await seedOrders(t.ctx, [
      orderFixture(number, new Date(t.clock.now.getTime() - 3 * DAY), { shippingAddress: address }),
    ]);
    const token = await t.shopperToken(number, `${number}@example.nl`);
    const line = order?.lineBySku['TEE-M'] as string;
    const ask = (extra: object) =>
      t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { ...extra, lines: [{ orderLineId: line, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }] },
      });
    const get = (url: string) => t.request({ method: 'GET', url, bearer: token });
    return { token, ask, get, orderId: order?.id as string };
  }

  it("offers the methods carriers carry to the shopper country, plus the store; where none is mapped, those Retour's own label stands in for", async () => {
    const nl = await shopper();
    const nlMethods = (await nl.get('/api/v1/shopper/policy-evaluation')).json().methods;
    expect(nlMethods.map((m: { method: string }) => m.method).sort()).toEqual(['pickup', 'qr', 'store']);
    expect(nlMethods.find((m: { method: string }) => m.method === 'qr')).toMatchObject({
      byCarrier: true,
      needsServicePoint: true,
    });
    expect(nlMethods.find((m: { method: string }) => m.method === 'store')).toMatchObject({ byCarrier: false });

    const be = await shopper(ANTWERP);
    const beMethods = (await be.get('/api/v1/shopper/policy-evaluation')).json().methods;
    // Every method of the shop's policy, with Retour's own label.
    expect(beMethods.map((m: { method: string }) => m.method).sort()).toEqual(['label', 'pickup', 'qr', 'store']);
    expect(beMethods.every((m: { byCarrier: boolean }) => !m.byCarrier)).toBe(true);
  });

  it('refuses a method not offered in the country (422) and asks for a drop-off point where the service needs one', async () => {
    const nl = await shopper();
    const label = await nl.ask({ method: 'label' });
    expect(label.statusCode).toBe(422);
    expect(label.json().errors).toContainEqual(expect.objectContaining({ code: 'METHOD_NOT_OFFERED', path: 'method' }));
    const noPoint = await nl.ask({ method: 'qr' });
    expect(noPoint.statusCode).toBe(422);
    expect(noPoint.json().errors).toContainEqual(
      expect.objectContaining({ code: 'SERVICE_POINT_REQUIRED', path: 'servicePointId' }),
    );
    const unknown = await nl.ask({ method: 'qr', servicePointId: '999', servicePoint: { carrier: 'postnl' } });
    expect(unknown.json().errors).toContainEqual(expect.objectContaining({ code: 'SERVICE_POINT_NOT_FOUND' }));
    const pointForStore = await nl.ask({ method: 'store', servicePointId: '10340001' });
    expect(pointForStore.json().errors).toContainEqual(expect.objectContaining({ code: 'SERVICE_POINT_UNEXPECTED' }));

    // Partner drop-off takes its points from a carrier: not offered where none is mapped, though
    // Retour's own label stands in for a printed label there.
    const be = await shopper(ANTWERP);
    const partner = await be.ask({ method: 'partner', servicePointId: '10340001' });
    expect(partner.statusCode).toBe(422);
    expect(partner.json().errors).toContainEqual(expect.objectContaining({ code: 'METHOD_NOT_OFFERED', path: 'method' }));
    expect((await be.ask({ method: 'label' })).statusCode).toBe(201);
  });

  it('finds drop-off points from the carrier nearest first, and keeps the one picked and the number of boxes', async () => {
    const nl = await shopper();
    const found = await nl.get('/api/v1/shopper/service-points?method=qr&postcode=1012%20RR');
    expect(found.statusCode, found.body).toBe(200);
    const { points, country } = found.json();
    expect(country).toBe('NL');
    expect(points.length).toBeGreaterThan(2);
    const distances = points.map((p: { distanceMeters: number }) => p.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(points.map((p: { kind: string }) => p.kind)).toContain('locker');
    expect(points[0]).toMatchObject({ carrier: expect.any(String), name: expect.any(String), address: { city: 'Amsterdam' } });
    expect(points[0].openingHours.length).toBeGreaterThan(0);
    // The order's own postcode when none is given.
    expect((await nl.get('/api/v1/shopper/service-points?method=qr')).json().postcode).toBe('1012 RR');

    const picked = points[1];
    const created = await nl.ask({ method: 'qr', servicePointId: picked.id, servicePoint: picked, parcelCount: 3 });
    expect(created.statusCode, created.body).toBe(201);
    const { returnId } = created.json();
    const row = await t.ctx.db
      .selectFrom('returns')
      .select(['service_point', 'parcel_count'])
      .where('id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(row.parcel_count).toBe(3);
    // Kept with the connection that found it: the parcel is booked with that one (see routing).
    expect(row.service_point).toMatchObject({ id: picked.id, carrier: picked.carrier, name: picked.name, connectionId });
    const view = (await nl.get(`/api/v1/shopper/returns/${returnId}`)).json();
    expect(view.logistics).toMatchObject({ parcelCount: 3, servicePoint: { id: picked.id } });

    const tooMany = await nl.ask({ method: 'qr', servicePointId: picked.id, servicePoint: picked, parcelCount: 11 });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ path: 'parcelCount' });
  });

  it('says the carrier is unavailable (503) when it cannot be asked, and lets the request name the field', async () => {
    const nl = await shopper();
    sendcloud.failNext({ status: 503, path: /service-points/ }, 10);
    const down = await nl.get('/api/v1/shopper/service-points?method=qr&postcode=3511');
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    expect(down.body).not.toContain(sendcloud.secretKey);
    // A point nobody was shown, while the carrier is down: the request says so on the point.
    const refused = await nl.ask({ method: 'qr', servicePointId: '10340099', servicePoint: { carrier: 'postnl' } });
    expect(refused.json().errors).toContainEqual(
      expect.objectContaining({ code: 'CARRIER_UNAVAILABLE', path: 'servicePointId' }),
    );
    sendcloud.failures.length = 0;
    expect((await nl.get('/api/v1/shopper/service-points?method=qr&postcode=3511')).statusCode).toBe(200);
  });

  it('moves and cancels a pickup until 22:00 the evening before, not after', async () => {
    const nl = await shopper();
    const offered = await nl.get('/api/v1/shopper/pickup-slots');
    expect(offered.statusCode, offered.body).toBe(200);
    const { slots, timeZone } = offered.json();
    expect(slots.length).toBeGreaterThan(1);
    const created = await nl.ask({ method: 'pickup', pickupSlot: slots[0], parcelCount: 2 });
    expect(created.statusCode, created.body).toBe(201);
    const { returnId } = created.json();
    const change = (slot: unknown) =>
      t.request({ method: 'POST', url: `/api/v1/shopper/returns/${returnId}/pickup`, bearer: nl.token, payload: { slot } });

    // The carrier books the parcel with its pickup (what the booking job does after approval).
    const shipment = await t.ctx.db
      .selectFrom('shipments')
      .select('id')
      .where('return_id', '=', returnId)
      .executeTakeFirstOrThrow();
    expect(await bookReturnParcel(t.ctx, shipment.id)).toBe('booked');
    const pickupOf = async () =>
      (await t.ctx.db.selectFrom('shipments').select('pickup').where('id', '=', shipment.id).executeTakeFirstOrThrow()).pickup;
    expect(await pickupOf()).toMatchObject({ status: 'booked', slot: slots[0] });
    const notOffered = await change({ start: '2026-06-16T01:00:00Z', end: '2026-06-16T02:00:00Z' });
    expect(notOffered.statusCode).toBe(422);
    expect(notOffered.json().errors[0]).toMatchObject({ code: 'PICKUP_SLOT_NOT_OFFERED', path: 'slot' });

    const moved = await change(slots[1]);
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().pickupSlot).toEqual(slots[1]);
    const cutoff = pickupChangeCutoff(slots[1].start, timeZone);
    expect(new Date(moved.json().changeableUntil).getTime()).toBe(cutoff.getTime());
    // The carrier moved its pickup: the shipment keeps the new slot and the carrier's confirmation.
    expect(await pickupOf()).toMatchObject({ status: 'booked', slot: slots[1], confirmation: expect.any(String) });
    expect([...sendcloud.pickups.values()].map((p) => p.status)).toContain('CANCELLED');
    const view = (await nl.get(`/api/v1/shopper/returns/${returnId}`)).json();
    expect(view.pickupSlot).toEqual(slots[1]);
    expect(view.logistics.shipment).toMatchObject({ status: 'booked', pickup: { status: 'booked' } });
    expect(new Date(view.logistics.pickupChangeableUntil).getTime()).toBe(cutoff.getTime());

    const cancelled = await change(null);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json().pickupSlot).toBeNull();
    expect(await pickupOf()).toMatchObject({ status: 'cancelled' });
    expect((await change(slots[1])).statusCode).toBe(200);
    const events = await t.ctx.db
      .selectFrom('events')
      .select('data')
      .where('return_id', '=', returnId)
      .where('type', '=', 'shipment.pickup_changed')
      .execute();
    expect(events.map((e) => (e.data as { status: string }).status)).toEqual(['booked', 'cancelled', 'booked']);

    // The carrier down: nothing changes, and the shopper is told to try again.
    sendcloud.failNext({ status: 503, path: /pickups/ }, 10);
    const down = await change(null);
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ code: 'CARRIER_UNAVAILABLE' });
    sendcloud.failures.length = 0;
    expect((await nl.get(`/api/v1/shopper/returns/${returnId}`)).json().pickupSlot).toEqual(slots[1]);

    // A minute after the cut-off (the shopper's token would have long expired: the command itself is asked).
    const late = changePickup(
      { ...t.ctx, now: () => new Date(cutoff.getTime() + 60_000) },
      { actor: systemActor },
      { returnId, slot: null },
    );
    await expect(late).rejects.toMatchObject({ code: 'PICKUP_CUTOFF_PASSED' });
    const justBefore = changePickup(
      { ...t.ctx, now: () => new Date(cutoff.getTime() - 60_000) },
      { actor: systemActor },
      { returnId, slot: null },
    );
    await expect(justBefore).resolves.toMatchObject({ pickupSlot: null });
  });

  it("offers pickups from the first day whose cut-off is ahead, Retour's and the carrier's, also after 22:00", async () => {
    const started = t.clock.now;
    onTestFinished(() => {
      t.clock.now = started;
    });
    // Monday 22:30 in Amsterdam: Tuesday's pickups can no longer be changed, so none is offered.
    t.clock.now = new Date('2026-06-15T20:30:00Z');
    const be = await shopper(ANTWERP);
    const own = (await be.get('/api/v1/shopper/pickup-slots')).json();
    expect(own.slots[0]).toEqual({ start: '2026-06-17T07:00:00.000Z', end: '2026-06-17T11:00:00.000Z' });
    const tuesday = { start: '2026-06-16T07:00:00.000Z', end: '2026-06-16T11:00:00.000Z' };
    const tooLate = await be.ask({ method: 'pickup', pickupSlot: tuesday });
    expect(tooLate.json().errors).toContainEqual(
      expect.objectContaining({ code: 'PICKUP_SLOT_NOT_OFFERED', path: 'pickupSlot' }),
    );
    const created = await be.ask({ method: 'pickup', pickupSlot: own.slots[0] });
    expect(created.statusCode, created.body).toBe(201);
    // The shopper can move what they just chose.
    const moved = await t.request({
      method: 'POST',
      url: `/api/v1/shopper/returns/${created.json().returnId}/pickup`,
      bearer: be.token,
      payload: { slot: own.slots[1] },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    // The carrier's windows (Wednesday on) are counted from the same clock, and the carrier takes them.
    const nl = await shopper();
    const carrier = (await nl.get('/api/v1/shopper/pickup-slots')).json();
    expect(carrier.slots[0].start).toBe('2026-06-17T07:00:00.000Z');
    for (const slot of carrier.slots) expect(canChangePickup(slot.start, t.clock.now, carrier.timeZone)).toBe(true);
    const booked = await nl.ask({ method: 'pickup', pickupSlot: carrier.slots[0] });
    expect(booked.statusCode, booked.body).toBe(201);
  });
});
