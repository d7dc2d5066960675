import { describe, expect, it } from 'vitest';
import { SHOPIFY_REASON_BY_CODE, SHOPIFY_RETURN_REASONS, shopifyReturnReason } from '../../src/domain/platformReturnReasons.js';

describe("Retour's return reasons as Shopify reads them", () => {
  it('maps the usual codes to the closest of Shopify’s reasons', () => {
    expect(shopifyReturnReason(['too_small', 'fit'], 'Too small', 'Runs small')).toEqual({
      reason: 'SIZE_TOO_SMALL',
      note: 'Runs small',
    });
    expect(shopifyReturnReason(['damaged_in_transit', 'quality'], 'Damaged', null).reason).toBe('DEFECTIVE');
    expect(shopifyReturnReason(['changed_mind'], 'Changed my mind', '  ').reason).toBe('UNWANTED');
    expect(shopifyReturnReason(['Wrong_Item'], null, null).reason).toBe('WRONG_ITEM');
  });

  it("reads a shop's own code through its parents before giving up", () => {
    expect(shopifyReturnReason(['sleeves_too_short', 'too_small', 'fit'], 'Sleeves too short', null).reason).toBe(
      'SIZE_TOO_SMALL',
    );
  });

  it('falls back to OTHER with the reason’s own words in the note, and UNKNOWN without a reason', () => {
    expect(shopifyReturnReason(['gift_duplicate'], 'Got it twice as a gift', 'Sorry')).toEqual({
      reason: 'OTHER',
      note: 'Got it twice as a gift: Sorry',
    });
    expect(shopifyReturnReason(['gift_duplicate'], null, null)).toEqual({ reason: 'OTHER', note: 'gift_duplicate' });
    expect(shopifyReturnReason([], null, 'No reason given')).toEqual({ reason: 'UNKNOWN', note: 'No reason given' });
  });

  it('only ever answers a value of Shopify’s ReturnReason enum', () => {
    for (const reason of Object.values(SHOPIFY_REASON_BY_CODE)) expect(SHOPIFY_RETURN_REASONS).toContain(reason);
  });
});
