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
  // 09:00–13:00 in Amsterdam (summer time).
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
    { sku: 'BUDS', title: 'Earbuds', options: {}, quantity: 2, reason: 'Defective', resolution: 'refund' },
  ],
  ...overrides,
});

/** Windows-1252 bytes that Latin-1 reads differently; the ones the slip's texts use. */
const WIN_ANSI: Record<number, string> = { 128: '€', 146: '’', 150: '–', 151: '—' };

/** The text of an uncompressed pdfkit document: each TJ array's hex strings (kerning apart) joined,
 * one TJ per laid-out line. */
function textOf(pdf: Buffer): string {
  return [...pdf.toString('latin1').matchAll(/\[([^\]]*)\] TJ/g)]
    .map((m) =>
      [...(m[1] ?? '').matchAll(/<([0-9a-f]*)>/g)]
        .map((h) => [...Buffer.from(h[1] ?? '', 'hex')].map((b) => WIN_ANSI[b] ?? String.fromCharCode(b)).join(''))
        .join(''),
    )
    .join('\n');
}

const render = async (input: PackingSlipInput) => {
  const pdf = await renderPackingSlip(input, { compress: false });
  const text = textOf(pdf);
  // `flat` for texts that may wrap onto a second line of a cell.
  return { pdf, raw: pdf.toString('latin1'), text, flat: text.replace(/\s+/g, ' ') };
};

const pages = (raw: string) => raw.match(/\/Type \/Page\b/g)?.length ?? 0;

