import { CALLED_OFF_STATUSES } from '../../../domain/returnStatus.js';
import { type AppContext, systemActor } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';
import { inUnit } from '../../kernel/transaction.js';
import type { BookedReturn, CarrierDocument } from '../carriers/port.js';
import type { ClaimedShipment } from './shipmentClaim.js';

/** The documents of a booked parcel: the label (for a QR return, the carrier's QR image in its
 * place) and, across a customs border, the customs declaration. */
export interface BookedDocuments {
  label: CarrierDocument;
  customs: CarrierDocument | null;
  /** Each box's own label, in box order, where the carrier makes one per box (several boxes); null
   * in the place of a box whose document could not be fetched with the booking. */
  boxes?: (CarrierDocument | null)[] | null;
}

/** `stored`: the shipment is booked. `called_off`: the return was called off meanwhile, nothing
 * was kept (the parcel is to be released). `lost`: another attempt holds the shipment now, or it
 * is no longer pending; nothing was kept. */
export type StoreOutcome = 'stored' | 'called_off' | 'lost';

/**
 * Keeps what the carrier booked: its ids, one row per box with its tracking number, the cost, the
 * label (or QR image) and customs document, a booked pickup; the shipment is booked and
 * `shipment.booked` tells the shopper (label_ready e-mail). Only a shipment still pending and held
 * by this attempt is changed, so a booking stored by another attempt is never overwritten; and
 * nothing is kept (nor the shopper told) for a return called off meanwhile — its row is locked
 * while this is decided, so a cancellation either comes first or finds the shipment booked.
 */
export async function storeBooking(
  ctx: AppContext,
  shipment: ClaimedShipment,
  booked: BookedReturn,
  documents: BookedDocuments,
  customs: Record<string, unknown> | null,
): Promise<StoreOutcome> {
  return inUnit(ctx, { actor: systemActor }, async (unit): Promise<StoreOutcome> => {
    const ret = await unit.tx
      .selectFrom('returns')
      .select('status')
      .where('id', '=', shipment.return_id)
      .forUpdate()
      .executeTakeFirst();
    if (!ret || (CALLED_OFF_STATUSES as readonly string[]).includes(ret.status)) return 'called_off';
    const parcels = booked.parcels.map((p, i) => ({
      id: newId('prc'),
      shipment_id: shipment.id,
      return_id: shipment.return_id,
      carrier: shipment.carrier,
      collo: i + 1,
      remote_id: p.remoteId,
      tracking_number: p.trackingNumber,
      tracking_url: p.trackingUrl,
      // What an aggregator's tracking lookup wants beside the number (see CarrierAdapter.track).
      carrier_code: p.carrier ?? null,
      label: documents.boxes?.[i]?.body ?? null,
      // A box left out keeps the kind of document it is to have (the shipment's label's), and no
      // body: its document is asked of the carrier when opened (see getBoxDocument).
      label_content_type: documents.boxes ? (documents.boxes[i]?.contentType ?? documents.label.contentType) : null,
    }));
    const updated = await unit.tx
      .updateTable('shipments')
      .set({
        status: 'booked',
        remote_id: booked.remoteId,
        tracking_url: parcels.find((p) => p.tracking_url)?.tracking_url ?? null,
        label: documents.label.body,
        label_content_type: documents.label.contentType,
        qr_code: booked.qrCode,
        customs_document: documents.customs?.body ?? null,
        customs: customs ? JSON.stringify(customs) : null,
        pickup: booked.pickup ? JSON.stringify({ ...booked.pickup, status: 'booked' }) : null,
        cost_amount: booked.cost?.amount ?? null,
        cost_currency: booked.cost?.currency ?? null,
        last_error: null,
        booked_at: unit.now,
        updated_at: unit.now,
      })
      .where('id', '=', shipment.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', shipment.attempt)
      .returning('id')
      .executeTakeFirst();
    if (!updated) return 'lost';
    if (parcels.length > 0)
      await unit.tx
        .insertInto('shipment_parcels')
        .values(parcels)
        .onConflict((oc) => oc.columns(['shipment_id', 'collo']).doNothing())
        .execute();
    unit.record({
      type: 'shipment.booked',
      subjectType: 'shipment',
      subjectId: shipment.id,
      returnId: shipment.return_id,
      data: {
        carrier: shipment.carrier,
        service: shipment.service_code,
        method: shipment.method,
        trackingNumbers: parcels.flatMap((p) => (p.tracking_number ? [p.tracking_number] : [])),
        cost: booked.cost,
        pickup: booked.pickup,
      },
    });
    return 'stored';
  });
}
