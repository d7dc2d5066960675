import type { RetourDb } from '../../../db/connection.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import type { RoutingExplanation } from '../../../domain/routing.js';
import type { TrackingState } from '../../../domain/tracking.js';
import { boxDocumentKind } from '../shopperShipment.js';
import type { RoutedTo } from './bookingRequest.js';

/** A return's shipments as staff see them: status, carrier and service, boxes with tracking, cost,
 * pickup, what went wrong, which documents there are, and each parcel's tracking history; with the
 * routing decision that chose the carrier. */
export async function listReturnShipments(db: RetourDb, returnId: string) {
  const ret = await db.selectFrom('returns').select(['id', 'routing']).where('id', '=', returnId).executeTakeFirst();
  if (!ret) throw notFound('Return', returnId);
  const shipments = await shipmentRows(db, returnId);
  const [parcels, history] = await Promise.all([
    db
      .selectFrom('shipment_parcels')
      .select([
        'id',
        'shipment_id',
        'collo',
        'tracking_number',
        'tracking_url',
        'tracking_state',
        'delivered_at',
        'label_content_type',
      ])
      .where('return_id', '=', returnId)
      .orderBy('collo')
      .execute(),
    db
      .selectFrom('tracking_events')
      .select(['parcel_id', 'state', 'carrier_status', 'description', 'location', 'occurred_at'])
      .where('return_id', '=', returnId)
      .orderBy('occurred_at')
      .execute(),
  ]);
  return {
    routing: explanationOf(ret.routing),
    items: shipments.map((s) => ({
      ...presentShipment(s),
      parcels: parcels
        .filter((p) => p.shipment_id === s.id)
        .map((p) =>
          presentParcel(
            p,
            history.filter((h) => h.parcel_id === p.id),
          ),
        ),
    })),
  };
}

/** The routing decision as staff read it, without the address kept for the booking. */
function explanationOf(routing: (RoutingExplanation & RoutedTo) | null): RoutingExplanation | null {
  if (!routing) return null;
  const { to: _, ...explanation } = routing;
  return explanation;
}

type ShipmentRow = Awaited<ReturnType<typeof shipmentRows>>[number];

function shipmentRows(db: RetourDb, returnId: string) {
  return db
    .selectFrom('shipments')
    .select([
      'id',
      'carrier',
      'method',
      'service_code',
      'reference',
      'status',
      'remote_id',
      'tracking_url',
      'label_format',
      'label_content_type',
      'qr_code',
      'pickup',
      'cost_amount',
      'cost_currency',
      'customs',
      'tracking_state',
      'attempts',
      'last_error',
      'created_at',
      'booked_at',
      (eb) => eb('label', 'is not', null).as('has_label'),
      (eb) => eb('customs_document', 'is not', null).as('has_customs'),
    ])
    .where('return_id', '=', returnId)
    .orderBy('created_at')
    .execute();
}

function presentShipment(s: ShipmentRow) {
  return {
    id: s.id,
    carrier: s.carrier,
    method: s.method,
    service: s.service_code,
    reference: s.reference,
    status: s.status,
    remoteId: s.remote_id,
    trackingUrl: s.tracking_url,
    trackingState: s.tracking_state as TrackingState | null,
    cost: s.cost_amount !== null && s.cost_currency ? { amount: Number(s.cost_amount), currency: s.cost_currency } : null,
    pickup: s.pickup,
    customs: s.customs,
    attempts: s.attempts,
    lastError: s.last_error,
    documents: {
      label: Boolean(s.has_label) && s.label_content_type !== 'image/png',
      qr: Boolean(s.has_label) && s.label_content_type === 'image/png',
      customs: Boolean(s.has_customs),
    },
    labelFormat: s.label_format,
    qrCode: s.qr_code,
    createdAt: s.created_at,
    bookedAt: s.booked_at,
  };
}

function presentParcel(
  p: {
    id: string;
    collo: number;
    tracking_number: string | null;
    tracking_url: string | null;
    tracking_state: string | null;
    delivered_at: Date | null;
    label_content_type: string | null;
  },
  history: { state: string; carrier_status: string; description: string; location: string | null; occurred_at: Date }[],
) {
  return {
    id: p.id,
    collo: p.collo,
    trackingNumber: p.tracking_number,
    trackingUrl: p.tracking_url,
    trackingState: p.tracking_state as TrackingState | null,
    deliveredAt: p.delivered_at,
    // The box's own label (or QR image), where the carrier makes one per box.
    document: boxDocumentKind(p.label_content_type),
    history: history.map((h) => ({
      state: h.state as TrackingState,
      carrierStatus: h.carrier_status,
      description: h.description,
      location: h.location,
      occurredAt: h.occurred_at,
    })),
  };
}

