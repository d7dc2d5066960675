import type { TrackingUpdate } from '../../../domain/tracking.js';
import { badAnswer, isObject, type SendcloudClient, unwrap } from './client.js';
import { stateOfStatus } from './statuses.js';
import { timeOf } from './webhook.js';

/** A parcel's whole history from v3 tracking, oldest first. Events name their parent status or a
 * status code (a parent status or a numeric id); either is read. */
export async function trackParcel(client: SendcloudClient, trackingNumber: string): Promise<TrackingUpdate[]> {
  const body = unwrap((await client.json('GET', `/api/v3/parcels/tracking/${encodeURIComponent(trackingNumber)}`)).body);
  if (!Array.isArray(body.events)) throw badAnswer('tracking events');
  const updates: TrackingUpdate[] = [];
  for (const event of body.events.filter(isObject)) {
    const occurredAt = timeOf(event.event_at ?? event.timestamp);
    if (!occurredAt) continue;
    const status = event.parent_status ?? event.status_code;
    const carrierStatus = String(status ?? event.status_type ?? 'unknown');
    const location = isObject(event.location) ? event.location.city : event.location;
    updates.push({
      trackingNumber,
      state: stateOfStatus(typeof status === 'string' || typeof status === 'number' ? status : null),
      carrierStatus,
      description: String(event.status_description ?? event.description ?? carrierStatus),
      occurredAt,
      location: typeof location === 'string' && location !== '' ? location : null,
    });
  }
  return updates.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
