import bwipjs from 'bwip-js';
import type { Address } from '../../db/schema.js';
import { openPdf } from './pdfDocument.js';

type SlipLocale = 'nl' | 'en' | 'de' | 'fr';
type SlipMethod = 'label' | 'qr' | 'pickup' | 'store';

export interface PackingSlipInput {
  locale: SlipLocale;
  shopName: string;
  returnNumber: string;
  orderNumber: string;
  createdAt: Date;
  method: SlipMethod | null;
  pickupSlot?: { start: Date; end: Date } | null;
  timeZone: string;
  to: Address;
  customer: { name?: string; email: string };
  lines: {
    sku: string;
    title: string;
    options: Record<string, string>;
    quantity: number;
    reason: string | null;
    resolution: string;
    exchangeFor?: string | null;
  }[];
}

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

const TEXT = {
  title: { nl: 'Pakbon', en: 'Packing slip', de: 'Lieferschein für die Rücksendung', fr: 'Bordereau de retour' },
  order: { nl: 'Bestelling', en: 'Order', de: 'Bestellung', fr: 'Commande' },
  date: { nl: 'Datum', en: 'Date', de: 'Datum', fr: 'Date' },
  from: { nl: 'Van', en: 'From', de: 'Von', fr: 'De' },
  to: { nl: 'Retouradres', en: 'Return address', de: 'Rücksendeadresse', fr: 'Adresse de retour' },
  sku: { nl: 'Artikelnr.', en: 'SKU', de: 'Art.-Nr.', fr: 'Réf.' },
  item: { nl: 'Artikel', en: 'Item', de: 'Artikel', fr: 'Article' },
  qty: { nl: 'Aantal', en: 'Qty', de: 'Menge', fr: 'Qté' },
  reason: { nl: 'Reden', en: 'Reason', de: 'Grund', fr: 'Motif' },
  wish: { nl: 'Gewenst', en: 'Wanted', de: 'Gewünscht', fr: 'Souhait' },
  exchangeFor: { nl: 'Omruilen voor', en: 'Exchange for', de: 'Umtausch gegen', fr: 'Échange contre' },
  continued: { nl: 'vervolg', en: 'continued', de: 'Fortsetzung', fr: 'suite' },
  label: {
    nl: 'Print het retourlabel en plak het op het pakket.',
    en: 'Print the return label and stick it on the parcel.',
    de: 'Drucken Sie das Rücksendeetikett aus und kleben Sie es auf das Paket.',
    fr: 'Imprimez l’étiquette retour et collez-la sur le colis.',
  },
  qr: {
    nl: 'Laat de QR-code uit de retourportal zien bij een servicepunt; je hebt geen printer nodig.',
    en: 'Show the QR code from the returns portal at a service point; you need no printer.',
    de: 'Zeigen Sie den QR-Code aus dem Rückgabeportal im Paketshop; Sie brauchen keinen Drucker.',
    fr: 'Montrez le code QR du portail de retour en point relais ; pas besoin d’imprimante.',
  },
  pickup: {
    nl: 'Zorg dat het pakket klaarstaat in het ophaalmoment dat je hebt gekozen.',
    en: 'Have the parcel ready in the pickup slot you chose.',
    de: 'Halten Sie das Paket im gewählten Abholzeitfenster bereit.',
    fr: 'Tenez le colis prêt pendant le créneau d’enlèvement choisi.',
  },
  pickupSlot: {
    nl: 'Zorg dat het pakket klaarstaat; de koerier komt op {slot}.',
    en: 'Have the parcel ready; the courier comes on {slot}.',
    de: 'Halten Sie das Paket bereit; der Kurier kommt am {slot}.',
    fr: 'Tenez le colis prêt ; le coursier passe le {slot}.',
  },
  store: {
    nl: 'Breng het pakket met deze pakbon naar een van onze winkels.',
    en: 'Bring the parcel with this slip to one of our stores.',
    de: 'Bringen Sie das Paket mit diesem Lieferschein in eines unserer Geschäfte.',
    fr: 'Apportez le colis avec ce bordereau dans l’un de nos magasins.',
  },
  inside: {
    nl: 'Stop deze pakbon in het pakket.',
    en: 'Put this slip inside the parcel.',
    de: 'Legen Sie diesen Lieferschein in das Paket.',
    fr: 'Placez ce bordereau dans le colis.',
  },
} as const satisfies Record<string, Record<SlipLocale, string>>;

