import {
  type BookedReturn,
  type CarrierAddress,
  CarrierError,
  type ParcelItem,
  type ParcelSize,
} from '../../../app/logistics/carriers/port.js';
import type { TrackingState } from '../../../domain/tracking.js';
import { fromDecimal, toDecimal } from '../http.js';

/**
 * Easyship's tracking statuses onto Retour's states. Easyship names them in words ("In Transit to
 * Customer", "Lost by Courier"); they are compared lower-cased with `_` between words, so both its
 * wording and snake_case spellings match. "Shipped" is the courier taking the parcel: the first scan.
 */
export const EASYSHIP_STATES: Record<string, TrackingState> = {
  not_created: 'label_created',
  pending: 'label_created',
  created: 'label_created',
  label_created: 'label_created',
  info_received: 'label_created',
  uncancelled: 'label_created',
  shipped: 'handed_in',
  shipped_no_tracking_provided: 'handed_in',
  picked_up: 'handed_in',
  in_transit: 'in_transit',
  in_transit_to_customer: 'in_transit',
  in_transit_to_consolidation_center: 'in_transit',
  arrived_at_consolidation_center: 'in_transit',
  processing_at_consolidation_center: 'in_transit',
  out_for_delivery: 'in_transit',
  delivery_expected_end_of_updates: 'in_transit',
  available_for_pickup: 'at_pickup_point',
  ready_for_pickup: 'at_pickup_point',
  delivered: 'delivered',
  exception: 'exception',
  failed_delivery_attempt: 'exception',
  lost_by_courier: 'exception',
  liquidated: 'exception',
  to_be_returned: 'returned_to_sender',
  returned: 'returned_to_sender',
  return_to_sender: 'returned_to_sender',
  cancelled: 'cancelled',
  voided: 'cancelled',
  no_recent_tracking_updates: 'unknown',
  unknown: 'unknown',
};

export const statusKey = (status: string) =>
  status
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');

export const easyshipState = (status: string): TrackingState => EASYSHIP_STATES[statusKey(status)] ?? 'unknown';

export function toEasyshipAddress(a: CarrierAddress) {
  return {
    contact_name: a.name,
    company_name: a.company ?? null,
    line_1: a.houseNumber ? `${a.line1} ${a.houseNumber}` : a.line1,
    line_2: a.line2 ?? null,
    postal_code: a.postcode,
    city: a.city,
    country_alpha2: a.country.toUpperCase(),
    contact_email: a.email ?? null,
    contact_phone: a.phone ?? null,
  };
}

const kg = (grams: number) => Math.round(grams) / 1000;

/** Easyship's parcels: weights in kg, boxes in cm, the items (with their declared value, which
 * Easyship asks of every shipment for duties) in the first box. */
export function toEasyshipParcels(parcels: ParcelSize[], items: ParcelItem[]) {
  return parcels.map((p, i) => ({
    total_actual_weight: kg(p.weightGrams),
    ...(p.lengthCm && p.widthCm && p.heightCm ? { box: { length: p.lengthCm, width: p.widthCm, height: p.heightCm } } : {}),
    items: (i === 0 ? items : []).map((item) => ({
      description: item.description,
      sku: item.sku,
      quantity: item.quantity,
      actual_weight: kg(item.weightGrams),
      declared_currency: item.currency,
      declared_customs_value: Number(toDecimal(item.unitValue)),
      ...(item.hsCode ? { hs_code: item.hsCode } : {}),
      ...(item.originCountry ? { origin_country_alpha2: item.originCountry } : {}),
    })),
  }));
}

export interface EasyshipShipment {
  easyship_shipment_id: string;
  label_state?: string | null;
  shipment_state?: string | null;
  tracking_page_url?: string | null;
  tracking_number?: string | null;
  label_url?: string | null;
  trackings?: { tracking_number?: string | null }[];
  shipping_documents?: { category?: string; format?: string; url?: string | null; base64_encoded_strings?: string[] }[];
  courier_service?: { id?: string } | null;
  rates?: { total_charge?: number | string; currency?: string }[];
  total_charge?: number | string | null;
  currency?: string | null;
  order_data?: { platform_order_number?: string | null } | null;
  platform_order_number?: string | null;
}

/** Checks the one field Retour cannot do without; anything else is read tolerantly. */
export function asShipment(value: unknown): EasyshipShipment {
  const s = value as Partial<EasyshipShipment> | null;
  if (!s || typeof s !== 'object' || typeof s.easyship_shipment_id !== 'string')
    throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'easyship answered without a shipment id');
  return s as EasyshipShipment;
}

export const referenceOf = (s: EasyshipShipment) => s.order_data?.platform_order_number ?? s.platform_order_number ?? null;
export const isCancelled = (s: EasyshipShipment) => s.shipment_state === 'cancelled' || s.label_state === 'voided';

function costOf(s: EasyshipShipment): BookedReturn['cost'] {
  const charge = s.total_charge ?? s.rates?.[0]?.total_charge;
  const currency = s.currency ?? s.rates?.[0]?.currency;
  if (charge === undefined || charge === null || typeof currency !== 'string') return null;
  const amount = fromDecimal(charge);
  return Number.isFinite(amount) ? { amount, currency: currency.toUpperCase() } : null;
}

/** A shipment as Retour keeps it; a label Easyship failed to buy is a refusal. */
export function toBookedReturn(s: EasyshipShipment): BookedReturn {
  if (s.label_state === 'failed')
    throw new CarrierError('rejected', 'CARRIER_LABEL_FAILED', `easyship could not buy the label of ${s.easyship_shipment_id}`);
  const numbers = (s.trackings ?? []).map((t) => t.tracking_number).filter((n): n is string => typeof n === 'string' && n !== '');
  if (!numbers.length && s.tracking_number) numbers.push(s.tracking_number);
  const trackingUrl = s.tracking_page_url ?? null;
  return {
    remoteId: s.easyship_shipment_id,
    ready: s.label_state === 'generated',
    parcels: numbers.length
      ? numbers.map((trackingNumber) => ({ remoteId: null, trackingNumber, trackingUrl }))
      : [{ remoteId: null, trackingNumber: null, trackingUrl }],
    cost: costOf(s),
    qrCode: null,
    pickup: null,
  };
}
