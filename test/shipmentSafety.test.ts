import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppContext } from '../src/app/kernel/context.js';
import { systemActor } from '../src/app/kernel/context.js';
import type { CarrierAdapter } from '../src/app/logistics/carriers/port.js';
import { bookReturnParcel } from '../src/app/logistics/shipments/bookReturnParcel.js';
import { changePickup } from '../src/app/logistics/shipments/changePickup.js';
import { planShipment } from '../src/app/logistics/shipments/planShipment.js';
import { connectCarrier } from './support/carrierSetup.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const SERVICE = 'postnl:standard/return';
const PICKUP_SERVICE = 'ups:standard/return';

/** A context whose carrier adapters run `after` once their call `method` answered (a cancellation
 * or another attempt arriving while a booking is under way). */
function withHook(ctx: AppContext, method: 'createReturn' | 'changePickup', after: () => Promise<void>): AppContext {
  const carriers = Object.create(ctx.carriers) as AppContext['carriers'];
  carriers.connection = async (id: string) => {
    const connection = await ctx.carriers.connection(id);
    if (!connection) return null;
    const adapter = Object.create(connection.adapter) as CarrierAdapter;
    const real = connection.adapter[method].bind(connection.adapter) as (...args: never[]) => Promise<never>;
    (adapter as unknown as Record<string, unknown>)[method] = async (...args: never[]) => {
      const answer = await real(...args);
      await after();
      return answer;
    };
    return { ...connection, adapter };
  };
  return { ...ctx, carriers };
}

/** Booking stays safe when returns are called off, attempts overlap or pickups change on the way:
 * no label or pickup is left live with the carrier for a parcel that will not be sent, nothing is
 * booked twice, and what the carrier confirmed is never lost. */
