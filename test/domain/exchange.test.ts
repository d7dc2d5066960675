import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import { instantOverdue, priceExchange, surplusDue, surplusRoute } from '../../src/domain/exchange.js';
import { requireCancellable, requireShippable, settleStatus } from '../../src/domain/exchangeOrderLifecycle.js';
import { bonusOn } from '../../src/domain/refund.js';
import { momentOf, momentReached, shipMoment } from '../../src/domain/refundMoment.js';

describe('exchange orders', () => {
  it('prices the difference per line and in all: new units minus what the returned ones were worth', () => {
    const priced = priceExchange([
      { returnLineId: 'a', quantity: 2, unitPrice: 1500, returnedValue: 3600 },
      { returnLineId: 'b', quantity: 1, unitPrice: 3500, returnedValue: 2000 },
    ]);
    expect(priced.lines.map((l) => l.difference)).toEqual([-600, 1500]);
    expect(priced.difference).toBe(900);
  });

  it('the total difference is always the sum of the lines', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            returnLineId: fc.string(),
            quantity: fc.integer({ min: 1, max: 20 }),
            unitPrice: fc.integer({ min: 0, max: 100_000 }),
            returnedValue: fc.integer({ min: 0, max: 2_000_000 }),
          }),
          { maxLength: 10 },
        ),
        (lines) => {
          const priced = priceExchange(lines);
          expect(priced.difference).toBe(priced.lines.reduce((s, l) => s + l.difference, 0));
        },
      ),
    );
  });

  it('takes the exchange bonus off what the shopper pays: new units minus returned value minus the bonus', () => {
    const terms = { percent: 10, fixed: 0 };
    const priced = priceExchange([{ returnLineId: 'a', quantity: 1, unitPrice: 6000, returnedValue: 5000, bonusTerms: terms }]);
    expect(priced.lines[0]).toMatchObject({ bonus: 500, difference: 500 });
    expect(priced).toMatchObject({ bonus: 500, difference: 500 });
    // Same price: the bonus has nothing left to pay, and it is never paid out.
    expect(
      priceExchange([{ returnLineId: 'a', quantity: 1, unitPrice: 5000, returnedValue: 5000, bonusTerms: terms }]),
    ).toMatchObject({
      bonus: 0,
      difference: 0,
    });
    // Only just dearer: the bonus pays the rest, down to zero, not beyond.
    expect(
      priceExchange([{ returnLineId: 'a', quantity: 1, unitPrice: 5200, returnedValue: 5000, bonusTerms: terms }]),
    ).toMatchObject({
      bonus: 200,
      difference: 0,
    });
    // A cheaper item: the surplus is what came back minus the new item, no bonus on top.
    expect(
      priceExchange([{ returnLineId: 'a', quantity: 1, unitPrice: 3000, returnedValue: 5000, bonusTerms: terms }]),
    ).toMatchObject({
      bonus: 0,
      difference: -2000,
    });
  });

  it('gives no bonus to a replacement under the guarantee, nor on a line worth nothing', () => {
    const terms = { percent: 10, fixed: 500 };
    const priced = priceExchange([
      { returnLineId: 'r', quantity: 1, unitPrice: 9000, returnedValue: 5000, replacement: true, bonusTerms: terms },
      { returnLineId: 'z', quantity: 1, unitPrice: 1000, returnedValue: 0, bonusTerms: terms },
    ]);
    expect(priced.lines.map((l) => [l.bonus, l.difference])).toEqual([
      [0, 0],
      [0, 1000],
    ]);
    expect(priced.difference).toBe(1000);
  });

  it("a surplus of one line does not turn another line's bonus into money", () => {
    const terms = { percent: 10, fixed: 0 };
    const priced = priceExchange([
      { returnLineId: 'a', quantity: 1, unitPrice: 5000, returnedValue: 10_000, bonusTerms: terms },
      { returnLineId: 'b', quantity: 1, unitPrice: 15_000, returnedValue: 10_000, bonusTerms: terms },
    ]);
    // Without the bonus the order is even; with it the shopper would get 20.00 back in money.
    expect(priced).toMatchObject({ bonus: 0, difference: 0 });
  });

  it('adds the whole bonus to a surplus that goes to store credit, and such a surplus always goes there', () => {
    const terms = { percent: 10, fixed: 0 };
    const cheaper = [{ returnLineId: 'a', quantity: 1, unitPrice: 3000, returnedValue: 5000, bonusTerms: terms }];
    const priced = priceExchange(cheaper, 'store_credit');
    expect(priced).toMatchObject({ bonus: 500, difference: -2500 });
    // The shop switched its surplus to refunds after the order was priced: the bonus stays credit.
    expect(surplusRoute('refund', priced)).toBe('store_credit');
    expect(surplusRoute('refund', priceExchange(cheaper, 'refund'))).toBe('refund');
    expect(surplusRoute('store_credit', priceExchange(cheaper, 'refund'))).toBe('store_credit');
  });

  it('difference = price − value − bonus, the bonus is at most what the policy gives, and never adds to a surplus', () => {
    const line = fc.record({
      returnLineId: fc.string(),
      quantity: fc.integer({ min: 1, max: 20 }),
      unitPrice: fc.integer({ min: 0, max: 100_000 }),
      returnedValue: fc.integer({ min: 0, max: 2_000_000 }),
      replacement: fc.boolean(),
      bonusTerms: fc.option(fc.record({ percent: fc.integer({ min: 0, max: 100 }), fixed: fc.integer({ min: 0, max: 5000 }) })),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 10 }), fc.constantFrom('refund' as const, 'store_credit' as const), (lines, to) => {
        const priced = priceExchange(lines, to);
        const bought = lines.filter((l) => !l.replacement);
        const price = bought.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
        const value = bought.reduce((s, l) => s + l.returnedValue, 0);
        const earned = bought.reduce((s, l) => s + bonusOn(l.returnedValue, l.bonusTerms), 0);
        expect(priced.difference).toBe(price - value - priced.bonus);
        expect(priced.difference).toBe(priced.lines.reduce((s, l) => s + l.difference, 0));
        expect(priced.bonus).toBe(priced.lines.reduce((s, l) => s + l.bonus, 0));
        expect(priced.bonus).toBeGreaterThanOrEqual(0);
        expect(priced.bonus).toBeLessThanOrEqual(earned);
        if (to === 'refund') {
          // All the bonus is given whenever what is left to pay allows it.
          expect(priced.bonus).toBe(Math.min(earned, Math.max(0, price - value)));
          // No cash loophole: what goes back is never more than the returned value exceeds the price.
          expect(Math.max(0, -priced.difference)).toBe(Math.max(0, value - price));
        } else {
          expect(priced.bonus).toBe(earned);
        }
        // Whatever the setting is by the time the surplus is paid, a bonus in it is paid as credit.
        if (surplusRoute('refund', priced) === 'refund') expect(Math.max(0, -priced.difference)).toBe(Math.max(0, value - price));
        for (const [i, l] of priced.lines.entries()) {
          if (lines[i]?.replacement) expect([l.bonus, l.difference]).toEqual([0, 0]);
          expect(l.bonus).toBeLessThanOrEqual(bonusOn(l.returnedValue, l.bonusTerms));
        }
      }),
    );
  });

  it('waits for payment, then for the moment, unless the exchange is instant', () => {
    const base = { instant: false, difference: 0, moment: 'inspection' as const, paid: false };
    expect(settleStatus({ ...base, reached: 'approval' })).toBe('reserved');
    expect(settleStatus({ ...base, reached: 'inspection' })).toBe('ready');
    expect(settleStatus({ ...base, difference: 100, reached: 'inspection' })).toBe('awaiting_payment');
    expect(settleStatus({ ...base, difference: 100, reached: 'approval', paid: true })).toBe('reserved');
    expect(settleStatus({ ...base, instant: true, reached: 'approval' })).toBe('ready');
    expect(settleStatus({ ...base, instant: true, difference: 100, reached: 'approval' })).toBe('awaiting_payment');
  });

  it('knows the moment a return reached and the latest moment of several lines', () => {
    expect(momentOf('approved')).toBe('approval');
    expect(momentOf('in_transit')).toBe('first_scan');
    expect(momentOf('received')).toBe('receipt');
    expect(momentOf('resolved')).toBe('inspection');
    expect(momentOf('requested')).toBeNull();
    expect(momentReached(null, 'approval')).toBe(false);
    expect(momentReached('receipt', 'first_scan')).toBe(true);
    expect(momentReached('first_scan', 'receipt')).toBe(false);
    expect(shipMoment(['approval', 'receipt', 'first_scan'])).toBe('receipt');
    expect(shipMoment([])).toBe('approval');
  });

  it('pays a surplus back at the moment, and for an instant exchange not before the item arrived', () => {
    const facts = {
      status: 'ready' as const,
      instant: false,
      difference: -500,
      moment: 'approval' as const,
      reached: 'approval' as const,
    };
    expect(surplusDue(facts)).toBe(true);
    expect(surplusDue({ ...facts, difference: 0 })).toBe(false);
    expect(surplusDue({ ...facts, status: 'cancelled' })).toBe(false);
    expect(surplusDue({ ...facts, instant: true })).toBe(false);
    expect(surplusDue({ ...facts, instant: true, reached: 'receipt' })).toBe(true);
  });

  it('ships only a ready order and cancels only one that has not shipped', () => {
    expect(() => requireShippable('ready')).not.toThrow();
    for (const s of ['awaiting_payment', 'reserved', 'shipped', 'cancelled'] as const) {
      expect(() => requireShippable(s)).toThrow(RetourError);
    }
    expect(() => requireCancellable('reserved')).not.toThrow();
    expect(() => requireCancellable('shipped')).toThrow(/shipped/);
    expect(() => requireCancellable('cancelled')).toThrow(/cancelled/);
  });

  it('calls an instant exchange overdue once its date passed without the item, and only once', () => {
    const now = new Date('2026-07-01T00:00:00Z');
    const order = { instant: true, status: 'shipped' as const, returnBy: new Date('2026-06-30T00:00:00Z'), overdueAction: null };
    expect(instantOverdue(order, false, now)).toBe(true);
    expect(instantOverdue(order, true, now)).toBe(false);
    expect(instantOverdue({ ...order, overdueAction: 'review' }, false, now)).toBe(false);
    expect(instantOverdue({ ...order, instant: false }, false, now)).toBe(false);
    expect(instantOverdue({ ...order, returnBy: new Date('2026-07-02T00:00:00Z') }, false, now)).toBe(false);
  });
});
