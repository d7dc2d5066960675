import { CarrierError } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { shipStationState } from './mapping.js';

/** One event of ShipStation's tracking information (`GET /v2/labels/{id}/track`, or the `data` of
 * an `API_TRACK` webhook). */
interface TrackEvent {
  occurred_at?: string;
  carrier_occurred_at?: string;
  description?: string;
  status_code?: string;
  status_description?: string;
  carrier_status_code?: string;
  city_locality?: string;
  postal_code?: string;
  country_code?: string;
}

interface TrackInfo {
  tracking_number?: string;
  status_code?: string;
  status_description?: string;
  carrier_status_code?: string;
  exception_description?: string | null;
  actual_delivery_date?: string | null;
  ship_date?: string | null;
  events?: TrackEvent[];
}

const when = (value: string | null | undefined): Date | null => {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at;
};

const place = (e: TrackEvent) => [e.city_locality, e.postal_code, e.country_code].filter((p) => p).join(', ') || null;

/**
 * A parcel's tracking as updates, oldest first: one per event that carries a status code, and the
 * overall status when no event says it (ShipStation's summary can be newer than its events).
 */
export function trackingUpdates(value: unknown, fallbackTrackingNumber: string | null, receivedAt: Date): TrackingUpdate[] {
  const info = value as TrackInfo | null;
  if (!info || typeof info !== 'object')
    throw new CarrierError('transient', 'CARRIER_BAD_ANSWER', 'shipstation sent tracking without a body');
  const trackingNumber = info.tracking_number || fallbackTrackingNumber;
  if (!trackingNumber)
    throw new CarrierError('rejected', 'CARRIER_BAD_ANSWER', 'shipstation sent tracking without a tracking number');
  const events = Array.isArray(info.events) ? info.events : [];
  const updates: TrackingUpdate[] = [];
  for (const e of events) {
    const code = e.status_code;
    const at = when(e.occurred_at) ?? when(e.carrier_occurred_at);
    if (!code || !at) continue;
    const description = e.description || e.status_description || code;
    updates.push({
      trackingNumber,
      state: shipStationState(code, description),
      carrierStatus: code,
      description,
      occurredAt: at,
      location: place(e),
    });
  }
  updates.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  const code = info.status_code;
  if (code && updates.at(-1)?.carrierStatus !== code) {
    const description = info.exception_description || info.status_description || code;
    const at = when(info.actual_delivery_date) ?? updates.at(-1)?.occurredAt ?? when(info.ship_date) ?? receivedAt;
    updates.push({
      trackingNumber,
      state: shipStationState(code, description),
      carrierStatus: code,
      description,
      occurredAt: at,
      location: null,
    });
  }
  return updates;
}