describe.each(DB_KINDS)('booking safety (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  const fake = new FakeSendcloud();
  let count = 0;

  beforeAll(async () => {
    await fake.start();
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    const admin = await t.login('admin');
    agent = await t.login('agent');
    await publishPolicy(t, admin, 'Carrier returns', {
      defaults: { window: { days: 30, from: 'delivery' }, resolutions: ['refund'], methods: ['label'] },
      rules: [],
    });
    await connectCarrier(t.ctx.db, t.ctx, {
      carrier: 'sendcloud',
      credentials: fake.credentials(),
      methods: [{ method: 'label', country: 'NL', serviceCode: SERVICE, serviceName: 'PostNL return' }],
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake.stop();
  });

  /** A shopper returns two tees, approved at once; the shipment is opened (pending). With
   * `pickup`, the parcel is to be fetched at home in a slot three days from now. */
  async function requestReturn(options: { pickup?: boolean } = {}) {
    const number = `77${String(++count).padStart(2, '0')}`;
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const [order] = await seedOrders(t.ctx, [
      orderFixture(number, delivered, { lines: [orderLine('TEE-M', 2, 2000, delivered)] }),
    ]);
    const bearer = await t.shopperToken(number, `${number}@example.nl`);
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer,
      payload: {
        method: 'label',
        lines: [{ orderLineId: order?.lineBySku['TEE-M'], quantity: 2, reasonCode: 'too_small', resolution: 'refund' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const ret = { id: res.json().returnId as string, number: res.json().number as string, bearer };
    const shipment = await shipmentOf(ret.id);
    if (!options.pickup) return { ...ret, shipmentId: shipment.id, slot: null };
    // Sendcloud's pickups must lie ahead of the real clock.
    const start = new Date(Math.max(Date.now(), t.clock.now.getTime()) + 3 * DAY);
    start.setUTCHours(9, 0, 0, 0);
    const slot = { start: start.toISOString(), end: new Date(start.getTime() + 4 * 3_600_000).toISOString() };
    await t.ctx.db
      .updateTable('returns')
      .set({ method: 'pickup', pickup_slot_start: new Date(slot.start), pickup_slot_end: new Date(slot.end) })
      .where('id', '=', ret.id)
      .execute();
    await t.ctx.db
      .updateTable('shipments')
      .set({ method: 'pickup', service_code: PICKUP_SERVICE })
      .where('id', '=', shipment.id)
      .execute();
    return { ...ret, shipmentId: shipment.id, slot };
  }

  const shipmentOf = (returnId: string) =>
    t.ctx.db.selectFrom('shipments').selectAll().where('return_id', '=', returnId).executeTakeFirstOrThrow();
  const eventsOf = async (returnId: string) =>
    (
      await t.ctx.db
        .selectFrom('events')
        .select('type')
        .where('return_id', '=', returnId)
        .where('type', 'like', 'shipment.%')
        .orderBy('occurred_at')
        .orderBy('id')
        .execute()
    ).map((e) => e.type);
  const carrierReturns = (reference: string) => [...fake.returns.values()].filter((r) => r.external_reference === reference);
  const pickupsOf = (reference: string) => [...fake.pickups.values()].filter((p) => p.reference === reference);
  const cancel = (returnId: string) =>
    t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/cancel`, staff: agent, payload: {} });
  const labelEmails = async (returnId: string) =>
    (
      await t.ctx.db
        .selectFrom('emails')
        .select('kind')
        .where('return_id', '=', returnId)
        .where('kind', '=', 'label_ready')
        .execute()
    ).length;

  it('plans no shipment for a return cancelled before the follow-up ran', async () => {
    const ret = await requestReturn();
    await t.ctx.db.deleteFrom('shipments').where('id', '=', ret.shipmentId).execute();
    await t.ctx.db.updateTable('returns').set({ status: 'cancelled' }).where('id', '=', ret.id).execute();
    expect(await planShipment(t.ctx, ret.id)).toBeNull();
    expect(await t.ctx.db.selectFrom('shipments').select('id').where('return_id', '=', ret.id).execute()).toEqual([]);
  });

  it('books nothing on the retry of a booking whose return was cancelled after a first attempt', async () => {
    const ret = await requestReturn();
    fake.rateLimitNext(1, /\/api\/v3\/returns$/);
    await expect(bookReturnParcel(t.ctx, ret.shipmentId)).rejects.toThrow();
    expect(await shipmentOf(ret.id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await cancel(ret.id)).statusCode).toBe(200);
    // The retry finds the return called off: it looks for a parcel, finds none, books none.
    expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('nothing_to_do');
    expect((await shipmentOf(ret.id)).status).toBe('voided');
    expect(carrierReturns(ret.number)).toHaveLength(0);
    expect(await eventsOf(ret.id)).toEqual(['shipment.booking_delayed', 'shipment.voided']);
  });

  it('voids the label and tells nobody it is ready when the return is cancelled while the carrier books it', async () => {
    const ret = await requestReturn({ pickup: true });
    const hooked = withHook(t.ctx, 'createReturn', async () => {
      expect((await cancel(ret.id)).statusCode).toBe(200);
    });
    expect(await bookReturnParcel(hooked, ret.shipmentId)).toBe('nothing_to_do');
    const shipment = await shipmentOf(ret.id);
    expect(['voided', 'void_requested']).toContain(shipment.status);
    expect(carrierReturns(ret.number)).toHaveLength(1);
    expect(fake.requests('PATCH', /^\/api\/v3\/returns\/\d+\/cancel$/).at(-1)?.path).toContain(
      String(carrierReturns(ret.number)[0]?.id),
    );
    // Its pickup is cancelled with the carrier too.
    expect(pickupsOf(ret.number).map((p) => p.status)).toEqual(['CANCELLED']);
    expect(await eventsOf(ret.id)).toEqual(['shipment.voided', 'shipment.pickup_changed']);
    await t.followUps();
    expect(await labelEmails(ret.id)).toBe(0);
  });

  it('releases the parcel of an attempt whose shipment was taken from it meanwhile', async () => {
    const ret = await requestReturn();
    // While the carrier books, the shipment is voided (its lease long run out): the attempt no longer holds it.
    const hooked = withHook(t.ctx, 'createReturn', async () => {
      await t.ctx.db
        .updateTable('shipments')
        .set((eb) => ({ status: 'voided', attempts: eb('attempts', '+', 1) }))
        .where('id', '=', ret.shipmentId)
        .execute();
    });
    const voidsBefore = fake.requests('PATCH', /^\/api\/v3\/returns\/\d+\/cancel$/).length;
    expect(await bookReturnParcel(hooked, ret.shipmentId)).toBe('nothing_to_do');
    expect(fake.requests('PATCH', /^\/api\/v3\/returns\/\d+\/cancel$/)).toHaveLength(voidsBefore + 1);
    expect(carrierReturns(ret.number)[0]?.is_cancellable).toBe(false);
    expect(await shipmentOf(ret.id)).toMatchObject({ status: 'voided', remote_id: null });
    expect(await eventsOf(ret.id)).toEqual([]);
  });

  it('keeps the parcel an attempt that took over found, and never voids it', async () => {
    const ret = await requestReturn();
    // The first attempt books; meanwhile a second attempt takes over and stores the same parcel.
    const hooked = withHook(t.ctx, 'createReturn', async () => {
      await t.ctx.db.updateTable('shipments').set({ last_error: 'lease ran out' }).where('id', '=', ret.shipmentId).execute();
      expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('booked');
    });
    expect(await bookReturnParcel(hooked, ret.shipmentId)).toBe('nothing_to_do');
    const shipment = await shipmentOf(ret.id);
    expect(shipment).toMatchObject({ status: 'booked', attempts: 2, remote_id: String(carrierReturns(ret.number)[0]?.id) });
    expect(carrierReturns(ret.number)).toHaveLength(1);
    expect(carrierReturns(ret.number)[0]?.is_cancellable).not.toBe(false);
    expect(await eventsOf(ret.id)).toEqual(['shipment.booked']);
  });

  it('keeps the pickup the carrier confirmed while the parcel is still being announced', async () => {
    const ret = await requestReturn({ pickup: true });
    // Sendcloud took the return but could not be read back yet: the parcel is not ready.
    fake.failNext({ status: 503, path: /^\/api\/v3\/returns\/\d+$/ });
    await expect(bookReturnParcel(t.ctx, ret.shipmentId)).rejects.toMatchObject({ code: 'CARRIER_PREPARING' });
    const pending = await shipmentOf(ret.id);
    const [pickup] = pickupsOf(ret.number);
    expect(pending).toMatchObject({ status: 'pending', remote_id: String(carrierReturns(ret.number)[0]?.id) });
    expect(pending.pickup).toMatchObject({ status: 'booked', confirmation: String(pickup?.id), slot: ret.slot });
    expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('booked');
    expect((await shipmentOf(ret.id)).pickup).toMatchObject({ status: 'booked', confirmation: String(pickup?.id) });
    expect(pickupsOf(ret.number)).toHaveLength(1);
    // Cancelling the return now cancels that pickup with the carrier.
    expect((await cancel(ret.id)).statusCode).toBe(200);
    expect(pickupsOf(ret.number).map((p) => p.status)).toEqual(['CANCELLED']);
    expect((await shipmentOf(ret.id)).pickup).toMatchObject({ status: 'cancelled' });
    expect(await eventsOf(ret.id)).toEqual([
      'shipment.booking_delayed',
      'shipment.booked',
      'shipment.pickup_changed',
      'shipment.voided',
    ]);
  });

  it('books the pickup on the retry when the carrier took the return but not its pickup', async () => {
    const ret = await requestReturn({ pickup: true });
    fake.failNext({ status: 503, path: /^\/api\/v3\/pickups$/ });
    await expect(bookReturnParcel(t.ctx, ret.shipmentId)).rejects.toThrow();
    expect(carrierReturns(ret.number)).toHaveLength(1);
    expect(pickupsOf(ret.number)).toHaveLength(0);
    expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('booked');
    expect(carrierReturns(ret.number)).toHaveLength(1);
    const [pickup] = pickupsOf(ret.number);
    expect(pickup?.status).not.toBe('CANCELLED');
    expect((await shipmentOf(ret.id)).pickup).toMatchObject({ status: 'booked', confirmation: String(pickup?.id) });
  });

  it('refuses a pickup change while the carrier is booking the parcel', async () => {
    const ret = await requestReturn({ pickup: true });
    await t.ctx.db.updateTable('shipments').set({ attempts: 1 }).where('id', '=', ret.shipmentId).execute();
    const change = changePickup(t.ctx, { actor: systemActor }, { returnId: ret.id, slot: null });
    await expect(change).rejects.toMatchObject({ code: 'PICKUP_BEING_BOOKED' });
    const kept = await t.ctx.db
      .selectFrom('returns')
      .select('pickup_slot_start')
      .where('id', '=', ret.id)
      .executeTakeFirstOrThrow();
    expect(kept.pickup_slot_start?.toISOString()).toBe(ret.slot?.start);
  });

  it('keeps the pickup another change wrote first, and tells this one to look again', async () => {
    const ret = await requestReturn({ pickup: true });
    expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('booked');
    const booked = await shipmentOf(ret.id);
    const other = { ...booked.pickup, confirmation: 'written-by-the-other-change' };
    // The carrier cancels this change's pickup; meanwhile another change keeps its own.
    const hooked = withHook(t.ctx, 'changePickup', async () => {
      await t.ctx.db
        .updateTable('shipments')
        .set({ pickup: JSON.stringify(other) })
        .where('id', '=', ret.shipmentId)
        .execute();
    });
    const change = changePickup(hooked, { actor: systemActor }, { returnId: ret.id, slot: null });
    await expect(change).rejects.toMatchObject({ code: 'PICKUP_CHANGED_MEANWHILE' });
    expect((await shipmentOf(ret.id)).pickup).toEqual(other);
    const kept = await t.ctx.db
      .selectFrom('returns')
      .select('pickup_slot_start')
      .where('id', '=', ret.id)
      .executeTakeFirstOrThrow();
    expect(kept.pickup_slot_start?.toISOString()).toBe(ret.slot?.start);
  });

  it("answers 409 LABEL_FOLLOWS at both label routes while the carrier's label is on its way", async () => {
    const ret = await requestReturn();
    const staff = await t.request({ method: 'GET', url: `/api/v1/returns/${ret.id}/label`, staff: agent });
    expect(staff.statusCode).toBe(409);
    expect(staff.headers['content-type']).toContain('application/problem+json');
    expect(staff.json()).toMatchObject({ code: 'LABEL_FOLLOWS' });
    // A browser that followed the back office's link is shown a page, not the problem's JSON.
    const browser = await t.request({
      method: 'GET',
      url: `/api/v1/returns/${ret.id}/label`,
      staff: agent,
      headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
    });
    expect(browser.statusCode).toBe(409);
    expect(browser.headers['content-type']).toContain('text/html');
    expect(browser.body).toContain('Het label volgt');
    expect(browser.body).toContain('The label follows');
    expect(browser.body).not.toContain('LABEL_FOLLOWS');
    const shopper = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/label`, bearer: ret.bearer });
    expect(shopper.statusCode).toBe(409);
    expect(shopper.json()).toMatchObject({ code: 'LABEL_FOLLOWS' });
    // Once booked the carrier's label is served.
    expect(await bookReturnParcel(t.ctx, ret.shipmentId)).toBe('booked');
    const label = await t.request({ method: 'GET', url: `/api/v1/shopper/returns/${ret.id}/label`, bearer: ret.bearer });
    expect(label.statusCode).toBe(200);
    expect(label.rawPayload.equals((await shipmentOf(ret.id)).label as Buffer)).toBe(true);
  });

  it('tells staff when a return cannot be routed, since its approval promised a label', async () => {
    const ret = await requestReturn();
    await t.ctx.db.deleteFrom('shipments').where('id', '=', ret.shipmentId).execute();
    const settings = await t.ctx.db
      .selectFrom('shop_settings')
      .select('return_address')
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    const warehouses = await t.ctx.db.selectFrom('warehouses').selectAll().execute();
    // No return address and no warehouse: routing cannot say where the parcel goes.
    await t.ctx.db.updateTable('shop_settings').set({ return_address: null }).where('id', '=', 'default').execute();
    await t.ctx.db.updateTable('returns').set({ destination_warehouse_id: null }).execute();
    await t.ctx.db.deleteFrom('warehouses').execute();
    try {
      expect(await planShipment(t.ctx, ret.id)).toBeNull();
      expect(await planShipment(t.ctx, ret.id)).toBeNull();
    } finally {
      await t.ctx.db.insertInto('warehouses').values(warehouses).execute();
      await t.ctx.db
        .updateTable('shop_settings')
        .set({ return_address: settings.return_address && JSON.stringify(settings.return_address) })
        .where('id', '=', 'default')
        .execute();
    }
    expect(await eventsOf(ret.id)).toEqual(['shipment.failed']);
    await t.followUps();
    const notes = await t.ctx.db
      .selectFrom('staff_notifications')
      .select(['kind', 'return_id'])
      .where('return_id', '=', ret.id)
      .execute();
    expect(notes).toEqual([{ kind: 'label_failed', return_id: ret.id }]);
  });
});