describe('packing slip', () => {
  it.each([
    {
      locale: 'en',
      title: 'Packing slip',
      date: '15 June 2026',
      texts: ['Exchange for Linen shirt M', 'Refund', 'Reason', 'Return address'],
      pickup: 'the courier comes on Tuesday 16 June, 09:00–13:00.',
      inside: 'Put this slip inside the parcel.',
    },
    {
      locale: 'nl',
      title: 'Pakbon',
      date: '15 juni 2026',
      texts: ['Omruilen voor Linen', 'Geld terug', 'Reden', 'Retouradres'],
      pickup: 'de koerier komt op dinsdag 16 juni, 09:00–13:00.',
      inside: 'Stop deze pakbon in het pakket.',
    },
    {
      locale: 'de',
      title: 'Lieferschein für die Rücksendung',
      date: '15. Juni 2026',
      texts: ['Umtausch gegen Linen', 'Erstattung', 'Grund', 'Rücksendeadresse', 'Gewünscht'],
      pickup: 'der Kurier kommt am Dienstag, 16. Juni, 09:00–13:00 Uhr.',
      inside: 'Legen Sie diesen Lieferschein in das Paket.',
    },
    {
      locale: 'fr',
      title: 'Bordereau de retour',
      date: '15 juin 2026',
      texts: ['Échange contre Linen', 'Remboursement', 'Motif', 'Réf.', 'Qté'],
      pickup: 'le coursier passe le mardi 16 juin, 09:00 – 13:00.',
      inside: 'Placez ce bordereau dans le colis.',
    },
  ] as const)('is an A4 PDF with the barcode, the lines and how to send it, in $locale', async (c) => {
    const { pdf, raw, flat } = await render(slip({ locale: c.locale }));
    mkdirSync('test-results', { recursive: true });
    writeFileSync(`test-results/packing-slip-${c.locale}.pdf`, pdf);

    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    const title = raw.match(/\/Title (\d+) 0 R/)?.[1];
    expect(raw).toContain(`\n${title} 0 obj\n(Packing slip R-10042)\n`);
    expect(raw.match(/\/Subtype \/Image/g)?.length).toBeGreaterThanOrEqual(1);
    expect(pages(raw)).toBe(1);
    for (const part of [c.title, c.date, ...c.texts, 'Noord & Zo', 'Order', 'TEE-M', 'Sanne de Vries', 'Retourweg 1'])
      if (part !== 'Order' || c.locale === 'en') expect(flat).toContain(part);
    // Intl's thin spaces (French time ranges) come out as plain spaces, not as stray bytes.
    expect(flat).toContain(c.pickup);
    expect(flat).toContain(c.inside);
  });

  it('names the variant once, whether or not the line title already carries it', async () => {
    const { text } = await render(
      slip({
        lines: [
          {
            sku: 'MER-NV-M',
            title: 'Merino sweater – Navy / M',
            options: { size: 'M', colour: 'Navy' },
            quantity: 1,
            reason: null,
            resolution: 'refund',
          },
          {
            sku: 'MER-NV-L',
            title: 'Merino sweater Navy',
            options: { size: 'L', colour: 'Navy' },
            quantity: 1,
            reason: null,
            resolution: 'refund',
          },
          {
            sku: 'MER-RD-S',
            title: 'Merino sweater',
            options: { size: 'S', colour: 'Red' },
            quantity: 1,
            reason: null,
            resolution: 'refund',
          },
        ],
      }),
    );
    expect(text.match(/Navy/g)).toHaveLength(2);
    expect(text).toContain('Merino sweater – Navy / M');
    expect(text).not.toMatch(/Navy \/ M\s*\n\s*M \/ Navy|\nM \/ Navy|\nNavy \/ M/);
    expect(text).toMatch(/Merino sweater Navy\s*\n\s*L\b/);
    expect(text).toContain('S / Red');
  });

  it('says how the parcel travels for each method, and only that it goes in the parcel when none is chosen', async () => {
    const cases = [
      ['label', 'Print the return label and stick it on the parcel.'],
      ['qr', 'Show the QR code from the returns portal at a service point; you need no printer.'],
      ['store', 'Bring the parcel with this slip to one of our stores.'],
    ] as const;
    for (const [method, instruction] of cases) {
      const { flat: text } = await render(slip({ method, pickupSlot: null }));
      expect(text).toContain(instruction);
      expect(text).toContain('Put this slip inside the parcel.');
    }
    const unslotted = await render(slip({ method: 'pickup', pickupSlot: null }));
    expect(unslotted.flat).toContain('Have the parcel ready in the pickup slot you chose.');
    const none = await render(slip({ method: null }));
    expect(none.flat).toContain('Put this slip inside the parcel.');
    for (const [, instruction] of cases) expect(none.flat).not.toContain(instruction);
  });

  it('shows accents and € in Helvetica, and keeps the rest of a line readable past characters it lacks', async () => {
    const { flat: text } = await render(
      slip({
        locale: 'fr',
        lines: [
          {
            sku: 'CAFÉ-1',
            title: 'Tasse à café crème',
            options: { taille: 'Größe XL' },
            quantity: 1,
            reason: 'Abîmé à la livraison',
            resolution: 'exchange',
            exchangeFor: 'Carte cadeau €25',
          },
          { sku: 'ŁÓDŹ', title: 'Kurtka Łódź 🧥 zimowa', options: {}, quantity: 1, reason: null, resolution: 'store_credit' },
        ],
      }),
    );
    for (const part of ['CAFÉ-1', 'Tasse à café crème', 'Größe XL', 'Abîmé à la livraison', 'Carte cadeau €25', 'Avoir'])
      expect(text).toContain(part);
    expect(text).toContain('?ÓDZ');
    expect(text).toContain('Kurtka ?ódz ? zimowa');
  });

  it('runs a long return onto a second page with the table header again', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({
      sku: `SKU-${i}`,
      title: `Item ${i}`,
      options: { size: 'M', colour: 'navy' },
      quantity: 1,
      reason: 'Changed my mind',
      resolution: 'refund',
    }));
    const { pdf, raw, text } = await render(slip({ lines }));
    writeFileSync('test-results/packing-slip-long.pdf', pdf);
    expect(pages(raw)).toBe(2);
    expect(text.match(/^Reason$/gm)?.length).toBe(2);
    expect(text).toContain('Packing slip R-10042 (continued)');
    for (const i of [0, 20, 39]) expect(text).toContain(`SKU-${i}`);
    // The instructions come after the last line, all on the last page.
    expect(text.indexOf('Put this slip inside the parcel.')).toBeGreaterThan(text.indexOf('SKU-39'));
  });

  it('compresses by default', async () => {
    const raw = (await renderPackingSlip(slip())).toString('latin1');
    expect(raw).toContain('/FlateDecode');
    expect(textOf(Buffer.from(raw, 'latin1'))).not.toContain('Packing slip');
  });

  it('draws the drop-off QR code as SVG, different for each return', () => {
    expect(returnQrPayload('R-1', '5001')).toBe('RETOUR:R-1:5001');
    const a = qrCodeSvg(returnQrPayload('R-1', '5001'));
    const b = qrCodeSvg(returnQrPayload('R-2', '5001'));
    expect(a).toMatch(/^<svg role="img" viewBox="[\d. ]+" xmlns="http:\/\/www\.w3\.org\/2000\/svg">/);
    expect(a).toMatch(/<path d="M[\d LMZ]+"/);
    expect(a).toMatch(/<rect /);
    expect(a.trimEnd().endsWith('</svg>')).toBe(true);
    expect(a).not.toBe(b);
  });
});
