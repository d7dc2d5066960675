import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../src/app/kernel/context.js';
import { settleReturn } from '../src/app/money/settleReturn.js';
import { type ClaimsHarness, claimsHarness } from './support/claimsHarness.js';
import { DB_KINDS } from './support/databases.js';

/** "Pay the shopper as if received" for a claim: only for a parcel the carrier had, once however
 * often or at once it is pressed, again after the provider refused, and a return with more boxes
 * stays open for the boxes still coming. */
describe.each(DB_KINDS)('paying the shopper for a claimed parcel (%s)', (kind) => {
  let h: ClaimsHarness;
  beforeAll(async () => {
    h = await claimsHarness(kind);
  }, 60_000);
  afterAll(async () => {
    await h?.close();
  });

  const openLost = async (returnId: string, parcelId: string) => {
    const opened = await h.post(`/api/v1/returns/${returnId}/claims`, { parcelId, kind: 'lost' });
    expect(opened.statusCode, opened.body).toBe(201);
    return opened.json().id as string;
  };
  const payShopper = (claimId: string) => h.post(`/api/v1/claims/${claimId}/refund-shopper`, {});
  const settlementsOf = (returnId: string) =>
    h.t.ctx.db.selectFrom('settlements').select(['status', 'amount']).where('return_id', '=', returnId).orderBy('id').execute();

  it('refuses to pay for a parcel the carrier never scanned, or one on its way back, whatever kind the claim says', async () => {
    const unscanned = await h.returnWithParcels();
    const claimId = await openLost(unscanned.returnId, unscanned.parcelId);
    const refused = await payShopper(claimId);
    expect([refused.statusCode, refused.json().code]).toEqual([409, 'PARCEL_NOT_WITH_CARRIER']);

    const goingBack = await h.returnWithParcels();
    await h.carrierSays(goingBack.trackingNumber, 'to-sorting', h.hoursAgo(3));
    await h.carrierSays(goingBack.trackingNumber, 'returned-to-sender', h.hoursAgo(1));
    const lostClaim = await openLost(goingBack.returnId, goingBack.parcelId);
    const back = await payShopper(lostClaim);
    expect([back.statusCode, back.json().code]).toEqual([409, 'GOODS_BACK_WITH_SHOPPER']);
    expect(await settlementsOf(unscanned.returnId)).toEqual([]);
    expect(await settlementsOf(goingBack.returnId)).toEqual([]);
  });

  it('leaves the return settleable when the provider refuses the refund, and pays when pressed again', async () => {
    // The shopper paid less at the provider than the order says: Mollie refuses a refund of 2000.
    const r = await h.returnWithParcels({ paidByMollie: 100 });
    await h.carrierSays(r.trackingNumber, 'to-sorting', h.hoursAgo(2));
    const claimId = await openLost(r.returnId, r.parcelId);
    const refused = await payShopper(claimId);
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ paid: false, status: 'in_transit' });
    expect(await settlementsOf(r.returnId)).toEqual([{ status: 'failed', amount: 2000 }]);
    expect(await h.eventsOf(r.returnId, 'claim.shopper_refunded')).toBe(0);

    const payment = h.mollie.payments.get(r.payment as string);
    if (payment) payment.amount = 2000;
    const paid = await payShopper(claimId);
    expect(paid.json()).toMatchObject({ paid: true, status: 'lost' });
    expect(await settlementsOf(r.returnId)).toEqual([
      { status: 'failed', amount: 2000 },
      { status: 'succeeded', amount: 2000 },
    ]);
    expect(await h.eventsOf(r.returnId, 'claim.shopper_refunded')).toBe(1);
    expect(paid.json().claim.history.map((s: { type: string }) => s.type)).toEqual(['claim.opened', 'claim.shopper_refunded']);
  });

  it('records the payment on the retry when the call that started the money died before recording it', async () => {
    const r = await h.returnWithParcels();
    await h.carrierSays(r.trackingNumber, 'to-sorting', h.hoursAgo(2));
    const claimId = await openLost(r.returnId, r.parcelId);
    // What the first call committed before it died: the settlement, not the claim's event.
    const begun = await settleReturn(h.t.ctx, { actor: cliActor }, { returnId: r.returnId, trigger: 'parcel_claim' });
    expect(begun.started).toHaveLength(1);
    const retried = await payShopper(claimId);
    expect(retried.json()).toMatchObject({ paid: true, status: 'lost', started: [] });
    expect(await h.eventsOf(r.returnId, 'claim.shopper_refunded')).toBe(1);
    expect(await settlementsOf(r.returnId)).toHaveLength(1);
  });

  it('pays once when pressed twice at the same moment', async () => {
    const r = await h.returnWithParcels();
    await h.carrierSays(r.trackingNumber, 'to-sorting', h.hoursAgo(2));
    const claimId = await openLost(r.returnId, r.parcelId);
    const both = await Promise.all([payShopper(claimId), payShopper(claimId)]);
    expect(both.map((b) => b.statusCode)).toEqual([200, 200]);
    expect(both.flatMap((b) => b.json().started)).toHaveLength(1);
    expect(await settlementsOf(r.returnId)).toHaveLength(1);
    expect(await h.eventsOf(r.returnId, 'claim.shopper_refunded')).toBe(1);
    expect(await h.eventsOf(r.returnId, 'return.lost')).toBe(1);
  });

  it('keeps a return of two boxes open for the box still coming, and marks it lost once both are', async () => {
    const r = await h.returnWithParcels({ boxes: 2 });
    const [first, second] = r.parcelIds as [string, string];
    for (const number of r.trackingNumbers) await h.carrierSays(number, 'to-sorting', h.hoursAgo(2));
    const firstClaim = await openLost(r.returnId, first);
    const paid = await payShopper(firstClaim);
    expect(paid.json()).toMatchObject({ paid: true, status: 'in_transit' });
    expect(paid.json().started).toHaveLength(1);
    const lines = await h.t.ctx.db.selectFrom('return_lines').select('reception').where('return_id', '=', r.returnId).execute();
    expect(lines.map((l) => l.reception)).toEqual(['in_transit']);

    const secondClaim = await openLost(r.returnId, second);
    const both = await payShopper(secondClaim);
    expect(both.json()).toMatchObject({ paid: true, status: 'lost', started: [] });
    expect(await settlementsOf(r.returnId)).toHaveLength(1);
    expect(await h.eventsOf(r.returnId, 'claim.shopper_refunded')).toBe(2);
    expect(await h.eventsOf(r.returnId, 'return.lost')).toBe(1);
  });
});
