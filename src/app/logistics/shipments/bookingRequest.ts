import type { RetourDb } from '../../../db/connection.js';
import type { Address } from '../../../db/schema.js';
import { needsCustoms } from '../../../domain/carriers.js';
import { notFound, RetourError } from '../../../domain/errors.js';
import type { RoutingExplanation } from '../../../domain/routing.js';
import type { CarrierAddress, ParcelItem, ParcelSize, ReturnParcelRequest } from '../carriers/port.js';

/** Variants carry no weight in Retour's catalogue: each unit counts as this much, and the booking
 * says the weight was estimated (carriers weigh the parcel at the depot and charge the difference). */
export const ESTIMATED_UNIT_WEIGHT_GRAMS = 500;
/** The lightest box a carrier accepts without asking. */
const MIN_PARCEL_GRAMS = 100;

/** What a return's routing keeps besides its explanation: the address the parcel goes to, as it
 * was when the shipment was opened (a rule's vendor address may change later). */
export interface RoutedTo {
  to?: CarrierAddress;
}

/** A shipment as the booking reads it. */
export interface ShipmentToBook {
  id: string;
  return_id: string;
  reference: string;
  method: ReturnParcelRequest['method'];
  service_code: string;
  label_format: ReturnParcelRequest['labelFormat'];
}

/** The request to the carrier, with what the shipment keeps of its customs declaration. */
export interface BookingRequest {
  request: ReturnParcelRequest;
  customs: Record<string, unknown> | null;
}

/**
 * Everything the carrier needs to book the return parcel: the shopper (the order's shipping address,
 * the customer's e-mail and phone), where it goes (from routing), the items of the lines that
 * travel with their value, the boxes, the drop-off point and pickup slot the shopper chose, and a
 * customs declaration when the parcel crosses the EU's customs border.
 */
export async function bookingRequest(db: RetourDb, shipment: ShipmentToBook): Promise<BookingRequest> {
  const ret = await db
    .selectFrom('returns as r')
    .innerJoin('orders as o', 'o.id', 'r.order_id')
    .innerJoin('customers as c', 'c.id', 'r.customer_id')
    .select([
      'r.number',
      'r.currency',
      'r.routing',
      'r.service_point',
      'r.parcel_count',
      'r.pickup_slot_start',
      'r.pickup_slot_end',
      'o.order_number',
      'o.shipping_address',
      'o.email as order_email',
      'c.email',
      'c.phone',
      'c.first_name',
      'c.last_name',
    ])
    .where('r.id', '=', shipment.return_id)
    .executeTakeFirst();
  if (!ret) throw notFound('Return', shipment.return_id);
  const to = destinationOf(ret.routing);
  const name = ret.shipping_address.name ?? ([ret.first_name, ret.last_name].filter(Boolean).join(' ') || ret.email);
  const from = shopperAddress(ret.shipping_address, name, ret.email || ret.order_email, ret.phone);
  const items = await itemsOf(db, shipment.return_id, ret.currency);
  const parcels = boxes(items, Math.max(1, ret.parcel_count));
  const crossesBorder = needsCustoms(from.country, to.country);
  const customs = crossesBorder ? { invoiceNumber: ret.number, outboundTrackingNumber: null, outboundShippedAt: null } : null;
  const request: ReturnParcelRequest = {
    reference: shipment.reference,
    orderNumber: ret.order_number,
    service: shipment.service_code,
    method: shipment.method,
    from,
    to,
    parcels,
    items: items.map(({ estimated: _, ...item }) => item),
    servicePointId: ret.service_point?.id ?? null,
    pickup:
      ret.pickup_slot_start && ret.pickup_slot_end
        ? { start: ret.pickup_slot_start.toISOString(), end: ret.pickup_slot_end.toISOString() }
        : null,
    customs,
    labelFormat: shipment.label_format,
  };
  return {
    request,
    customs: customs && {
      ...customs,
      from: from.country,
      to: to.country,
      currency: ret.currency,
      totalValue: items.reduce((sum, i) => sum + i.unitValue * i.quantity, 0),
      items: request.items,
      weightEstimated: items.some((i) => i.estimated),
    },
  };
}

function shopperAddress(address: Address, name: string, email: string, phone: string | null): CarrierAddress {
  return {
    name,
    line1: address.line1,
    line2: address.line2 ?? null,
    postcode: address.postcode,
    city: address.city,
    country: address.country.toUpperCase(),
    email,
    phone,
  };
}

/** Where routing sent the return (kept with its explanation when the shipment was opened). */
function destinationOf(routing: RoutingExplanation | null): CarrierAddress {
  const to = (routing as RoutedTo | null)?.to;
  if (!to?.line1 || !to.country)
    throw new RetourError('conflict', 'RETURN_NOT_ROUTED', 'The return has no destination to send the parcel to');
  return to;
}

/** The units that travel (lines not rejected), each valued at what was paid for one. */
async function itemsOf(db: RetourDb, returnId: string, currency: string) {
  const lines = await db
    .selectFrom('return_lines as l')
    .innerJoin('order_lines as ol', 'ol.id', 'l.order_line_id')
    .select(['ol.sku', 'ol.title', 'ol.quantity as ordered', 'ol.paid_amount', 'l.quantity'])
    .where('l.return_id', '=', returnId)
    .where('l.acceptance', '!=', 'rejected')
    .orderBy('ol.line_number')
    .execute();
  return lines.map((l): ParcelItem & { estimated: boolean } => ({
    description: l.title,
    sku: l.sku,
    quantity: l.quantity,
    unitValue: Math.round(l.paid_amount / Math.max(1, l.ordered)),
    currency,
    weightGrams: ESTIMATED_UNIT_WEIGHT_GRAMS,
    hsCode: null,
    originCountry: null,
    estimated: true,
  }));
}

/** The boxes: the items' weight shared evenly over as many as the shopper packs. */
function boxes(items: readonly ParcelItem[], count: number): ParcelSize[] {
  const total = items.reduce((sum, i) => sum + i.weightGrams * i.quantity, 0);
  const each = Math.max(MIN_PARCEL_GRAMS, Math.ceil(total / count));
  return Array.from({ length: count }, () => ({ weightGrams: each }));
}
