import {
  type BookedReturn,
  type CarrierDocument,
  CarrierError,
  type DocumentKind,
  type LabelFormat,
} from '../../../app/logistics/carriers/port.js';
import type { SendcloudClient } from './client.js';

const TYPES: Record<Exclude<DocumentKind, 'qr'>, string> = { label: 'label', customs: 'customs-declaration' };

/**
 * A return's label (PDF or ZPL), customs declaration or QR code. Labels and declarations come from
 * v3 (one parcel, or all boxes of a multi-collo return in one document); the QR code of a label-free
 * return only from v2, as a PNG. Each box is a parcel of its own: `box` asks for that parcel's.
 */
export async function fetchDocument(
  client: SendcloudClient,
  booked: BookedReturn,
  kind: DocumentKind,
  format: LabelFormat,
  box?: number,
): Promise<CarrierDocument> {
  const parcels = box === undefined ? booked.parcels : booked.parcels.slice(box, box + 1);
  if (parcels.length === 0)
    throw new CarrierError('rejected', 'CARRIER_NO_BOX', `sendcloud has no box ${String((box ?? 0) + 1)} in this return`);
  const ids = parcels.map((p) => p.remoteId).filter((id): id is string => id !== null);
  if (!booked.ready || ids.length === 0)
    throw new CarrierError('transient', 'CARRIER_NOT_READY', 'sendcloud has not announced the parcel yet: its documents follow');
  if (kind === 'qr') {
    if (!booked.qrCode) throw new CarrierError('rejected', 'CARRIER_NO_QR', 'this return was booked with a label, not a QR code');
    const body = await client.document(`/api/v2/parcels/${encodeURIComponent(ids[0] as string)}/documents/qr`, 'image/png');
    return { contentType: 'image/png', body };
  }
  const contentType = kind === 'label' && format === 'zpl' ? 'application/zpl' : 'application/pdf';
  const type = TYPES[kind];
  const body =
    ids.length === 1
      ? await client.document(`/api/v3/parcels/${encodeURIComponent(ids[0] as string)}/documents/${type}`, contentType, {
          paper_size: contentType === 'application/pdf' ? 'A6' : undefined,
        })
      : await client.document(`/api/v3/parcel-documents/${type}`, contentType, {
          parcels: ids,
          paper_size: contentType === 'application/pdf' ? 'A6' : undefined,
        });
  return { contentType, body };
}
