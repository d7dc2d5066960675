import type { RetourDb } from '../../../db/connection.js';
import type { CarrierMethod } from '../../../domain/carriers.js';

/** What the shopper's e-mails say about a return's carrier parcel. */
export interface CarrierLabelFacts {
  /** The carrier books the parcel (or has booked it): Retour's own label is not the one to use. */
  expected: boolean;
  booked: {
    carrier: string;
    method: CarrierMethod;
    labelContentType: string | null;
    trackingUrl: string | null;
    trackingNumber: string | null;
    pickup: { confirmation: string; slot: { start: string; end: string } } | null;
  } | null;
  servicePoint: { name: string; address: { line1: string; postcode: string; city: string } } | null;
}

/**
 * Whether a carrier carries the return's parcel, and what it booked. Expected as soon as a
 * carrier service is mapped for the return's method and the shopper's country (before routing
 * opened the shipment: the approval e-mail may go first), or a shipment waits or is booked.
 */
export async function carrierLabelFacts(db: RetourDb, returnId: string): Promise<CarrierLabelFacts> {
  const [ret, shipment, parcel] = await Promise.all([
    db
      .selectFrom('returns as r')
      .innerJoin('orders as o', 'o.id', 'r.order_id')
      .select(['r.method', 'r.service_point', 'o.shipping_address'])
      .where('r.id', '=', returnId)
      .executeTakeFirst(),
    db
      .selectFrom('shipments')
      .select(['id', 'carrier', 'method', 'status', 'label_content_type', 'tracking_url', 'pickup'])
      .where('return_id', '=', returnId)
      .where('status', 'in', ['pending', 'booked'])
      .orderBy('created_at', 'desc')
      .executeTakeFirst(),
    db
      .selectFrom('shipment_parcels')
      .select(['tracking_number', 'tracking_url'])
      .where('return_id', '=', returnId)
      .orderBy('collo')
      .executeTakeFirst(),
  ]);
  if (!ret) return { expected: false, booked: null, servicePoint: null };
  const mapped =
    !shipment && ret.method
      ? await db
          .selectFrom('carrier_methods as m')
          .innerJoin('carrier_connections as c', 'c.id', 'm.connection_id')
          .select('m.id')
          .where('m.method', '=', ret.method as CarrierMethod)
          .where('m.country', '=', ret.shipping_address.country.toUpperCase())
          .where('c.enabled', '=', true)
          .executeTakeFirst()
      : undefined;
  const point = ret.service_point;
  return {
    expected: Boolean(shipment ?? mapped),
    booked:
      shipment?.status === 'booked'
        ? {
            carrier: shipment.carrier,
            method: shipment.method,
            labelContentType: shipment.label_content_type,
            trackingUrl: parcel?.tracking_url ?? shipment.tracking_url,
            trackingNumber: parcel?.tracking_number ?? null,
            pickup: shipment.pickup?.status === 'booked' ? shipment.pickup : null,
          }
        : null,
    servicePoint: point ? { name: point.name, address: point.address } : null,
  };
}
