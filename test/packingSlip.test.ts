import { mkdirSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PackingSlipInput, renderPackingSlip } from '../src/integrations/labels/packingSlip.js';
import { qrCodeSvg, returnQrPayload } from '../src/integrations/labels/qrCode.js';

const slip = (overrides: Partial<PackingSlipInput> = {}): PackingSlipInput => ({
  locale: 'en',
  shopName: 'Noord & Zo',
  returnNumber: 'R-10042',
  orderNumber: '5003',
  createdAt: new Date('2026-06-15T10:00:00Z'),
  method: 'pickup',
  pickupSlot: { start: new Date('2026-06-16T07:00:00Z'), end: new Date('2026-06-16T11:00:00Z') },
  timeZone: 'Europe/Amsterdam',
  to: { name: 'Noord & Zo retouren', line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
  customer: { name: 'Sanne de Vries', email: 'sanne@example.nl' },
  lines: [
    {
      sku: 'TEE-M',
      title: 'Organic tee',
      options: { size: 'M' },
      quantity: 1,
      reason: 'Too small',
      resolution: 'exchange',
      exchangeFor: 'Linen shirt M',
    },
    { sku: 'BUDS', title: 'Earbuds', options: {}, quantity: 1, reason: 'Defective', resolution: 'refund' },
  ],
  ...overrides,
});

/** The text of an uncompressed pdfkit document: each TJ array's hex strings (kerning apart) joined. */
function textOf(pdf: Buffer): string {
  return [...pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)]
    .map((m) =>
      [...(m[1] ?? '').matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1] ?? '', 'hex').toString('latin1')).join(''),
    )
    .join(' ');
}

describe('packing slip', () => {
  it('is an A4 PDF with the return number as a barcode, the lines, and how to send it, in the shopper language', async () => {
    mkdirSync('test-results', { recursive: true });
    for (const [locale, phrase] of [
      ['en', 'Put this slip inside the parcel'],
      ['nl', 'Stop deze pakbon in het pakket'],
      ['de', 'Legen Sie diesen Lieferschein in das Paket'],
      ['fr', 'Placez ce bordereau dans le colis'],
    ] as const) {
      const pdf = await renderPackingSlip(slip({ locale }), { compress: false });
      writeFileSync(`test-results/packing-slip-${locale}.pdf`, pdf);
      const raw = pdf.toString('latin1');
      expect(raw.startsWith('%PDF-')).toBe(true);
      expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      expect(raw).toContain('Packing slip R-10042');
      expect(raw.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(1);
      const text = textOf(pdf);
      expect(text).toContain(phrase);
    }
    const en = textOf(await renderPackingSlip(slip(), { compress: false }));
    for (const part of ['TEE-M', 'Linen', 'Defective', 'Retourweg 1', 'Sanne de Vries']) expect(en).toContain(part);
  });

  it('runs a long return onto more pages', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({
      sku: `SKU-${i}`,
      title: `Item ${i}`,
      options: { size: 'M', colour: 'navy' },
      quantity: 1,
      reason: 'Changed my mind',
      resolution: 'refund',
    }));
    const pdf = (await renderPackingSlip(slip({ lines }), { compress: false })).toString('latin1');
    expect(pdf.match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('draws the drop-off QR code as SVG, different for each return', () => {
    const a = qrCodeSvg(returnQrPayload('R-1', '5001'));
    const b = qrCodeSvg(returnQrPayload('R-2', '5001'));
    expect(a.startsWith('<svg')).toBe(true);
    expect(a).toMatch(/<path|<rect/);
    expect(a).not.toBe(b);
  });
});
