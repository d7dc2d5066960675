import type { RetourDb } from '../../db/connection.js';
import { CARRIER_METHODS } from '../../domain/carriers.js';
import { isOneOf } from '../../domain/oneOf.js';
import { pickupChangeCutoff } from '../../domain/pickupCutoff.js';
import { CANCELLABLE_STATUSES } from '../../domain/returnStatus.js';
import type { ChosenServicePoint } from '../returns/shippingOffers.js';
import { mappedServices } from './methods/offeredMethods.js';

/**
 * How a return travels, as its shopper follows it: the drop-off point they chose, the boxes, until
 * when a home pickup can still change, and the carrier's parcel (is the label there yet, the QR
 * code, the confirmed pickup) with each box's tracking history. No costs, errors or carrier ids:
 * those are for staff.
 */
export async function shopperLogistics(db: RetourDb, returnId: string, timeZone: string) {
  const ret = await db
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select([
      'returns.status',
      'returns.method',
      'returns.pickup_slot_start',
      'returns.service_point',
      'returns.parcel_count',
      'orders.shipping_country',
    ])
    .where('returns.id', '=', returnId)
    .executeTakeFirstOrThrow();
  const changeable = ret.method === 'pickup' && ret.pickup_slot_start && isOneOf(CANCELLABLE_STATUSES, ret.status);
  const shipment = await latestShipment(db, returnId);
  const carried =
    shipment !== null ||
    (isOneOf(CARRIER_METHODS, ret.method) && (await mappedServices(db, ret.shipping_country, ret.method)).length > 0);
  return {
    byCarrier: carried,
    servicePoint: shownPoint(ret.service_point),
    parcelCount: ret.parcel_count,
    pickupChangeableUntil: changeable && ret.pickup_slot_start ? pickupChangeCutoff(ret.pickup_slot_start, timeZone) : null,
    shipment,
  };
}

/** The parcel booked last (a voided one only when nothing else was booked), with its boxes. */
async function latestShipment(db: RetourDb, returnId: string) {
  const shipments = await db
    .selectFrom('shipments')
    .select(['id', 'status', 'carrier', 'method', 'label_content_type', 'pickup', 'tracking_state'])
    .where('return_id', '=', returnId)
    .orderBy('created_at', 'desc')
    .execute();
  const shipment = shipments.find((s) => s.status !== 'voided' && s.status !== 'void_requested') ?? shipments[0];
  if (!shipment) return null;
  const [parcels, events] = await Promise.all([
    db
      .selectFrom('shipment_parcels')
      .select(['id', 'collo', 'tracking_number', 'tracking_url', 'tracking_state', 'label_content_type'])
      .where('shipment_id', '=', shipment.id)
      .orderBy('collo')
      .execute(),
    db
      .selectFrom('tracking_events')
      .select(['parcel_id', 'state', 'description', 'location', 'occurred_at'])
      .where('return_id', '=', returnId)
      .orderBy('occurred_at', 'desc')
      .execute(),
  ]);
  const booked = shipment.status === 'booked';
  // The carrier's QR image is kept where a label would be (see storeBooking).
  const qrImage = shipment.label_content_type === 'image/png';
  return {
    status: shipment.status,
    carrier: shipment.carrier,
    method: shipment.method,
    hasLabel: booked && shipment.label_content_type !== null && !qrImage,
    hasQr: booked && qrImage,
    pickup: shipment.pickup,
    trackingState: shipment.tracking_state,
    parcels: parcels.map((p) => ({
      collo: p.collo,
      trackingNumber: p.tracking_number,
      trackingUrl: p.tracking_url,
      trackingState: p.tracking_state,
      // The box's own label or QR image, where the carrier makes one per box (booked only).
      document: boxDocumentKind(booked ? p.label_content_type : null),
      events: events
        .filter((e) => e.parcel_id === p.id)
        .map((e) => ({ state: e.state, description: e.description, location: e.location, occurredAt: e.occurred_at })),
    })),
  };
}

/** Which document a box keeps of its own, by its content type: the QR image or a label. */
export function boxDocumentKind(contentType: string | null): 'label' | 'qr' | null {
  if (contentType === null) return null;
  return contentType === 'image/png' ? 'qr' : 'label';
}

/** The point as the shopper picked it; which connection found it is Retour's own business. */
function shownPoint(point: ChosenServicePoint | null): ChosenServicePoint | null {
  if (!point) return null;
  const { connectionId: _connection, ...shown } = point;
  return shown;
}
