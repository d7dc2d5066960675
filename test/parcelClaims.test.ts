import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClaimsHarness, claimsHarness } from './support/claimsHarness.js';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import type { StaffClient, TestApp } from './support/testApp.js';

/** Parcels that go wrong on the way: flagged once (trouble reported, or quiet too long), a claim
 * per parcel with the carrier from open to accepted or rejected, and the shopper paid once. */
describe.each(DB_KINDS)('claims for parcels lost or damaged on the way (%s)', (kind) => {
  let h: ClaimsHarness;
  let t: TestApp;
  let agent: StaffClient;
  let warehouse: StaffClient;
  const returnWithParcel = () => h.returnWithParcels();
  const carrierSays = (trackingNumber: string, status: string, at: Date) => h.carrierSays(trackingNumber, status, at);
  const hoursAgo = (hours: number) => h.hoursAgo(hours);
  const parcel = (id: string) => h.parcel(id);
  const eventsOf = (returnId: string, type: string) => h.eventsOf(returnId, type);
  const notes = (returnId: string) => h.notes(returnId);
  const stalledCheckAt = (later: number) => h.stalledCheckAt(later);
  const post = (url: string, payload: object, staff = agent) => h.post(url, payload, staff);

  beforeAll(async () => {
    h = await claimsHarness(kind);
    ({ t, agent, warehouse } = h);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
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
