import type { TrackingState, TrackingUpdate } from '../../../domain/tracking.js';
import { isObject, list, type ShippoObject, text } from './client.js';

/** Shippo's tracking `status` as Retour's state. TRANSIT covers everything from the first scan to
 * the last mile; its substatus tells a hand-in or a parcel waiting at a pickup point apart. */
export function trackingStateOf(status: string, substatus: string | null): TrackingState {
  switch (status) {
    case 'PRE_TRANSIT':
      return 'label_created';
    case 'TRANSIT':
      if (substatus === 'package_accepted') return 'handed_in';
      if (substatus === 'pickup_available') return 'at_pickup_point';
      return 'in_transit';
    case 'DELIVERED':
      return 'delivered';
    case 'RETURNED':
      return 'returned_to_sender';
    case 'FAILURE':
      return 'exception';
    default:
      return 'unknown';
  }
}

function placeOf(location: unknown): string | null {
  if (!isObject(location)) return null;
  const parts = ['city', 'state', 'zip', 'country'].map((k) => text(location, k)).filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

function dateOf(entry: ShippoObject): Date | null {
  for (const key of ['status_date', 'object_updated', 'object_created']) {
    const value = text(entry, key);
    const at = value ? new Date(value) : null;
    if (at && !Number.isNaN(at.getTime())) return at;
  }
  return null;
}

function updateOf(trackingNumber: string, entry: ShippoObject): TrackingUpdate | null {
  const status = text(entry, 'status');
  const occurredAt = dateOf(entry);
  if (!status || !occurredAt) return null;
  const substatus = isObject(entry.substatus) ? text(entry.substatus, 'code') : null;
  return {
    trackingNumber,
    state: trackingStateOf(status, substatus),
    carrierStatus: substatus ? `${status}/${substatus}` : status,
    description: text(entry, 'status_details') ?? (isObject(entry.substatus) ? text(entry.substatus, 'text') : null) ?? status,
    occurredAt,
    location: placeOf(entry.location),
  };
}

/**
 * A Track object as Retour's updates, oldest first: its history plus the current status (which
 * Shippo also repeats as the last history entry; that one is kept once). Null when it is not a
 * Track Retour can read.
 */
export function updatesOfTrack(track: unknown): TrackingUpdate[] | null {
  if (!isObject(track)) return null;
  const trackingNumber = text(track, 'tracking_number');
  if (!trackingNumber) return null;
  const entries = list(track, 'tracking_history');
  if (isObject(track.tracking_status)) entries.push(track.tracking_status);
  const seen = new Set<string>();
  const updates: TrackingUpdate[] = [];
  for (const entry of entries) {
    const update = updateOf(trackingNumber, entry);
    if (!update) continue;
    const key = text(entry, 'object_id') ?? `${update.carrierStatus}@${update.occurredAt.toISOString()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    updates.push(update);
  }
  if (updates.length === 0 && entries.length > 0) return null;
  return updates.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/** The Shippo carrier token a tracking number belongs to, from its format: the port tracks by
 * number alone and Shippo's tracking endpoint wants the carrier too. Null when it is none Retour
 * recognises. */
export function carrierOfTrackingNumber(trackingNumber: string): string | null {
  const n = trackingNumber.replace(/\s+/g, '').toUpperCase();
  if (n.startsWith('SHIPPO_')) return 'shippo';
  if (/^1Z[0-9A-Z]{16}$/.test(n)) return 'ups';
  if (/^(9[1-5]\d{18,24}|[A-Z]{2}\d{9}US)$/.test(n)) return 'usps';
  if (/^\d{10}$/.test(n)) return 'dhl_express';
  if (/^(\d{12}|\d{15}|\d{20})$/.test(n)) return 'fedex';
  return null;
}
