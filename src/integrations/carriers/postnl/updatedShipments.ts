import { CarrierError } from '../../../app/logistics/carriers/port.js';
import type { TrackingUpdate } from '../../../domain/tracking.js';
import { badAnswer, type PostNLClient } from './client.js';
import { updateOfChange } from './status.js';
import { toPostNLPeriod } from './time.js';

/** PostNL answers `updatedshipments` for at most two hours per call … */
export const UPDATED_WINDOW_MS = 2 * 60 * 60 * 1000;
/** … and keeps changes for 48 hours; a minute less, so a call made late still asks within it. */
export const UPDATED_HISTORY_MS = 48 * 60 * 60 * 1000 - 60_000;

/** The ≤ 2-hour periods that cover a span, oldest first, within the 48 hours PostNL remembers. */
export function updatedWindows(from: Date, to: Date, now: Date): { from: Date; to: Date }[] {
  const start = Math.max(from.getTime(), now.getTime() - UPDATED_HISTORY_MS);
  const end = Math.min(to.getTime(), now.getTime());
  const windows: { from: Date; to: Date }[] = [];
  for (let at = start; at < end; at += UPDATED_WINDOW_MS)
    windows.push({ from: new Date(at), to: new Date(Math.min(at + UPDATED_WINDOW_MS, end)) });
  return windows;
}

/**
 * Status changes of all parcels of the shop's customer number between two moments:
 * `GET /shipment/v2/status/{customerNumber}/updatedshipments?period=…&period=…`, one call per
 * window of at most two hours (PostNL's rule), periods in Dutch time. PostNL advises a call every
 * 5 to 15 minutes; a longer span (catching up after a pause) is split, and what is older than the
 * 48 hours PostNL keeps is left to `track` per parcel.
 */
export async function updatedShipments(client: PostNLClient, from: Date, to: Date, now: Date): Promise<TrackingUpdate[]> {
  if (to.getTime() <= from.getTime())
    throw new CarrierError('rejected', 'CARRIER_REJECTED', 'The period ends before it starts', null, null, 'to');
  const updates: TrackingUpdate[] = [];
  for (const window of updatedWindows(from, to, now)) {
    const body = await client.json(
      client.get(`/shipment/v2/status/${encodeURIComponent(client.customerNumber)}/updatedshipments`, {
        period: [toPostNLPeriod(window.from), toPostNLPeriod(window.to)],
      }),
    );
    // A list; tolerate one wrapped in an object in case of an envelope.
    const items = Array.isArray(body) ? body : (body as Record<string, unknown>)?.UpdatedShipments;
    if (!Array.isArray(items)) throw badAnswer('updated shipments that are not a list');
    for (const item of items) updates.push(updateOfChange(item));
  }
  return updates.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}
