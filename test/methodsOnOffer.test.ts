import { describe, expect, it } from 'vitest';
import { methodsOnOffer, type OrderShipping } from '../src/app/returns/shippingOffers.js';
import type { ReturnMethod } from '../src/domain/policy/document.js';

const ALL: { method: ReturnMethod }[] = ['label', 'qr', 'pickup', 'partner', 'store'].map((method) => ({
  method: method as ReturnMethod,
}));
const offered = (shipping: OrderShipping) => methodsOnOffer(ALL, shipping).map((m) => m.method);

describe('methods on offer for a shopper country', () => {
  it("offers, where no carrier is mapped, what Retour's own label stands in for and the store, never a partner point", () => {
    expect(offered({ country: 'BE', postcode: '2000', carried: null })).toEqual(['label', 'qr', 'pickup', 'store']);
  });

  it('offers, where carriers are mapped, only what they carry there and the store', () => {
    const shipping: OrderShipping = {
      country: 'NL',
      postcode: '1012 RR',
      carried: [{ method: 'partner', needsServicePoint: true }],
    };
    expect(offered(shipping)).toEqual(['partner', 'store']);
  });
});
