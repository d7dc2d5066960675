import bwipjs from 'bwip-js';
import type { Address } from '../../db/schema.js';
import { openPdf } from './pdfDocument.js';

/** A6 in PDF points (105 × 148 mm): the size carriers' label printers and drop-off points take. */
export const A6 = { width: 297.64, height: 419.53 } as const;

export interface ReturnLabelInput {
  returnNumber: string;
  shopName: string;
  from: Address;
  to: Address;
  /** What the QR code carries: the return number and order, for the drop-off point or warehouse scanner. */
  qrPayload: string;
  createdAt: Date;
}

function addressLines(a: Address): string[] {
  return [a.name, a.line1, a.line2, `${a.postcode} ${a.city}`, a.country].filter((l): l is string => Boolean(l));
}

/** The return label as a PDF: sender and return address, the return number as a Code 128 barcode
 * (what the warehouse scans) and a QR code. */
export async function renderReturnLabel(input: ReturnLabelInput): Promise<Buffer> {
  const [barcode, qr] = await Promise.all([
    bwipjs.toBuffer({ bcid: 'code128', text: input.returnNumber, scale: 3, height: 14, includetext: true, textxalign: 'center' }),
    bwipjs.toBuffer({ bcid: 'qrcode', text: input.qrPayload, scale: 4 }),
  ]);
  const { doc, done } = openPdf(
    { size: [A6.width, A6.height], margin: 18 },
    { title: `Return label ${input.returnNumber}`, shopName: input.shopName, createdAt: input.createdAt },
  );

  const width = A6.width - 36;
  doc.font('Helvetica-Bold').fontSize(9).text('FROM / AFZENDER', 18, 18);
  doc.font('Helvetica').fontSize(9).text(addressLines(input.from).join('\n'), { width });
  doc.moveDown(0.8);
  doc.font('Helvetica-Bold').fontSize(9).text('TO / RETOURADRES');
  doc.font('Helvetica-Bold').fontSize(13).text(addressLines(input.to).join('\n'), { width });
  doc.moveDown(0.8);
  doc.image(barcode, 18, doc.y, { fit: [width, 70], align: 'center' });
  doc.y += 78;
  const qrSize = 110;
  doc.image(qr, 18, doc.y, { width: qrSize, height: qrSize });
  doc
    .font('Helvetica-Bold')
    .fontSize(14)
    .text(input.returnNumber, 18 + qrSize + 12, doc.y + 20, { width: width - qrSize - 12 });
  doc
    .font('Helvetica')
    .fontSize(8)
    .text(`${input.shopName}\n${input.createdAt.toISOString().slice(0, 10)}`, { width: width - qrSize - 12 });
  doc.end();
  return done;
}
