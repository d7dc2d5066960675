import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY, orderFixture, orderLine, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { publishPolicy } from './support/policies.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

type Seeded = Awaited<ReturnType<typeof seedOrders>>[number];
type Resolution = 'refund' | 'store_credit' | 'exchange';
interface Settlement {
  kind: string;
  amount: number;
  breakdown: { deliveryRefund?: number; returnShippingFee?: number; bonus?: number; total?: number };
}

/** A tee (2 × €20.00) and a rain jacket (€90.00), delivered for €4.95: the whole order is €134.95. */
const twoLines = (number: string, delivered: Date, country = 'NL') =>
  orderFixture(number, delivered, {
    shippingAddress: { line1: 'Keizersgracht 1', postcode: '1015 CJ', city: 'Amsterdam', country },
    lines: [orderLine('TEE-M', 2, 2000, delivered), orderLine('JACKET', 1, 9000, delivered)],
  });

/** Art. 13 and the shopper's quote: what the settlement pays is what the shopper was shown, the
 * standard delivery cost goes back once when the whole order comes back within the withdrawal
 * period (however many returns it takes, whatever they were called), and the store-credit bonus is
 * earned on what is really credited. */
describe.each(DB_KINDS)('money that is due is what the shopper was shown (%s)', (kind) => {
  let t: TestApp;
  let admin: StaffClient;
  let agent: StaffClient;
  const orders: Record<string, Seeded> = {};

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['admin', 'agent']);
    admin = await t.login('admin');
    agent = await t.login('agent');
    // A label costs €3.95 to send back; credit earns 10 %; outside the EU's withdrawal period the
    // restocking fee is the whole value (within it the law forbids one).
    await publishPolicy(t, admin, 'Fees and bonus', {
      defaults: {
        window: { days: 30, from: 'delivery' },
        resolutions: ['refund', 'store_credit', 'exchange'],
        methods: ['qr', 'label'],
        returnShippingFee: { amount: 0, perMethod: { label: 395 } },
        restockingFee: { percent: 100, fixed: 0 },
        bonus: { percent: 10, fixed: 0, for: ['store_credit'] },
      },
      rules: [],
    });
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const seeded = await seedOrders(t.ctx, [
      twoLines('8101', delivered),
      twoLines('8102', delivered),
      twoLines('8103', delivered),
      twoLines('8104', delivered),
      twoLines('8105', delivered, 'US'),
      twoLines('8106', delivered),
    ]);
    for (const o of seeded) orders[o.number] = o;
  });
  afterAll(async () => {
    await t?.close();
  });

  const shopper = (number: string) => t.shopperToken(number, `${number}@example.nl`);
  const lines = (number: string, picked: { sku: string; quantity: number; resolution?: Resolution }[], withdrawal = false) =>
    picked.map((l) => ({
      orderLineId: orders[number]?.lineBySku[l.sku],
      quantity: l.quantity,
      resolution: l.resolution ?? 'refund',
      ...(withdrawal ? {} : { reasonCode: 'too_small' }),
    }));

  /** The shopper's summary before confirming, as the portal asks for it. */
  async function quote(number: string, picked: { sku: string; quantity: number; resolution?: Resolution }[], method: string) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/policy-evaluation',
      bearer: await shopper(number),
      payload: { locale: 'nl', selection: { lines: lines(number, picked), method } },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().totals as { refund: number; storeCredit: number; bonus: number; deliveryRefund: number };
  }

  /** A return made in the portal and approved by staff where the policy did not approve it. */
  async function approvedReturn(
    number: string,
    picked: { sku: string; quantity: number; resolution?: Resolution }[],
    options: { method?: string; withdrawal?: boolean } = {},
  ) {
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/shopper/returns',
      bearer: await shopper(number),
      payload: {
        method: options.method ?? 'qr',
        ...(options.withdrawal ? { withdrawal: true } : {}),
        lines: lines(number, picked, options.withdrawal),
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as { returnId: string; status: string };
    if (created.status !== 'approved') {
      const detail = (await t.request({ method: 'GET', url: `/api/v1/returns/${created.returnId}`, staff: agent })).json();
      const approve = await t.request({
        method: 'POST',
        url: `/api/v1/returns/${created.returnId}/approve`,
        staff: agent,
        payload: { lines: detail.lines.map((l: { id: string }) => ({ returnLineId: l.id })) },
      });
      expect(approve.statusCode, approve.body).toBe(200);
    }
    return created.returnId;
  }

  async function settle(returnId: string): Promise<Settlement[]> {
    const res = await t.request({ method: 'POST', url: `/api/v1/returns/${returnId}/settle`, staff: agent, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    return res.json().settlements;
  }

  const refundOf = (s: Settlement[]) => s.find((x) => x.kind === 'refund');
  const creditOf = (s: Settlement[]) => s.find((x) => x.kind === 'store_credit');

  it('does not count a cancelled whole-order withdrawal when one line is withdrawn afterwards', async () => {
    const all = [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'JACKET', quantity: 1 },
    ];
    const first = await approvedReturn('8101', all, { withdrawal: true });
    const cancelled = await t.request({
      method: 'POST',
      url: `/api/v1/returns/${first}/cancel`,
      staff: agent,
      payload: { reason: 'changed my mind' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(await quote('8101', [{ sku: 'JACKET', quantity: 1 }], 'qr')).toMatchObject({ deliveryRefund: 0, refund: 9000 });
    const again = await approvedReturn('8101', [{ sku: 'JACKET', quantity: 1 }], { withdrawal: true });
    const refund = refundOf(await settle(again));
    expect(refund?.breakdown.deliveryRefund ?? 0).toBe(0);
    expect(refund?.amount).toBe(9000);
  });

  it('refunds the delivery cost when every line comes back within the withdrawal period, withdrawal ticked or not, as the summary said', async () => {
    const all = [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'JACKET', quantity: 1 },
    ];
    const shown = await quote('8102', all, 'qr');
    expect(shown).toMatchObject({ deliveryRefund: 495, refund: 13_495, storeCredit: 0 });
    const refund = refundOf(await settle(await approvedReturn('8102', all)));
    expect(refund?.breakdown.deliveryRefund).toBe(495);
    expect(refund?.amount).toBe(shown.refund);
  });

  it('pays what the summary showed with a return-shipping fee, a credited line and its bonus', async () => {
    const mixed = [
      { sku: 'TEE-M', quantity: 2, resolution: 'store_credit' as const },
      { sku: 'JACKET', quantity: 1 },
    ];
    const shown = await quote('8103', mixed, 'label');
    // €90.00 − €3.95 label + €4.95 delivery; €40.00 credit + 10 %.
    expect(shown).toMatchObject({ refund: 9_100, deliveryRefund: 495, storeCredit: 4_400, bonus: 400 });
    const settled = await settle(await approvedReturn('8103', mixed, { method: 'label' }));
    expect(refundOf(settled)?.amount).toBe(shown.refund);
    expect(refundOf(settled)?.breakdown).toMatchObject({ returnShippingFee: 395, deliveryRefund: 495 });
    expect(creditOf(settled)?.amount).toBe(shown.storeCredit);
    expect(creditOf(settled)?.breakdown).toMatchObject({ bonus: 400, deliveryRefund: 0 });
  });

  it('pays the delivery cost once when two returns together bring the whole order back, also when settled at once', async () => {
    const tees = await approvedReturn('8104', [{ sku: 'TEE-M', quantity: 2 }]);
    // The second return completes the order: its summary says so.
    expect(await quote('8104', [{ sku: 'JACKET', quantity: 1 }], 'qr')).toMatchObject({ deliveryRefund: 495, refund: 9_495 });
    const jacket = await approvedReturn('8104', [{ sku: 'JACKET', quantity: 1 }]);
    const [a, b] = await Promise.all([settle(tees), settle(jacket)]);
    const delivered = [a, b].map((s) => refundOf(s)?.breakdown.deliveryRefund ?? 0);
    expect(delivered.reduce((sum, d) => sum + d, 0)).toBe(495);
    expect([refundOf(a)?.amount, refundOf(b)?.amount].reduce((sum, x) => (sum ?? 0) + (x ?? 0), 0)).toBe(13_495);
    // Asked again: nothing more to settle, nothing paid twice.
    const again = await t.request({ method: 'POST', url: `/api/v1/returns/${jacket}/settle`, staff: agent, payload: {} });
    expect(again.json().started).toEqual([]);
    const rows = await t.ctx.db.selectFrom('settlements').select('breakdown').where('return_id', 'in', [tees, jacket]).execute();
    expect(rows.map((r) => Number((r.breakdown as { deliveryRefund?: number }).deliveryRefund ?? 0)).sort()).toEqual([0, 495]);
  });

  it('gives no bonus on credit a restocking fee took to nothing', async () => {
    // Outside the EU: the policy's restocking fee applies, the whole value of the tee.
    const line = [{ sku: 'TEE-M', quantity: 1, resolution: 'store_credit' as const }];
    expect(await quote('8105', line, 'qr')).toMatchObject({ storeCredit: 0, bonus: 0, deliveryRefund: 0 });
    const returnId = await approvedReturn('8105', line);
    const credit = creditOf(await settle(returnId));
    expect(credit?.amount).toBe(0);
    expect(credit?.breakdown.bonus).toBe(0);
    const entries = await t.ctx.db.selectFrom('store_credit_entries').select('kind').where('return_id', '=', returnId).execute();
    expect(entries.filter((e) => e.kind === 'bonus')).toEqual([]);
  });

  it('counts every unit of the order, and store credit as money back too', async () => {
    const picked = [
      { sku: 'TEE-M', quantity: 2 },
      { sku: 'JACKET', quantity: 1, resolution: 'store_credit' as const },
    ];
    // Every line, but one only in part: not the whole order.
    expect(await quote('8106', [{ sku: 'TEE-M', quantity: 1 }, picked[1] as (typeof picked)[number]], 'qr')).toMatchObject({
      deliveryRefund: 0,
    });
    // Credit is money back too: the delivery cost goes with the credit when nothing is refunded.
    expect(
      await quote(
        '8106',
        picked.map((p) => ({ ...p, resolution: 'store_credit' as const })),
        'qr',
      ),
    ).toMatchObject({ deliveryRefund: 495, storeCredit: 13_000 + 1_300 + 495 });
  });
});