const RESOLUTION: Record<string, Record<SlipLocale, string>> = {
  refund: { nl: 'Geld terug', en: 'Refund', de: 'Erstattung', fr: 'Remboursement' },
  store_credit: { nl: 'Tegoed', en: 'Store credit', de: 'Guthaben', fr: 'Avoir' },
  exchange: { nl: 'Omruilen', en: 'Exchange', de: 'Umtausch', fr: 'Échange' },
  replacement: { nl: 'Vervanging', en: 'Replacement', de: 'Ersatz', fr: 'Remplacement' },
  repair: { nl: 'Reparatie', en: 'Repair', de: 'Reparatur', fr: 'Réparation' },
  keep: { nl: 'Houden', en: 'Keep', de: 'Behalten', fr: 'Conserver' },
};

const REGION: Record<SlipLocale, string> = { nl: 'nl-NL', en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

function addressLines(a: Address): string[] {
  return [a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country].filter((l): l is string => Boolean(l));
}

const resolutionText = (locale: SlipLocale, line: PackingSlipInput['lines'][number]) => {
  if (line.resolution === 'exchange' && line.exchangeFor) return `${TEXT.exchangeFor[locale]} ${line.exchangeFor}`;
  return Object.hasOwn(RESOLUTION, line.resolution) ? (RESOLUTION[line.resolution]?.[locale] ?? '') : line.resolution;
};

/** The characters Windows-1252 has above Latin-1's printable range; with Latin-1 itself, all that
 * pdfkit's built-in Helvetica can show. */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

/** pdfkit writes any other character as its raw code point into a one-byte-per-glyph string, which
 * shifts every glyph after it; so shop data (a Polish or Czech title, an emoji) is brought to what
 * Helvetica has: accents dropped where that leaves a letter, '?' otherwise. */
export function winAnsi(text: string): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if ((code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || ch === '\n' || WIN_ANSI_EXTRA.has(ch)) out += ch;
    // Intl puts thin and narrow no-break spaces in French and English times.
    else if (/\s/u.test(ch)) out += code === 0x202f ? '\u00a0' : ' ';
    else {
      const bare = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += bare.length === 1 && bare.charCodeAt(0) < 0x7f ? bare : '?';
    }
  }
  return out;
}

/** The option values a line's title does not already name: a shop's variant title often carries
 * them ("Merino sweater – Navy / M"), and the slip names the variant once. Whole words count,
 * so the size "M" is not found in "Merino". */
export function unnamedOptions(title: string, options: Record<string, string>): string[] {
  const words = (text: string) =>
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
  const inTitle = new Set(words(title));
  return Object.values(options).filter((value) => {
    const needed = words(value);
    return needed.length === 0 || !needed.every((w) => inTitle.has(w));
  });
}

/** The slip that goes in the parcel, so whoever opens it knows whose return it is and what should
 * be inside: the return number as a barcode, the lines with reason and wish, and how to send it.
 * `compress: false` leaves the content streams readable, for tests that look for the texts. */
export async function renderPackingSlip(input: PackingSlipInput, options: { compress?: boolean } = {}): Promise<Buffer> {
  const barcode = await bwipjs.toBuffer({
    bcid: 'code128',
    text: input.returnNumber,
    scale: 3,
    height: 12,
    includetext: true,
    textxalign: 'center',
  });
  const { slip, done } = openSlip(input, options);
  writeHeading(slip, barcode);
  writeAddresses(slip);
  writeLines(slip);
  writeClosing(slip);
  slip.doc.end();
  return done;
}

const MARGIN = 48;

/** The document being written and where on the page things go. */
interface Slip {
  doc: PDFKit.PDFDocument;
  input: PackingSlipInput;
  locale: SlipLocale;
  region: string;
  left: number;
  width: number;
  /** Rows stop short of pdfkit's own bottom margin, or it would break the page in the middle of a row. */
  bottom: number;
  /** Writes shop data as Helvetica can show it (see winAnsi). */
  write: (text: string, x: number, y: number, opts?: PDFKit.Mixins.TextOptions) => void;
}

function openSlip(input: PackingSlipInput, options: { compress?: boolean }): { slip: Slip; done: Promise<Buffer> } {
  const { doc, done } = openPdf(
    { size: 'A4', margin: MARGIN, compress: options.compress ?? true },
    { title: `Packing slip ${input.returnNumber}`, shopName: input.shopName, createdAt: input.createdAt },
  );
  const slip: Slip = {
    doc,
    input,
    locale: input.locale,
    region: REGION[input.locale],
    left: MARGIN,
    width: A4.width - 2 * MARGIN,
    bottom: A4.height - MARGIN - 4,
    write: (text, x, y, opts = {}) => {
      doc.text(winAnsi(text), x, y, opts);
    },
  };
  return { slip, done };
}

