import { type BookedReturn, type CarrierAddress, CarrierError, type ParcelSize } from '../../../app/logistics/carriers/port.js';
import type { TrackingState } from '../../../domain/tracking.js';
import { fromDecimal } from '../http.js';

/**
 * ShipStation's tracking `status_code`s onto Retour's states. AC ("accepted") is the carrier taking
 * the parcel: for a return that is the first scan, so it is `handed_in`; NY ("not yet in system")
 * is a label the carrier has not seen. AT (a delivery attempt) is trouble. SP is a parcel waiting
 * at a service point.
 */
export const SHIPSTATION_STATES: Record<string, TrackingState> = {
  UN: 'unknown',
  NY: 'label_created',
  AC: 'handed_in',
  IT: 'in_transit',
  DE: 'delivered',
  EX: 'exception',
  AT: 'exception',
  SP: 'at_pickup_point',
};

/** A code, with the carrier's words for it: an exception that says the parcel goes back is
 * `returned_to_sender` (ShipStation has no code of its own for that). */
export function shipStationState(code: string, description = ''): TrackingState {
  const state = SHIPSTATION_STATES[code.toUpperCase()] ?? 'unknown';
  if (state === 'exception' && /return(ed)?\s+to\s+(sender|shipper)/i.test(description)) return 'returned_to_sender';
  return state;
}

export function toShipStationAddress(address: CarrierAddress) {
  return {
    name: address.name,
    company_name: address.company ?? null,
    phone: address.phone ?? '',
    email: address.email ?? null,
    address_line1: address.houseNumber ? `${address.line1} ${address.houseNumber}` : address.line1,
    address_line2: address.line2 ?? null,
    city_locality: address.city,
    postal_code: address.postcode,
    country_code: address.country.toUpperCase(),
    address_residential_indicator: 'unknown',
  };
}

export function toShipStationPackages(parcels: ParcelSize[], reference?: string) {
  return parcels.map((p) => ({
    weight: { value: p.weightGrams, unit: 'gram' },
    ...(p.lengthCm && p.widthCm && p.heightCm
      ? { dimensions: { unit: 'centimeter', length: p.lengthCm, width: p.widthCm, height: p.heightCm } }
      : {}),
    ...(reference ? { label_messages: { reference1: reference } } : {}),
  }));
}

/** Retour's service code for a ShipStation service: its carrier id and service code, as labels
 * and rates need both. A bare service code is accepted too. */
export const serviceCode = (carrierId: string, code: string) => `${carrierId}:${code}`;
export function splitService(service: string): { carrierId: string | null; serviceCode: string } {
  const at = service.indexOf(':');
  return at < 0
    ? { carrierId: null, serviceCode: service }
    : { carrierId: service.slice(0, at), serviceCode: service.slice(at + 1) };
}

/** A ShipStation money object `{currency, amount}` (amount in major units, currency lower-case). */
export function money(value: unknown): { amount: number; currency: string } | null {
  const m = value as { currency?: unknown; amount?: unknown } | null;
  if (!m || typeof m !== 'object' || typeof m.currency !== 'string' || m.amount === undefined || m.amount === null) return null;
  const amount = fromDecimal(m.amount as number | string);
  return Number.isFinite(amount) ? { amount, currency: m.currency.toUpperCase() } : null;
}

export interface ShipStationLabel {
  label_id: string;
  status: string;
  shipment_id?: string;
  /** The carrier of the label (ups, stamps_com …) and the account it was bought with (se-…). */
  carrier_code?: string | null;
  carrier_id?: string | null;
  tracking_number?: string | null;
  tracking_url?: string | null;
  shipment_cost?: unknown;
  voided?: boolean;
  label_download?: { pdf?: string; zpl?: string; png?: string; href?: string } | null;
  form_download?: { href?: string } | null;
  packages?: { package_id?: number | string | null; tracking_number?: string | null }[];
}

/** Checks the fields Retour relies on; anything else is a bad answer, not a TypeError later. */
export function asLabel(value: unknown): ShipStationLabel {
  const label = value as Partial<ShipStationLabel> | null;
  if (!label || typeof label.label_id !== 'string' || typeof label.status !== 'string')
    throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'shipstation answered without a label id or status');
  return label as ShipStationLabel;
}

/** A label as Retour keeps it. A label in `error` never becomes one: booking failed. */
export function toBookedReturn(label: ShipStationLabel): BookedReturn {
  if (label.status === 'error')
    throw new CarrierError('rejected', 'CARRIER_LABEL_FAILED', `shipstation could not make label ${label.label_id}`);
  const ready = label.status === 'completed' || label.status === 'voided';
  const trackingUrl = typeof label.tracking_url === 'string' ? label.tracking_url : null;
  const packages = Array.isArray(label.packages) && label.packages.length ? label.packages : [{}];
  return {
    remoteId: label.label_id,
    ready,
    parcels: packages.map((p: { package_id?: number | string | null; tracking_number?: string | null }) => ({
      remoteId: p.package_id === undefined || p.package_id === null ? null : String(p.package_id),
      trackingNumber: p.tracking_number || label.tracking_number || null,
      trackingUrl,
      carrier: carrierOfLabel(label),
    })),
    cost: money(label.shipment_cost),
    qrCode: null,
    pickup: null,
  };
}

/** The carrier a label names: its code where the answer has one, else its carrier account's id. */
export const carrierOfLabel = (label: ShipStationLabel): string | null => label.carrier_code || label.carrier_id || null;
