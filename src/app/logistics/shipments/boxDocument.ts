import { notFound } from '../../../domain/errors.js';
import type { AppContext } from '../../kernel/context.js';
import { type CarrierDocument, CarrierError } from '../carriers/port.js';
import { carrierProblem } from '../connections/carrierServices.js';
import { EXTENSION, type ShipmentDocument } from './shipmentQueries.js';
import { bookedReturnOf } from './voidShipment.js';

type BoxRef = { collo: number } & ({ shipmentId: string } | { returnId: string; customerId?: string });

/**
 * One box's own label (or, for a QR return, its QR image), where the carrier makes one per box: of
 * a shipment for staff (`shipmentId`, whatever its status, as its other documents), or of a
 * return's booked parcel, scoped to its shopper (`returnId`, `customerId`). A box whose document
 * the booking could not fetch (its content type kept, its body not) is asked of the carrier now and
 * kept. 404 when the box has none; 409 when the carrier cannot give it now.
 */
export async function getBoxDocument(ctx: AppContext, box: BoxRef): Promise<ShipmentDocument> {
  const row = await ctx.db
    .selectFrom('shipment_parcels as p')
    .innerJoin('shipments as s', 's.id', 'p.shipment_id')
    .innerJoin('returns as r', 'r.id', 's.return_id')
    .select(['p.id as parcel_id', 's.id as shipment_id', 's.status', 's.reference', 'p.label', 'p.label_content_type'])
    .where('p.collo', '=', box.collo)
    .$if('shipmentId' in box, (q) => q.where('s.id', '=', (box as { shipmentId: string }).shipmentId))
    // A return's box is its booked parcel's, as its label is (see carrierDocumentOfReturn).
    .$if('returnId' in box, (q) =>
      q.where('s.return_id', '=', (box as { returnId: string }).returnId).where('s.status', '=', 'booked'),
    )
    .$if('customerId' in box && box.customerId !== undefined, (q) =>
      q.where('r.customer_id', '=', (box as { customerId: string }).customerId),
    )
    .orderBy('s.booked_at', 'desc')
    .executeTakeFirst();
  if (!row?.label_content_type) throw notFound('Box label', String(box.collo));
  const document: CarrierDocument | null = row.label
    ? { contentType: row.label_content_type as CarrierDocument['contentType'], body: row.label }
    : row.status === 'booked'
      ? await fetchBoxDocument(ctx, row.shipment_id, row.parcel_id, box.collo)
      : null;
  if (!document) throw notFound('Box label', String(box.collo));
  const name = document.contentType === 'image/png' ? 'return-qr' : 'return-label';
  return {
    contentType: document.contentType,
    body: document.body,
    filename: `${name}-${row.reference}-box-${box.collo}.${EXTENSION[document.contentType] ?? 'bin'}`,
  };
}

/** The box's document as its carrier gives it now, kept on the box for the next time. Null when
 * the carrier makes no document per box, or the connection is gone. */
async function fetchBoxDocument(
  ctx: AppContext,
  shipmentId: string,
  parcelId: string,
  collo: number,
): Promise<CarrierDocument | null> {
  const { row, booked } = await bookedReturnOf(ctx, shipmentId);
  const connection = row.connection_id ? await ctx.carriers.connection(row.connection_id) : null;
  if (!connection) return null;
  const kind = row.method === 'qr' ? 'qr' : 'label';
  let document: CarrierDocument;
  try {
    document = await connection.adapter.document(booked, kind, row.label_format, collo - 1);
  } catch (err) {
    if (!(err instanceof CarrierError)) throw err;
    if (err.kind === 'unsupported') return null;
    throw carrierProblem(err);
  }
  // Kept only where no other request kept one meanwhile; either is the same box's document.
  await ctx.db
    .updateTable('shipment_parcels')
    .set({ label: document.body, label_content_type: document.contentType })
    .where('id', '=', parcelId)
    .where('label', 'is', null)
    .execute();
  return document;
}
