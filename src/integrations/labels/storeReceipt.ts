import type { Address } from '../../db/schema.js';
import { winAnsi } from './packingSlip.js';
import { openPdf } from './pdfDocument.js';

type ReceiptLocale = 'en' | 'nl';

export interface StoreReceiptInput {
  locale: ReceiptLocale;
  shopName: string;
  store: { name: string; address: Address };
  returnNumber: string;
  orderNumber: string;
  takenAt: Date;
  timeZone: string;
  currency: string;
  lines: { sku: string; title: string; quantity: number; grade: string | null; resolution: string; amount: number }[];
  /** Each refund to the original payment: made, still on its way, or waiting for staff to pay it
   * by bank transfer. */
  refunds: { amount: number; state: ReceiptRefundState }[];
  storeCredit: { code: string; amount: number } | null;
}

export type ReceiptRefundState = 'refunded' | 'pending' | 'bank_transfer';

const TEXT = {
  title: { en: 'Return receipt', nl: 'Retourbon' },
  return: { en: 'Return', nl: 'Retour' },
  order: { en: 'Order', nl: 'Bestelling' },
  date: { en: 'Date', nl: 'Datum' },
  grade: { en: 'Grade', nl: 'Beoordeling' },
  refunded: { en: 'Refunded to your original payment', nl: 'Terugbetaald op je oorspronkelijke betaalmethode' },
  pending: { en: 'Being refunded to your original payment', nl: 'Wordt terugbetaald op je oorspronkelijke betaalmethode' },
  bank_transfer: { en: 'To be refunded by bank transfer', nl: 'Wordt terugbetaald per bankoverschrijving' },
  credited: { en: 'Store credit', nl: 'Winkeltegoed' },
  code: { en: 'Credit code', nl: 'Tegoedcode' },
  nothing: { en: 'No money is due for these items.', nl: 'Voor deze artikelen is geen bedrag verschuldigd.' },
  thanks: { en: 'Keep this receipt. Thank you!', nl: 'Bewaar deze bon. Bedankt!' },
} as const satisfies Record<string, Record<ReceiptLocale, string>>;

const RESOLUTION: Record<string, Record<ReceiptLocale, string>> = {
  refund: { en: 'Refund', nl: 'Geld terug' },
  store_credit: { en: 'Store credit', nl: 'Tegoed' },
  exchange: { en: 'Exchange', nl: 'Omruilen' },
  replacement: { en: 'Replacement', nl: 'Vervanging' },
  repair: { en: 'Repair', nl: 'Reparatie' },
  keep: { en: 'Keep', nl: 'Houden' },
};

/** 80 mm wide, as a till's printer takes it. */
const WIDTH = 226.77;
const MARGIN = 14;

/** The shopper's receipt for a return taken back over a store's counter: the store, the date, the
 * return, each item with its grade and what goes back for it, and how the money comes back and
 * whether it has yet (the store-credit code when credit was issued). Long enough for its lines, as a till slip is.
 * `compress: false` leaves the content streams readable, for tests that look for the texts. */
export function renderStoreReceipt(input: StoreReceiptInput, options: { compress?: boolean } = {}): Promise<Buffer> {
  const l = input.locale;
  const region = l === 'nl' ? 'nl-NL' : 'en-GB';
  // Minor units by the currency's own digits (none for yen, three for dinar), as everywhere else.
  const currency = new Intl.NumberFormat(region, { style: 'currency', currency: input.currency });
  const money = (minor: number) => currency.format(minor / 10 ** (currency.resolvedOptions().maximumFractionDigits ?? 2));
  const height = 300 + input.lines.length * 46 + input.refunds.length * 24 + (input.storeCredit ? 40 : 0);
  const { doc, done } = openPdf(
    { size: [WIDTH, height], margin: MARGIN, compress: options.compress ?? true },
    { title: `${TEXT.title.en} ${input.returnNumber}`, shopName: input.shopName, createdAt: input.takenAt },
  );
  const width = WIDTH - 2 * MARGIN;
  const write = (text: string, opts: PDFKit.Mixins.TextOptions = {}) => doc.text(winAnsi(text), { width, ...opts });
  doc.font('Helvetica-Bold').fontSize(12);
  write(input.shopName, { align: 'center' });
  doc.font('Helvetica').fontSize(8);
  const a = input.store.address;
  write([input.store.name, a.line1, `${a.postcode} ${a.city}`].filter(Boolean).join('\n'), { align: 'center' });
  doc.moveDown();
  doc.font('Helvetica-Bold').fontSize(11);
  write(TEXT.title[l], { align: 'center' });
  doc.font('Helvetica').fontSize(8).moveDown(0.5);
  const when = new Intl.DateTimeFormat(region, { dateStyle: 'medium', timeStyle: 'short', timeZone: input.timeZone }).format(
    input.takenAt,
  );
  write(`${TEXT.return[l]}: ${input.returnNumber}\n${TEXT.order[l]}: ${input.orderNumber}\n${TEXT.date[l]}: ${when}`);
  rule(doc, width);
  for (const line of input.lines) {
    doc.font('Helvetica-Bold');
    write(`${line.quantity} × ${line.title}`);
    doc.font('Helvetica');
    const resolution = RESOLUTION[line.resolution]?.[l] ?? line.resolution;
    write(`${line.sku} · ${TEXT.grade[l]} ${line.grade ?? '–'} · ${resolution}`);
    write(money(line.amount), { align: 'right' });
    doc.moveDown(0.3);
  }
  rule(doc, width);
  doc.font('Helvetica-Bold');
  for (const refund of input.refunds) write(`${TEXT[refund.state][l]}: ${money(refund.amount)}`);
  if (input.storeCredit) {
    write(`${TEXT.credited[l]}: ${money(input.storeCredit.amount)}`);
    doc.font('Helvetica');
    write(`${TEXT.code[l]}: ${input.storeCredit.code}`);
  }
  if (input.refunds.length === 0 && !input.storeCredit) write(TEXT.nothing[l]);
  doc.font('Helvetica').moveDown();
  write(TEXT.thanks[l], { align: 'center' });
  doc.end();
  return done;
}

function rule(doc: PDFKit.PDFDocument, width: number) {
  doc.moveDown(0.4);
  const y = doc.y;
  doc
    .moveTo(MARGIN, y)
    .lineTo(MARGIN + width, y)
    .lineWidth(0.5)
    .stroke();
  doc.moveDown(0.4);
}
