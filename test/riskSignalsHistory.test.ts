import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from './support/databases.js';
import { DAY } from './support/fixtures.js';
import { askReturn, inspectAll, placeOrder, receiveAll, riskShop, signal, storedRisk } from './support/riskShop.js';
import type { TestApp } from './support/testApp.js';

// Signals worked out from the customer's history before the return, end to end through the
// request and inspection commands, under the default settings.
describe.each(DB_KINDS)('risk signals from the history (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await riskShop(kind);
  });
  afterAll(() => t?.close());

  it('serial returning: most of what a customer buys comes back, many times the shop its own rate', async () => {
    // The rest of the shop keeps what it buys.
    for (let i = 0; i < 10; i++) {
      await placeOrder(t, `keeper${i}-${kind}@example.nl`, { lines: [{ sku: 'JACKET', quantity: 1, price: 20_000 }] });
    }
    const serial = `serial-${kind}@example.nl`;
    const few = `few-${kind}@example.nl`;
    // Returns a fortnight apart: nothing fast about them.
    for (let i = 0; i < 4; i++) {
      await askReturn(t, await placeOrder(t, serial));
      if (i < 2) await askReturn(t, await placeOrder(t, few));
      t.clock.advance(14 * DAY);
    }
    await t.ctx.caches.riskBaseline.forget();
    const asked = await askReturn(t, await placeOrder(t, serial));
    const stored = await storedRisk(t, asked.returnId);
    const s = signal(stored.risk_signals, 'SERIAL_RETURNING');
    expect(s?.detail).toMatchObject({ returns: 4 });
    // 8 000 of 10 000 back against a shop where about 6% comes back.
    expect(s?.detail?.valueRate).toBeCloseTo(0.8, 2);
    expect(Number(s?.detail?.baseline)).toBeLessThan(0.1);
    expect(s?.strength).toBeGreaterThan(4);
    expect(s?.points).toBe(60);
    expect(stored.risk_score).toBeGreaterThanOrEqual(60);
    // A person looks first; the request is not refused.
    expect(stored.status).toBe('under_review');
    expect(stored.refund_after_receipt).toBe(true);

    // Two earlier returns are no pattern yet, whatever the rate.
    const fewer = await askReturn(t, await placeOrder(t, few));
    expect(signal((await storedRisk(t, fewer.returnId)).risk_signals, 'SERIAL_RETURNING')).toBeUndefined();
  });

  it('serial returning leaves brackets out: the other size of a tee kept is a fitting room, not a habit', async () => {
    for (let i = 0; i < 10; i++) {
      await placeOrder(t, `keeper-b${i}-${kind}@example.nl`, { lines: [{ sku: 'JACKET', quantity: 1, price: 20_000 }] });
    }
    const bracketer = `bracketer-${kind}@example.nl`;
    const bracket = {
      lines: [
        { sku: 'TEE-M', quantity: 1, price: 2000 },
        { sku: 'TEE-L', quantity: 1, price: 2000 },
      ],
    };
    for (let i = 0; i < 4; i++) {
      await askReturn(t, await placeOrder(t, bracketer, bracket), [{ sku: 'TEE-L' }]);
      t.clock.advance(14 * DAY);
    }
    await t.ctx.caches.riskBaseline.forget();
    const asked = await askReturn(t, await placeOrder(t, bracketer, bracket), [{ sku: 'TEE-L' }]);
    const signals = (await storedRisk(t, asked.returnId)).risk_signals;
    expect(signal(signals, 'SERIAL_RETURNING')).toBeUndefined();
    expect(signal(signals, 'BRACKETING')).toMatchObject({ points: 0 });
  });

  it('return velocity: returns asked in the window, this one included; older ones do not count', async () => {
    const email = `fast-${kind}@example.nl`;
    await askReturn(t, await placeOrder(t, email));
    t.clock.advance(8 * DAY);
    for (let i = 0; i < 3; i++) {
      await askReturn(t, await placeOrder(t, email));
      t.clock.advance(DAY);
    }
    const asked = await askReturn(t, await placeOrder(t, email));
    const s = signal((await storedRisk(t, asked.returnId)).risk_signals, 'RETURN_VELOCITY');
    expect(s).toMatchObject({ strength: 4, threshold: 4, points: 15 });
  });

  it('refund exposure: money refunded before the goods came, still not received', async () => {
    const email = `exposed-${kind}@example.nl`;
    const earlier = await askReturn(t, await placeOrder(t, email, { lines: [{ sku: 'JACKET', quantity: 1, price: 45_000 }] }), [
      { sku: 'JACKET' },
    ]);
    // Refunded at approval; the parcel never arrived.
    await t.ctx.db
      .updateTable('return_lines')
      .set({ settlement: 'succeeded', settled_amount: 45_000, reception: 'in_transit' })
      .where('return_id', '=', earlier.returnId)
      .execute();
    const asked = await askReturn(t, await placeOrder(t, email));
    const s = signal((await storedRisk(t, asked.returnId)).risk_signals, 'REFUND_EXPOSURE');
    expect(s).toMatchObject({ strength: 45_000, threshold: 30_000, points: 23 });

    // Once the goods are in, nothing is exposed any more.
    await t.ctx.db.updateTable('return_lines').set({ reception: 'received' }).where('return_id', '=', earlier.returnId).execute();
    const later = await askReturn(t, await placeOrder(t, email));
    expect(signal((await storedRisk(t, later.returnId)).risk_signals, 'REFUND_EXPOSURE')).toBeUndefined();
  });

  it('keeps every assessment: at request and again at inspection, with who asked', async () => {
    const asked = await askReturn(t, await placeOrder(t, `kept-${kind}@example.nl`));
    t.clock.advance(2 * DAY);
    await receiveAll(t, asked.returnId);
    await inspectAll(t, asked.returnId, 'A', { tags_attached: true, unworn: true });
    const stored = await storedRisk(t, asked.returnId);
    expect(stored.history.map((h) => [h.stage, h.actor_type])).toEqual([
      ['request', 'cli'],
      ['inspection', 'cli'],
    ]);
    expect(stored.history.every((h) => h.decision.review === false)).toBe(true);
    const customer = await t.ctx.db
      .selectFrom('customers')
      .innerJoin('returns', 'returns.customer_id', 'customers.id')
      .select(['customers.risk_score', 'customers.risk_assessed_at'])
      .where('returns.id', '=', asked.returnId)
      .executeTakeFirstOrThrow();
    expect(customer.risk_assessed_at).not.toBeNull();
    expect(customer.risk_score).toBe(stored.risk_score);
  });
});
