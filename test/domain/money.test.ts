import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { priceOrderLines } from '../../src/app/catalog/importOrders.js';
import { allocate } from '../../src/domain/money.js';

describe('allocate (largest remainder)', () => {
  it('splits 100 over three equal parts as 34/33/33', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });

  it('always adds up exactly and never gives a part more than its share rounded up', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1_000_000, max: 1_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 20 }),
        (total, weights) => {
          const parts = allocate(total, weights);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
          const sum = weights.reduce((s, w) => s + w, 0);
          if (sum > 0) {
            parts.forEach((p, i) => {
              const exact = (Math.abs(total) * (weights[i] ?? 0)) / sum;
              expect(Math.abs(p)).toBeLessThanOrEqual(Math.ceil(exact));
              expect(Math.abs(p)).toBeGreaterThanOrEqual(Math.floor(exact));
            });
          }
        },
      ),
    );
  });
});

describe('order line pricing at import', () => {
  it('spreads an order discount so line discounts add up to it and tax is included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ unit: fc.integer({ min: 1, max: 50_000 }), qty: fc.integer({ min: 1, max: 5 }) }), {
          minLength: 1,
          maxLength: 6,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (lines, share) => {
          const gross = lines.reduce((s, l) => s + l.unit * l.qty, 0);
          const discount = Math.floor(gross * share);
          const priced = priceOrderLines({
            orderNumber: 'X',
            channel: 'webshop',
            placedAt: '2026-01-01T00:00:00Z',
            currency: 'EUR',
            customer: { email: 'a@b.nl' },
            shippingAddress: { line1: 'x', postcode: '1', city: 'x', country: 'NL' },
            shippingAmount: 0,
            shippingPremiumAmount: 0,
            discountAmount: discount,
            lines: lines.map((l) => ({ sku: 'S', quantity: l.qty, unitPriceAmount: l.unit, discountAmount: 0, taxRateBp: 2100 })),
          });
          expect(priced.reduce((s, p) => s + p.discount, 0)).toBe(discount);
          for (const p of priced) {
            expect(p.paid).toBeGreaterThanOrEqual(0);
            expect(p.paid + p.discount).toBe(p.gross);
            expect(p.tax).toBeGreaterThanOrEqual(0);
            expect(p.tax).toBeLessThanOrEqual(p.paid);
          }
        },
      ),
    );
  });
});
