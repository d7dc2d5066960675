import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flagStalledParcels } from '../src/app/logistics/claims/flagStalledParcels.js';
import { applyStoredWebhooks } from '../src/app/logistics/tracking/applyStoredWebhooks.js';
import { bookedParcels } from './support/bookedParcels.js';
import { FakeSendcloud } from './support/carriers/fakeSendcloud.js';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

const HOUR = 3_600_000;

/** Parcels that go wrong on the way: flagged once (trouble reported, or quiet too long), a claim
 * per parcel with the carrier from open to accepted or rejected, and the shopper paid once. */
describe.each(DB_KINDS)('claims for parcels lost or damaged on the way (%s)', (kind) => {
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  const sendcloud = new FakeSendcloud();
  let connectionId = '';
  let nextOrder = 9600;
  let nextTracking = 1;

  /** An approved return of one tee (paid 2000) for store credit due at inspection, its parcel booked
   * with a label that cost 695. */
  async function returnWithParcel() {
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
    expect(created.json().status).toBe('approved');
    const returnId = created.json().returnId as string;
    const trackingNumber = `3SCLAIM${String(nextTracking++).padStart(7, '0')}`;
    const { shipmentId, parcelIds } = await bookedParcels(t.ctx, {
      returnId,
      connectionId,
      carrier: 'sendcloud',
      trackingNumbers: [trackingNumber],
    });
    await t.ctx.db
      .updateTable('shipments')
      .set({ cost_amount: 695, cost_currency: 'EUR' })
      .where('id', '=', shipmentId)
      .execute();
    return { returnId, trackingNumber, parcelId: parcelIds[0] as string };
  }

  /** The carrier's webhook, as the job applies it, and what follows from its events. */
  async function carrierSays(trackingNumber: string, status: string, at: Date) {
    const delivery = sendcloud.statusWebhook(trackingNumber, status, at);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/carriers/${connectionId}/webhooks`,
      headers: delivery.headers,
      payload: delivery.body,
    });
    expect(res.statusCode, res.body).toBe(200);
    await applyStoredWebhooks(t.ctx, connectionId);
    await t.followUps();
  }

  const hoursAgo = (h: number) => new Date(t.clock.now.getTime() - h * HOUR);
  const parcel = (id: string) =>
    t.ctx.db.selectFrom('shipment_parcels').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const eventsOf = async (returnId: string, type: string) =>
    (await t.ctx.db.selectFrom('events').selectAll().where('return_id', '=', returnId).where('type', '=', type).execute()).length;
  const notes = (returnId: string) =>
    t.ctx.db.selectFrom('staff_notifications').selectAll().where('return_id', '=', returnId).execute();

  /** Runs the stalled check as the tracking round would at a later moment, then puts the clock back. */
  async function stalledCheckAt(later: number) {
    const now = t.clock.now;
    t.clock.now = new Date(now.getTime() + later);
    try {
      await flagStalledParcels(t.ctx);
      await t.followUps();
    } finally {
      t.clock.now = now;
    }
  }

  const post = (url: string, payload: object, staff = agent) => t.request({ method: 'POST', url, staff, payload });

  beforeAll(async () => {
    await sendcloud.start();
    t = await createTestApp(kind, { RETOUR_ENCRYPTION_KEY: 'claims-test-key' });
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse']);
    const admin = await t.login('admin');
    agent = await t.login('agent');
    warehouse = await t.login('warehouse');
    const standard = (await t.request({ method: 'GET', url: '/api/v1/policy-versions/pol_standard', staff: admin })).json();
    await publishPolicy(t, admin, 'Store credit at inspection', {
      ...standard.document,
      defaults: {
        ...standard.document.defaults,
        autoApprove: true,
        refundTiming: 'inspection',
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
    connectionId = connected.json().id;
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sendcloud.stop();
  });

  it('flags a parcel in trouble once and tells staff once, however often the carrier reports it', async () => {
    const { returnId, trackingNumber, parcelId } = await returnWithParcel();
    await carrierSays(trackingNumber, 'to-sorting', hoursAgo(5));
    await carrierSays(trackingNumber, 'exception', hoursAgo(3));
    await carrierSays(trackingNumber, 'delivery-failed', hoursAgo(2));
    expect(await eventsOf(returnId, 'parcel.trouble')).toBe(2);
    expect(await eventsOf(returnId, 'parcel.flagged')).toBe(1);
    expect(await parcel(parcelId)).toMatchObject({ flag_reason: 'exception', flagged_at: t.clock.now });
    expect((await notes(returnId)).map((n) => n.kind)).toEqual(['parcel_trouble']);
    const claims = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/claims`, staff: warehouse })).json();
    expect(claims.parcels).toEqual([
      expect.objectContaining({
        parcelId,
        flagReason: 'exception',
        suggestedKind: 'damaged',
        defaultAmount: 2000 + 695,
        claimId: null,
      }),
    ]);
  });

  it('flags a parcel that stopped moving for the working days set, once, and not before', async () => {
    const { returnId, trackingNumber, parcelId } = await returnWithParcel();
    await carrierSays(trackingNumber, 'to-sorting', hoursAgo(1));
    // Monday 15 June: four days later is still within seven working days.
    await stalledCheckAt(4 * DAY);
    expect((await parcel(parcelId)).flagged_at).toBeNull();
    await stalledCheckAt(12 * DAY);
    await stalledCheckAt(13 * DAY);
    expect(await parcel(parcelId)).toMatchObject({ flag_reason: 'stalled' });
    expect(await eventsOf(returnId, 'parcel.flagged')).toBe(1);
    const told = await notes(returnId);
    expect(told.map((n) => n.kind)).toEqual(['parcel_stalled']);
    expect(told[0]?.facts).toMatchObject({ trackingNumber, reason: 'stalled', workingDays: 7 });

    // Fewer working days set: a parcel quiet for four days is flagged then.
    const other = await returnWithParcel();
    await carrierSays(other.trackingNumber, 'to-sorting', hoursAgo(1));
    const admin = await t.login('admin');
    const bad = await t.request({
      method: 'PUT',
      url: '/api/v1/claims/settings',
      staff: admin,
      payload: { stalledParcelDays: 0 },
    });
    expect([bad.statusCode, bad.json().errors?.[0]?.path]).toEqual([400, 'stalledParcelDays']);
    const set = await t.request({
      method: 'PUT',
      url: '/api/v1/claims/settings',
      staff: admin,
      payload: { stalledParcelDays: 3 },
    });
    expect(set.json()).toEqual({ stalledParcelDays: 3 });
    try {
      await stalledCheckAt(4 * DAY);
      expect((await parcel(other.parcelId)).flag_reason).toBe('stalled');
    } finally {
      await t.request({ method: 'PUT', url: '/api/v1/claims/settings', staff: admin, payload: { stalledParcelDays: 7 } });
    }
  });

  it('takes a claim from open to accepted, refusing bad input and steps out of turn', async () => {
    const { returnId, trackingNumber, parcelId } = await returnWithParcel();
    await carrierSays(trackingNumber, 'exception', hoursAgo(2));
    const url = `/api/v1/returns/${returnId}/claims`;
    const unknown = await post(url, { parcelId: 'par_unknown', kind: 'damaged' });
    expect([unknown.statusCode, unknown.json().code, unknown.json().errors?.[0]?.path]).toEqual([
      422,
      'PARCEL_NOT_OF_RETURN',
      'parcelId',
    ]);
    const negative = await post(url, { parcelId, kind: 'damaged', amountClaimed: -1 });
    expect([negative.statusCode, negative.json().errors?.[0]?.path]).toEqual([400, 'amountClaimed']);
    const wrongKind = await post(url, { parcelId, kind: 'stolen' });
    expect([wrongKind.statusCode, wrongKind.json().errors?.[0]?.path]).toEqual([400, 'kind']);

    const opened = await post(url, { parcelId, kind: 'damaged', note: 'Box crushed, photos in the ticket' }, warehouse);
    expect(opened.statusCode, opened.body).toBe(201);
    const claim = opened.json();
    expect(claim).toMatchObject({
      status: 'open',
      kind: 'damaged',
      amountClaimed: 2695,
      currency: 'EUR',
      carrier: 'sendcloud',
      trackingNumber,
    });
    const again = await post(url, { parcelId, kind: 'lost' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'CLAIM_EXISTS']);

    const early = await post(`/api/v1/claims/${claim.id}/accept`, { amountPaid: 100 });
    expect([early.statusCode, early.json().code]).toEqual([409, 'CLAIM_STEP_NOT_ALLOWED']);
    const noReference = await post(`/api/v1/claims/${claim.id}/submit`, {});
    expect([noReference.statusCode, noReference.json().code, noReference.json().errors?.[0]?.path]).toEqual([
      422,
      'CARRIER_REFERENCE_REQUIRED',
      'carrierReference',
    ]);
    const submitted = await post(`/api/v1/claims/${claim.id}/submit`, { carrierReference: 'SC-CLM-778', amountClaimed: 2600 });
    expect(submitted.json()).toMatchObject({ status: 'submitted', carrierReference: 'SC-CLM-778', amountClaimed: 2600 });
    // The warehouse files claims; what the carrier decided is recorded by agents and admins.
    expect((await post(`/api/v1/claims/${claim.id}/accept`, { amountPaid: 2600 }, warehouse)).statusCode).toBe(403);
    const tooMuch = await post(`/api/v1/claims/${claim.id}/accept`, { amountPaid: 2601 });
    expect([tooMuch.statusCode, tooMuch.json().code, tooMuch.json().errors?.[0]?.path]).toEqual([
      422,
      'AMOUNT_PAID_ABOVE_CLAIM',
      'amountPaid',
    ]);
    expect((await post(`/api/v1/claims/${claim.id}/notes`, { note: 'Carrier asked for the invoice' })).statusCode).toBe(200);
    const accepted = await post(`/api/v1/claims/${claim.id}/accept`, { amountPaid: 2000, note: 'Label cost not refunded' });
    expect(accepted.json()).toMatchObject({ status: 'accepted', amountPaid: 2000 });
    expect(accepted.json().history.map((h: { type: string }) => h.type)).toEqual([
      'claim.opened',
      'claim.submitted',
      'claim.note_added',
      'claim.accepted',
    ]);
    expect(accepted.json().history[0]).toMatchObject({ note: 'Box crushed, photos in the ticket', actor: { type: 'staff' } });
    expect(accepted.json().history[0].actor.name).toBeTruthy();
    const rejectLate = await post(`/api/v1/claims/${claim.id}/reject`, { note: 'too late' });
    expect(rejectLate.json().code).toBe('CLAIM_STEP_NOT_ALLOWED');

    const list = (
      await t.request({ method: 'GET', url: '/api/v1/claims?status=accepted&carrier=sendcloud', staff: warehouse })
    ).json();
    expect(list.items.map((c: { id: string }) => c.id)).toContain(claim.id);
    expect(list.items.every((c: { status: string }) => c.status === 'accepted')).toBe(true);
    expect(list.totals).toEqual([expect.objectContaining({ currency: 'EUR', count: list.items.length })]);
    expect((await t.request({ method: 'GET', url: '/api/v1/claims?status=lost', staff: warehouse })).statusCode).toBe(400);
  });

  it('pays the shopper for a lost parcel once, as if it had arrived, and marks the return lost', async () => {
    const { returnId, trackingNumber, parcelId } = await returnWithParcel();
    await carrierSays(trackingNumber, 'to-sorting', hoursAgo(2));
    const claim = (await post(`/api/v1/returns/${returnId}/claims`, { parcelId, kind: 'lost' })).json();
    const first = await post(`/api/v1/claims/${claim.id}/refund-shopper`, {});
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ status: 'lost' });
    expect(first.json().started).toHaveLength(1);
    const again = await post(`/api/v1/claims/${claim.id}/refund-shopper`, {});
    expect(again.json()).toMatchObject({ status: 'lost', started: [] });
    const settlements = await t.ctx.db
      .selectFrom('settlements')
      .select(['amount', 'kind'])
      .where('return_id', '=', returnId)
      .execute();
    expect(settlements).toEqual([{ amount: 2000, kind: 'store_credit' }]);
    expect(await eventsOf(returnId, 'claim.shopper_refunded')).toBe(1);
    expect(await eventsOf(returnId, 'return.lost')).toBe(1);
  });

  it('does not pay for a parcel the carrier took back to the shopper', async () => {
    const { returnId, trackingNumber, parcelId } = await returnWithParcel();
    await carrierSays(trackingNumber, 'returned-to-sender', hoursAgo(2));
    const claims = (await t.request({ method: 'GET', url: `/api/v1/returns/${returnId}/claims`, staff: agent })).json();
    expect(claims.parcels[0]).toMatchObject({ flagReason: 'returned_to_sender', suggestedKind: 'returned_to_sender' });
    const claim = (await post(`/api/v1/returns/${returnId}/claims`, { parcelId, kind: 'returned_to_sender' })).json();
    const refused = await post(`/api/v1/claims/${claim.id}/refund-shopper`, {});
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'GOODS_BACK_WITH_SHOPPER']);
    expect(await t.ctx.db.selectFrom('settlements').select('id').where('return_id', '=', returnId).execute()).toEqual([]);
    const rejected = await post(`/api/v1/claims/${claim.id}/reject`, { note: 'Parcel is back with the shopper' });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
  });
});
