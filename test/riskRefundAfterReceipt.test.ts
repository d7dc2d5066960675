import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { FakePaymentProvider } from './support/fakePaymentProviders.js';
import { DAY } from './support/fixtures.js';
import { askReturn, placeOrder, receiveAll, riskShop, storedRisk } from './support/riskShop.js';
import type { StaffClient, TestApp } from './support/testApp.js';

const KEY = 'risk-refund-after-receipt-key';

// A risky return's money waits for its goods, although the policy pays on approval: the score
// raises each line's timing to receipt when it is asked, and a return flagged later (as an
// automation rule may) is not paid before receipt either.
describe.each(DB_KINDS)('refund only after receipt (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let seq = 0;
  const mollie = new FakePaymentProvider('mollie');

  beforeAll(async () => {
    await mollie.start();
    // The key the provider's API key is kept encrypted with.
    t = await riskShop(kind, { RETOUR_ENCRYPTION_KEY: KEY });
    admin = await t.login('admin');
    const send = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
      const res = await t.request({ method, url, staff: admin, payload });
      return { status: res.statusCode, body: res.json() };
    };
    const configured = await send('PUT', '/api/v1/payment-providers/mollie', { apiKey: mollie.apiKey, baseUrl: mollie.url });
    expect(configured.status, JSON.stringify(configured.body)).toBe(200);
    // Every return waits for a person, and money moves as soon as it is approved.
    const standard = (await send('GET', '/api/v1/policy-versions/pol_standard')).body as { document: { defaults: object } };
    const document = {
      ...standard.document,
      defaults: { ...standard.document.defaults, refundTiming: 'approval', autoApprove: false },
    };
    const draft = await send('POST', '/api/v1/policy-versions', { name: 'Paid on approval', document });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect((await send('POST', `/api/v1/policy-versions/${(draft.body as { id: string }).id}/publish`, {})).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await mollie.stop();
  });

  /** A paid order of one tee and the request of its return. */
  async function paidReturn(email: string) {
    const payment = mollie.addPayment(2000);
    const asked = await askReturn(t, await placeOrder(t, email, { molliePayment: payment }));
    return { ...asked, refunds: () => mollie.payments.get(payment)?.refunds ?? [] };
  }

  /** A customer an earlier box of whom came back empty: risky enough for money to wait, not for a
   * refusal. A day on; the admin's session, lapsed by then, is opened again. */
  async function emptyBoxBefore(who: string): Promise<string> {
    seq += 1;
    const email = `${who}${seq}-${kind}@example.nl`;
    const earlier = await askReturn(t, await placeOrder(t, email));
    await approve(earlier.returnId);
    await receiveAll(t, earlier.returnId, { quantity: 0 });
    t.clock.advance(DAY);
    admin = await t.login('admin');
    return email;
  }

  async function approve(returnId: string) {
    const lines = await t.ctx.db.selectFrom('return_lines').select('id').where('return_id', '=', returnId).execute();
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${returnId}/approve`,
      staff: admin,
      payload: { lines: lines.map((l) => ({ returnLineId: l.id })) },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function receive(returnId: string) {
    const lines = await t.ctx.db
      .selectFrom('return_lines')
      .select(['id', 'quantity'])
      .where('return_id', '=', returnId)
      .execute();
    const res = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${returnId}/receive`,
      staff: admin,
      payload: { lines: lines.map((l) => ({ returnLineId: l.id, quantity: l.quantity })) },
    });
    expect(res.statusCode, res.body).toBe(200);
  }

  const timings = async (returnId: string) =>
    (await t.ctx.db.selectFrom('return_lines').select('verdict').where('return_id', '=', returnId).execute()).map(
      (l) => (l.verdict as { refundTiming?: string } | null)?.refundTiming,
    );

  it('an honest return is paid on approval, as the policy says', async () => {
    seq += 1;
    const honest = await paidReturn(`honest${seq}-${kind}@example.nl`);
    expect(await timings(honest.returnId)).toEqual(['approval']);
    await approve(honest.returnId);
    expect(honest.refunds()).toHaveLength(1);
  });

  it('a risky return is approved, and paid only when its goods are received', async () => {
    const risky = await paidReturn(await emptyBoxBefore('risky'));
    const stored = await storedRisk(t, risky.returnId);
    expect(stored.risk_score).toBeGreaterThanOrEqual(30);
    expect(stored.refund_after_receipt).toBe(true);
    expect(await timings(risky.returnId)).toEqual(['receipt']);
    await approve(risky.returnId);
    expect(risky.refunds()).toHaveLength(0);
    await receive(risky.returnId);
    expect(risky.refunds()).toHaveLength(1);
  });

  it('a risky return whose score a person clears is paid as the policy says, at once when its moment has come', async () => {
    const risky = await paidReturn(await emptyBoxBefore('cleared'));
    expect(await timings(risky.returnId)).toEqual(['receipt']);
    await approve(risky.returnId);
    expect(risky.refunds()).toHaveLength(0);
    const reviewed = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${risky.returnId}/risk/review`,
      staff: admin,
      payload: { outcome: 'cleared', note: 'The carrier lost the earlier parcel’s contents' },
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(await timings(risky.returnId)).toEqual(['approval']);
    expect(risky.refunds()).toHaveLength(1);
  });

  it('a return flagged after it was asked waits for its goods too', async () => {
    seq += 1;
    const flagged = await paidReturn(`flagged${seq}-${kind}@example.nl`);
    expect(await timings(flagged.returnId)).toEqual(['approval']);
    await t.ctx.db.updateTable('returns').set({ refund_after_receipt: true }).where('id', '=', flagged.returnId).execute();
    await approve(flagged.returnId);
    expect(flagged.refunds()).toHaveLength(0);
    await receive(flagged.returnId);
    expect(flagged.refunds()).toHaveLength(1);
  });
});
