import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLineEligibility, type LineEligibilityInput } from '../../src/domain/eligibility.js';

const DAY = 86_400_000;
const delivered = new Date('2026-03-02T15:00:00Z');
const base: LineEligibilityInput = {
  quantityOrdered: 2,
  quantityAlreadyReturned: 0,
  quantityRequested: 1,
  orderDeliveredAt: delivered,
  lineDeliveredAt: delivered,
  shippingCountry: 'NL',
  shopWindowDays: 30,
  flags: { finalSale: false, personalised: false, perishable: false, hygieneSealed: false, sealedMedia: false },
  now: new Date(delivered.getTime() + 5 * DAY),
};

describe('line eligibility', () => {
  it('accepts a delivered line inside the window', () => {
    expect(checkLineEligibility(base)).toMatchObject({ eligible: true, codes: [], needsReview: false });
  });

  it('counts the window from the day after delivery, to the end of the last day', () => {
    const deadline = checkLineEligibility(base).deadline;
    expect(deadline?.toISOString()).toBe('2026-04-01T23:59:59.999Z');
  });

  it('reports every reason at once', () => {
    const v = checkLineEligibility({
      ...base,
      quantityAlreadyReturned: 2,
      flags: { ...base.flags, personalised: true, finalSale: true },
      now: new Date(delivered.getTime() + 40 * DAY),
    });
    expect(v.eligible).toBe(false);
    expect(v.codes).toEqual(['WINDOW_EXPIRED', 'ALREADY_RETURNED', 'FINAL_SALE', 'STATUTORY_EXCEPTION_PERSONALISED']);
  });

  it('refuses an undelivered line', () => {
    expect(checkLineEligibility({ ...base, lineDeliveredAt: null, orderDeliveredAt: null }).codes).toEqual(['NOT_DELIVERED']);
  });

  it('sends sealed hygiene goods to review instead of refusing them', () => {
    const v = checkLineEligibility({ ...base, flags: { ...base.flags, hygieneSealed: true } });
    expect(v).toMatchObject({ eligible: true, needsReview: true, codes: ['STATUTORY_EXCEPTION_HYGIENE'] });
  });

  it('never refuses an EU consumer for the window or final sale within 14 days of delivery of the last item', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 14 }),
        fc.boolean(),
        fc.constantFrom('NL', 'BE', 'DE', 'FR'),
        (window, day, finalSale, country) => {
          const v = checkLineEligibility({
            ...base,
            shopWindowDays: window,
            shippingCountry: country,
            flags: { ...base.flags, finalSale },
            now: new Date(delivered.getTime() + day * DAY),
          });
          expect(v.codes).not.toContain('WINDOW_EXPIRED');
          expect(v.codes).not.toContain('FINAL_SALE');
          expect(v.eligible).toBe(true);
        },
      ),
    );
  });

  it('widening the shop window never makes an eligible line ineligible', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 90 }),
        fc.integer({ min: 0, max: 120 }),
        fc.constantFrom('NL', 'US', 'GB', 'DE'),
        (w, extra, day, country) => {
          const now = new Date(delivered.getTime() + day * DAY);
          const narrow = checkLineEligibility({ ...base, shopWindowDays: w, shippingCountry: country, now });
          const wide = checkLineEligibility({ ...base, shopWindowDays: w + extra, shippingCountry: country, now });
          if (narrow.eligible) expect(wide.eligible).toBe(true);
        },
      ),
    );
  });
});
