import { describe, expect, it } from 'vitest';
import { renderStoreReceipt, type StoreReceiptInput } from '../src/integrations/labels/storeReceipt.js';
import { pdfText } from './support/pdfText.js';

const receipt = (over: Partial<StoreReceiptInput>): StoreReceiptInput => ({
  locale: 'en',
  shopName: 'Retour Test Shop',
  store: { name: 'Store Amsterdam', address: { line1: 'Kalverstraat 1', postcode: '1012 NX', city: 'Amsterdam', country: 'NL' } },
  returnNumber: 'R-1001',
  orderNumber: '7101',
  takenAt: new Date('2026-06-15T10:00:00Z'),
  timeZone: 'Europe/Amsterdam',
  currency: 'EUR',
  lines: [{ sku: 'TEE-M', title: 'Organic tee', quantity: 1, grade: 'A', resolution: 'refund', amount: 2000 }],
  refunds: [{ amount: 2000, state: 'refunded' }],
  storeCredit: null,
  ...over,
});
const textOf = async (input: StoreReceiptInput) => pdfText(await renderStoreReceipt(input, { compress: false }));

// The shopper's till slip says what happened to their money, in their currency's own units.
describe("a store counter's receipt", () => {
  it('says a refund is made only when it is, and one for a bank transfer as such', async () => {
    expect(await textOf(receipt({}))).toContain('Refunded to your original payment');
    const pending = await textOf(receipt({ refunds: [{ amount: 2000, state: 'pending' }] }));
    expect(pending).toContain('Being refunded to your original payment');
    expect(pending).not.toContain('Refunded to your original payment');
    const bank = await textOf(receipt({ refunds: [{ amount: 2000, state: 'bank_transfer' }] }));
    expect(bank).toContain('To be refunded by bank transfer');
    expect(bank).not.toContain('Refunded to your original payment');
    const nl = await textOf(receipt({ locale: 'nl', refunds: [{ amount: 2000, state: 'bank_transfer' }] }));
    expect(nl).toContain('Wordt terugbetaald per bankoverschrijving');
  });

  it("writes amounts in the currency's own digits", async () => {
    const yen = await textOf(
      receipt({
        currency: 'JPY',
        lines: [{ sku: 'TEE-M', title: 'Organic tee', quantity: 1, grade: 'A', resolution: 'refund', amount: 3500 }],
        refunds: [{ amount: 3500, state: 'refunded' }],
      }),
    );
    expect(yen).toMatch(/3,500/);
    expect(yen).not.toMatch(/35\.00/);
    const euro = await textOf(receipt({}));
    expect(euro).toMatch(/20\.00/);
  });
});