export type ShipmentDocumentKind = 'label' | 'qr' | 'customs';

/** A document of a booked parcel as the carrier made it, ready to send. */
export interface ShipmentDocument {
  contentType: string;
  body: Buffer;
  filename: string;
}

/** The file extension of a document's content type. */
export const EXTENSION: Record<string, string> = { 'application/pdf': 'pdf', 'application/zpl': 'zpl', 'image/png': 'png' };

function documentOf(
  row: { reference: string; label: Buffer | null; label_content_type: string | null; customs_document: Buffer | null },
  kind: ShipmentDocumentKind,
): ShipmentDocument | null {
  if (kind === 'customs')
    return row.customs_document
      ? { contentType: 'application/pdf', body: row.customs_document, filename: `customs-${row.reference}.pdf` }
      : null;
  if (!row.label || !row.label_content_type) return null;
  // A QR return keeps the carrier's QR image where a label would be.
  const isQr = row.label_content_type === 'image/png';
  if (isQr !== (kind === 'qr')) return null;
  const name = isQr ? 'return-qr' : 'return-label';
  return {
    contentType: row.label_content_type,
    body: row.label,
    filename: `${name}-${row.reference}.${EXTENSION[row.label_content_type] ?? 'bin'}`,
  };
}

/** One document of a shipment; 404 when the shipment has none of that kind. */
export async function getShipmentDocument(db: RetourDb, shipmentId: string, kind: ShipmentDocumentKind) {
  const row = await db
    .selectFrom('shipments')
    .select(['reference', 'label', 'label_content_type', 'customs_document'])
    .where('id', '=', shipmentId)
    .executeTakeFirst();
  if (!row) throw notFound('Shipment', shipmentId);
  const document = documentOf(row, kind);
  if (!document) throw notFound(`Shipment ${kind}`, shipmentId);
  return document;
}

/**
 * The carrier's document of a return's booked parcel (its label, or for a QR return its QR image),
 * or null when the carrier booked none — then Retour's own label is the return's label. Scoped to a
 * shopper when `customerId` is given.
 */
export async function carrierDocumentOfReturn(
  db: RetourDb,
  returnId: string,
  kind: 'label' | 'qr',
  scope: { customerId?: string } = {},
): Promise<ShipmentDocument | null> {
  const row = await db
    .selectFrom('shipments as s')
    .innerJoin('returns as r', 'r.id', 's.return_id')
    .select(['s.reference', 's.label', 's.label_content_type', 's.customs_document'])
    .where('s.return_id', '=', returnId)
    .where('s.status', '=', 'booked')
    .$if(scope.customerId !== undefined, (q) => q.where('r.customer_id', '=', scope.customerId as string))
    .orderBy('s.booked_at', 'desc')
    .executeTakeFirst();
  return row ? documentOf(row, kind) : null;
}

/**
 * Whether the return's label is the carrier's, still to come: a carrier shipment is open (being
 * booked, or failed and waiting for staff) and none is booked. Retour's own label is then no
 * fallback — the parcel is announced with the carrier, not with Retour's label — so the label
 * routes answer 409 LABEL_FOLLOWS. Scoped to a shopper when `customerId` is given.
 */
export async function carrierLabelFollows(db: RetourDb, returnId: string, scope: { customerId?: string } = {}) {
  const rows = await db
    .selectFrom('shipments as s')
    .innerJoin('returns as r', 'r.id', 's.return_id')
    .select('s.status')
    .where('s.return_id', '=', returnId)
    .where('s.status', 'in', ['pending', 'failed', 'booked'])
    .$if(scope.customerId !== undefined, (q) => q.where('r.customer_id', '=', scope.customerId as string))
    .execute();
  return rows.length > 0 && rows.every((r) => r.status !== 'booked');
}

/** The answer of a label route while the carrier's label is still to come. */
export const labelFollows = () =>
  new RetourError('conflict', 'LABEL_FOLLOWS', "The carrier's label is on its way: it is e-mailed once the carrier booked it");
