import type { BookedReturn, CarrierAddress } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { badAnswer } from './client.js';
import { RECEIVER, SENDER } from './labelRequest.js';
import { SMART_RETURNS_OPTION, stateOfEvent, stateOfStatus } from './mapping.js';
import { list, type Obj, obj, str } from './read.js';
import { parsePostNLTime } from './time.js';

/** The shipments of a status answer (`CompleteStatus` with `detail=true`, `CurrentStatus` without);
 * empty when PostNL says it has none ("No shipment found" comes as a warning in a 200). */
export function statusShipments(body: unknown): Obj[] {
  const root = obj(body);
  if (!root) throw badAnswer('a status answer that is not an object');
  const holder = obj(root.CompleteStatus) ?? obj(root.CurrentStatus);
  if (!holder) {
    if (Array.isArray(root.Warnings) || Array.isArray(root.Errors)) return [];
    throw badAnswer('a status answer without CompleteStatus or CurrentStatus');
  }
  return list(holder.Shipment);
}

export function trackingUrl(barcode: string, country: string | null, postcode: string | null): string {
  return country && postcode
    ? `https://jouw.postnl.nl/track-and-trace/${encodeURIComponent(barcode)}-${country}-${postcode.replace(/\s+/g, '')}`
    : `https://jouw.postnl.nl/track-and-trace/${encodeURIComponent(barcode)}`;
}

function addressOf(shipment: Obj, type: string): Obj | null {
  return list(shipment.Address ?? shipment.Addresses).find((a) => str(a.AddressType) === type) ?? null;
}

/** Whether a booked shipment is a Smart Return (label-free): its product options say so. */
export function isSmartReturn(shipment: Obj): boolean {
  const options = list(obj(shipment.ProductOptions)?.ProductOption ?? shipment.ProductOptions);
  return options.some(
    (o) => str(o.Characteristic) === SMART_RETURNS_OPTION.Characteristic && str(o.Option) === SMART_RETURNS_OPTION.Option,
  );
}

/** A booked return from the shipments PostNL has under one main barcode (one per box). */
export function bookedFromShipments(shipments: Obj[]): BookedReturn {
  const first = shipments[0];
  const main = first ? (str(first.MainBarcode) ?? str(first.Barcode)) : null;
  if (!first || !main) throw badAnswer('a shipment without a barcode');
  const ordered = [...shipments].sort((a, b) => Number(a.ShipmentCounter ?? 0) - Number(b.ShipmentCounter ?? 0));
  const receiver = addressOf(first, RECEIVER);
  const country = str(receiver?.CountryCode) ?? str(receiver?.Countrycode);
  const postcode = str(receiver?.Zipcode);
  return {
    remoteId: main,
    ready: true,
    parcels: ordered.map((s) => {
      const barcode = str(s.Barcode) ?? main;
      return { remoteId: barcode, trackingNumber: barcode, trackingUrl: trackingUrl(barcode, country, postcode) };
    }),
    // PostNL's API quotes no price; the contract price is on the shop's invoice.
    cost: null,
    // The shopper shows the barcode PostNL e-mailed them; Retour renders the same code.
    qrCode: isSmartReturn(first) ? main : null,
    // PostNL's status says nothing of a Return on Demand order; Retour keeps what it booked.
    pickup: null,
  };
}

function update(barcode: string, entry: Obj, state: TrackingUpdate['state'], carrierStatus: string): TrackingUpdate {
  const occurredAt = parsePostNLTime(entry.TimeStamp ?? entry.Timestamp);
  if (!occurredAt) throw badAnswer(`a status of ${barcode} without a readable time`);
  return {
    trackingNumber: barcode,
    state,
    carrierStatus,
    description: str(entry.StatusDescription) ?? str(entry.Description) ?? carrierStatus,
    occurredAt,
    location: str(entry.LocationCode),
  };
}

/** The whole history of one parcel, oldest first: its statuses (current and old) and the events
 * that say more than a status (a hand-in at an outlet, a cancellation, an expired label). */
export function historyOf(shipment: Obj): TrackingUpdate[] {
  const barcode = str(shipment.Barcode) ?? str(shipment.MainBarcode);
  if (!barcode) throw badAnswer('a shipment without a barcode');
  const statuses = [...list(shipment.OldStatuses ?? shipment.OldStatus), ...list(shipment.Status)].flatMap((s) => {
    const code = str(s.StatusCode);
    return code ? [update(barcode, s, stateOfStatus(code, s.PhaseCode), code)] : [];
  });
  const events = list(shipment.Events ?? shipment.Event).flatMap((e) => {
    const code = str(e.Code);
    const state = stateOfEvent(code);
    return code && state ? [update(barcode, e, state, code)] : [];
  });
  const seen = new Set<string>();
  return [...statuses, ...events]
    .filter((u) => {
      const key = `${u.carrierStatus}@${u.occurredAt.getTime()}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/** One item of `updatedshipments` as an update: `{Barcode, Status{Timestamp, StatusCode, …}}`. */
export function updateOfChange(item: unknown): TrackingUpdate {
  const change = obj(item);
  const status = obj(change?.Status);
  const barcode = str(change?.Barcode);
  const code = str(status?.StatusCode);
  if (!change || !status || !barcode || !code) throw badAnswer('an updated shipment without barcode or status');
  return update(barcode, status, stateOfStatus(code, status.PhaseCode), code);
}

function carrierAddress(a: Obj | null): CarrierAddress | null {
  if (!a) return null;
  const number = [str(a.HouseNumber) ?? str(a.HouseNr), str(a.HouseNumberSuffix) ?? str(a.HouseNrExt)].filter(Boolean).join('');
  const postcode = str(a.Zipcode);
  const country = str(a.CountryCode) ?? str(a.Countrycode);
  if (!postcode || !country) return null;
  return {
    name: [str(a.FirstName), str(a.LastName) ?? str(a.Name)].filter(Boolean).join(' ') || (str(a.CompanyName) ?? ''),
    company: str(a.CompanyName),
    line1: [str(a.Street), number].filter(Boolean).join(' '),
    houseNumber: number || null,
    postcode,
    city: str(a.City) ?? '',
    country,
  };
}

/** What it takes to print a booked parcel's label again: its addresses, weight and product. */
export function reprintOf(
  shipment: Obj,
): { from: CarrierAddress; to: CarrierAddress; weightGrams: number; reference: string } | null {
  const to = carrierAddress(addressOf(shipment, RECEIVER));
  const from = carrierAddress(addressOf(shipment, SENDER));
  if (!to || !from) return null;
  return { from, to, weightGrams: Number(obj(shipment.Dimension)?.Weight) || 1000, reference: str(shipment.Reference) ?? '' };
}
