import { type CarrierDocument, CarrierError, type DocumentKind, type LabelFormat } from '../../../app/logistics/carriers/port.js';
import { badAnswer, type ShippoClient, type ShippoObject, text } from './client.js';

const PDF_MAGIC = Buffer.from('%PDF');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

const missing = (what: string) =>
  new CarrierError('rejected', 'CARRIER_DOCUMENT_MISSING', `shippo has no ${what} for this return`);

/** Where a transaction's document is and what it must be: the label in the file type it was
 * bought as (Shippo cannot convert it later), the QR code as PNG, the commercial invoice as PDF. */
function sourceOf(transaction: ShippoObject, kind: DocumentKind, format: LabelFormat) {
  if (kind === 'qr') return { url: text(transaction, 'qr_code_url'), contentType: 'image/png' as const, what: 'QR code' };
  if (kind === 'customs')
    return {
      url: text(transaction, 'commercial_invoice_url'),
      contentType: 'application/pdf' as const,
      what: 'customs document',
    };
  const bought = (text(transaction, 'label_file_type') ?? '').toUpperCase();
  const boughtZpl = bought === 'ZPLII';
  if (bought && boughtZpl !== (format === 'zpl'))
    throw new CarrierError(
      'rejected',
      'CARRIER_FORMAT_UNAVAILABLE',
      `shippo's label was bought as ${bought}, not ${format}`,
      null,
      null,
      'format',
    );
  return {
    url: text(transaction, 'label_url'),
    contentType: format === 'zpl' ? ('application/zpl' as const) : ('application/pdf' as const),
    what: 'label',
  };
}

/** A document of a bought label, downloaded from where Shippo keeps it and checked to be what it
 * claims (a storage error page is not a label). */
export async function labelDocument(
  client: ShippoClient,
  transaction: ShippoObject,
  kind: DocumentKind,
  format: LabelFormat,
): Promise<CarrierDocument> {
  const status = text(transaction, 'status');
  if (status === 'QUEUED' || status === 'WAITING')
    throw new CarrierError('transient', 'CARRIER_NOT_READY', 'shippo is still buying the label');
  if (status !== 'SUCCESS') throw missing(`usable label (it is ${status ?? 'unknown'})`);
  const source = sourceOf(transaction, kind, format);
  if (!source.url) throw missing(source.what);
  const body = await client.download(source.url);
  const looksRight =
    source.contentType === 'application/pdf'
      ? body.subarray(0, 4).equals(PDF_MAGIC)
      : source.contentType === 'image/png'
        ? body.subarray(0, 4).equals(PNG_MAGIC)
        : body.toString('latin1').trimStart().startsWith('^XA');
  if (!looksRight) throw badAnswer(`the ${source.what} file is not a ${source.contentType} document`);
  return { contentType: source.contentType, body };
}