/** The shop, the slip's title, the return number as a barcode, the order and the date. */
function writeHeading({ doc, input, locale, region, left, width, write }: Slip, barcode: Buffer) {
  const date = new Intl.DateTimeFormat(region, { dateStyle: 'long', timeZone: input.timeZone }).format(input.createdAt);
  doc.font('Helvetica-Bold').fontSize(18);
  write(input.shopName, left, MARGIN, { width: width - 220 });
  doc.font('Helvetica').fontSize(14);
  write(TEXT.title[locale], left, doc.y, { width: width - 220 });
  doc.image(barcode, A4.width - MARGIN - 200, MARGIN - 4, { fit: [200, 60], align: 'right' });
  doc.fontSize(10);
  write(`${TEXT.order[locale]}: ${input.orderNumber}     ${TEXT.date[locale]}: ${date}`, left, Math.max(doc.y + 14, 120));
  doc.moveDown(1);
}

/** Who sends the parcel, and where it goes. */
function writeAddresses({ doc, input, locale, left, width, write }: Slip) {
  const top = doc.y;
  const half = width / 2;
  doc.font('Helvetica-Bold');
  write(TEXT.from[locale], left, top);
  doc.font('Helvetica');
  write([input.customer.name, input.customer.email].filter(Boolean).join('\n'), left, doc.y, { width: half - 12 });
  const afterFrom = doc.y;
  doc.font('Helvetica-Bold');
  write(TEXT.to[locale], left + half, top);
  doc.font('Helvetica');
  write(addressLines(input.to).join('\n'), left + half, doc.y, { width: half });
  doc.y = Math.max(afterFrom, doc.y) + 18;
}

/** The lines as a table, its header repeated on every page. */
function writeLines(slip: Slip) {
  const { doc, input, locale, left, width, bottom, write } = slip;
  const cols = [
    { key: 'sku', x: left, w: 76 },
    { key: 'item', x: left + 80, w: 160 },
    { key: 'qty', x: left + 244, w: 36 },
    { key: 'reason', x: left + 284, w: 100 },
    { key: 'wish', x: left + 388, w: width - 388 },
  ] as const;
  const rule = (y: number, color: string, lineWidth: number) =>
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(lineWidth)
      .strokeColor(color)
      .stroke();
  // Repeated on every page, so a second sheet that comes loose still says what it belongs to.
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    const y = doc.y;
    for (const c of cols) write(TEXT[c.key][locale], c.x, y, { width: c.w });
    const below = Math.max(...cols.map((c) => y + doc.heightOfString(winAnsi(TEXT[c.key][locale]), { width: c.w })));
    rule(below + 2, '#000000', 0.5);
    doc.y = below + 8;
    doc.font('Helvetica').fontSize(9);
  };
  header();
  for (const line of input.lines) {
    const opts = unnamedOptions(line.title, line.options).join(' / ');
    const cells: Record<(typeof cols)[number]['key'], string> = {
      sku: line.sku,
      item: opts ? `${line.title}\n${opts}` : line.title,
      qty: String(line.quantity),
      reason: line.reason ?? '—',
      wish: resolutionText(locale, line),
    };
    const height = Math.max(...cols.map((c) => doc.heightOfString(winAnsi(cells[c.key]), { width: c.w })));
    if (doc.y + height > bottom) {
      doc.addPage();
      doc.font('Helvetica').fontSize(8).fillColor('#555555');
      write(`${input.shopName} · ${TEXT.title[locale]} ${input.returnNumber} (${TEXT.continued[locale]})`, left, MARGIN, {
        width,
      });
      doc.fillColor('#000000');
      doc.y += 10;
      header();
    }
    const y = doc.y;
    for (const c of cols) write(cells[c.key], c.x, y, { width: c.w });
    rule(y + height + 3, '#cccccc', 0.25);
    doc.y = y + height + 8;
  }
}

/** How to send the parcel, and to put the slip inside: kept together on one sheet. */
function writeClosing({ doc, input, locale, region, left, width, bottom, write }: Slip) {
  const slot = input.pickupSlot
    ? new Intl.DateTimeFormat(region, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        hour: '2-digit',
        minute: '2-digit',
        timeZone: input.timeZone,
      }).formatRange(input.pickupSlot.start, input.pickupSlot.end)
    : null;
  const how =
    input.method === 'pickup' && slot
      ? TEXT.pickupSlot[locale].replace('{slot}', slot)
      : input.method
        ? TEXT[input.method][locale]
        : null;
  doc.fontSize(10);
  const closing = [how, TEXT.inside[locale]].filter((t): t is string => Boolean(t));
  const closingHeight = closing.reduce((h, t) => h + doc.heightOfString(winAnsi(t), { width }) + 6, 18);
  // The instructions stay together rather than split over two sheets.
  if (doc.y + closingHeight > bottom) doc.addPage();
  else doc.y += 18;
  if (how) {
    write(how, left, doc.y, { width });
    doc.moveDown(0.5);
  }
  doc.font('Helvetica-Bold');
  write(TEXT.inside[locale], left, doc.y, { width });
}
