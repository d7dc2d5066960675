import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import {
  instantOverdue,
  momentOf,
  momentReached,
  priceExchange,
  requireCancellable,
  requireShippable,
  settleStatus,
  shipMoment,
  surplusDue,
} from '../../src/domain/exchange.js';

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
