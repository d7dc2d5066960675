import bwipjs from 'bwip-js';
import PDFDocument from 'pdfkit';
import type { Address } from '../../db/schema.js';

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
  refund: { nl: 'Geld terug', en: 'Refund', de: 'Erstattung', fr: 'Remboursement' },
  store_credit: { nl: 'Tegoed', en: 'Store credit', de: 'Guthaben', fr: 'Avoir' },
  exchange: { nl: 'Omruilen', en: 'Exchange', de: 'Umtausch', fr: 'Échange' },
  exchangeFor: { nl: 'Omruilen voor', en: 'Exchange for', de: 'Umtausch gegen', fr: 'Échange contre' },
  replacement: { nl: 'Vervanging', en: 'Replacement', de: 'Ersatz', fr: 'Remplacement' },
  repair: { nl: 'Reparatie', en: 'Repair', de: 'Reparatur', fr: 'Réparation' },
  keep: { nl: 'Houden', en: 'Keep', de: 'Behalten', fr: 'Conserver' },
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
    nl: 'Zorg dat het pakket klaarstaat: de koerier komt {slot}.',
    en: 'Have the parcel ready: the courier comes {slot}.',
    de: 'Halten Sie das Paket bereit: Der Kurier kommt {slot}.',
    fr: 'Préparez le colis : le coursier passe {slot}.',
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

const REGION: Record<SlipLocale, string> = { nl: 'nl-NL', en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

function addressLines(a: Address): string[] {
  return [a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country].filter((l): l is string => Boolean(l));
}

const resolutionText = (locale: SlipLocale, line: PackingSlipInput['lines'][number]) => {
  if (line.resolution === 'exchange' && line.exchangeFor) return `${TEXT.exchangeFor[locale]} ${line.exchangeFor}`;
  const key = line.resolution as keyof typeof TEXT;
  return key in TEXT ? TEXT[key][locale] : line.resolution;
};

/** The slip that goes in the parcel, so whoever opens it knows whose return it is and what should
 * be inside: the return number as a barcode, the lines with reason and wish, and how to send it. */
export async function renderPackingSlip(input: PackingSlipInput, options: { compress?: boolean } = {}): Promise<Buffer> {
  const { locale } = input;
  const barcode = await bwipjs.toBuffer({
    bcid: 'code128',
    text: input.returnNumber,
    scale: 3,
    height: 12,
    includetext: true,
    textxalign: 'center',
  });
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: options.compress ?? true,
    info: {
      Title: `Packing slip ${input.returnNumber}`,
      Author: input.shopName,
      Creator: 'Retour',
      CreationDate: input.createdAt,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const left = 48;
  const width = A4.width - 96;
  const date = new Intl.DateTimeFormat(REGION[locale], { dateStyle: 'long', timeZone: input.timeZone }).format(input.createdAt);
  doc.font('Helvetica-Bold').fontSize(18).text(input.shopName, left, 48);
  doc.font('Helvetica').fontSize(14).text(TEXT.title[locale]);
  doc.image(barcode, A4.width - 48 - 200, 44, { fit: [200, 60] });
  doc.moveDown(1.2);
  doc
    .fontSize(10)
    .text(`${TEXT.order[locale]}: ${input.orderNumber}    ${TEXT.date[locale]}: ${date}`, left, Math.max(doc.y, 116));
  doc.moveDown(1);

  const top = doc.y;
  const column = width / 2;
  doc.font('Helvetica-Bold').text(TEXT.from[locale], left, top);
  doc
    .font('Helvetica')
    .text([input.customer.name, input.customer.email].filter(Boolean).join('\n'), left, doc.y, { width: column - 12 });
  const afterFrom = doc.y;
  doc.font('Helvetica-Bold').text(TEXT.to[locale], left + column, top);
  doc.font('Helvetica').text(addressLines(input.to).join('\n'), left + column, doc.y, { width: column });
  doc.y = Math.max(afterFrom, doc.y) + 16;

  // The table: fixed columns, a header repeated on every page it runs onto.
  const cols = [
    { key: 'sku', x: left, w: 80 },
    { key: 'item', x: left + 84, w: 170 },
    { key: 'qty', x: left + 258, w: 32 },
    { key: 'reason', x: left + 294, w: 100 },
    { key: 'wish', x: left + 398, w: width - 398 },
  ] as const;
  const header = () => {
    doc.font('Helvetica-Bold').fontSize(9);
    const y = doc.y;
    for (const c of cols) doc.text(TEXT[c.key][locale], c.x, y, { width: c.w });
    doc
      .moveTo(left, doc.y + 2)
      .lineTo(left + width, doc.y + 2)
      .lineWidth(0.5)
      .stroke();
    doc.y += 6;
    doc.font('Helvetica').fontSize(9);
  };
  header();
  for (const line of input.lines) {
    const options = Object.values(line.options).join(' / ');
    const cells: Record<(typeof cols)[number]['key'], string> = {
      sku: line.sku,
      item: options ? `${line.title}\n${options}` : line.title,
      qty: String(line.quantity),
      reason: line.reason ?? '—',
      wish: resolutionText(locale, line),
    };
    const height = Math.max(...cols.map((c) => doc.heightOfString(cells[c.key], { width: c.w })));
    if (doc.y + height > A4.height - 120) {
      doc.addPage();
      doc.y = 48;
      header();
    }
    const y = doc.y;
    for (const c of cols) doc.text(cells[c.key], c.x, y, { width: c.w });
    doc.y = y + height + 6;
  }

  doc.moveDown(1.5);
  const slot = input.pickupSlot
    ? `${new Intl.DateTimeFormat(REGION[locale], { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone: input.timeZone }).format(input.pickupSlot.start)}–${new Intl.DateTimeFormat(REGION[locale], { hour: '2-digit', minute: '2-digit', timeZone: input.timeZone }).format(input.pickupSlot.end)}`
    : '';
  const how = input.method ? TEXT[input.method][locale].replace('{slot}', slot) : TEXT.label[locale];
  doc.font('Helvetica').fontSize(10).text(how, left, doc.y, { width });
  doc.moveDown(0.5);
  doc.font('Helvetica-Bold').text(TEXT.inside[locale], left, doc.y, { width });
  doc.end();
  return done;
}
