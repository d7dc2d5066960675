import type { ReturnStatus } from '../domain/returnLifecycle.js';
import { DAY, HOUR } from './orders.js';
import type { DemoRandom } from './random.js';

/** How long each step of a return took (ms). Sampled per return, used by the plan and the story. */
export interface Timing {
  decision: number;
  ship: number;
  transit: number;
  inspect: number;
  settle: number;
  close: number;
  cancel: number;
  expiryLag: number;
  lost: number;
}

export const FOREVER = Number.POSITIVE_INFINITY;

export function sampleTiming(r: DemoRandom): Timing {
  // Whole milliseconds: the times end up in ids, which encode an integer clock.
  const between = (min: number, max: number) => Math.round(r.between(min, max));
  return {
    decision: between(2 * HOUR, 40 * HOUR),
    ship: between(6 * HOUR, 5 * DAY),
    transit: between(1 * DAY, 3 * DAY),
    inspect: between(2 * HOUR, 2 * DAY),
    settle: between(1 * HOUR, 1 * DAY),
    close: between(1 * DAY, 7 * DAY),
    cancel: between(1 * HOUR, 4 * DAY),
    expiryLag: between(1 * HOUR, 10 * HOUR),
    lost: between(8 * DAY, 15 * DAY),
  };
}

/** When a return reaches `status` (ms after its request) and how long it may then rest there
 * before the next step would surely have happened. An open return older than that would look
 * forgotten (an approved one would have expired), so plans keep within it. */
export function statusWindow(status: ReturnStatus, t: Timing, reviewed: boolean, shipByDays: number) {
  // Asked for every status of every return planned: only the one asked is worked out.
  const approved = reviewed ? t.decision : 0;
  const shipped = approved + t.ship;
  const received = shipped + t.transit;
  const inspected = received + t.inspect;
  const resolved = inspected + t.settle;
  switch (status) {
    // The app submits a request at once; a return still "requested" is caught in that moment.
    case 'requested':
      return { start: 0, dwell: 2 * HOUR };
    case 'under_review':
      return { start: 0, dwell: 3 * DAY };
    case 'approved':
      return { start: approved, dwell: shipByDays * DAY };
    case 'in_transit':
      return { start: shipped, dwell: 7 * DAY };
    case 'received':
      return { start: received, dwell: 3 * DAY };
    case 'inspected':
      return { start: inspected, dwell: 3 * DAY };
    case 'resolved':
      return { start: resolved, dwell: 7 * DAY };
    case 'closed':
      return { start: resolved + t.close, dwell: FOREVER };
    case 'rejected':
      return { start: t.decision, dwell: FOREVER };
    case 'cancelled':
      return { start: approved + t.cancel, dwell: FOREVER };
    case 'expired':
      return { start: approved + shipByDays * DAY + t.expiryLag, dwell: FOREVER };
    case 'lost':
      return { start: shipped + t.lost, dwell: FOREVER };
  }
}

/** How often returns end up in each status, before what their age allows is considered. */
export const STATUS_WEIGHTS: Record<ReturnStatus, number> = {
  closed: 40,
  approved: 8,
  in_transit: 7,
  rejected: 6,
  cancelled: 5,
  expired: 5,
  resolved: 5,
  received: 4,
  under_review: 3,
  inspected: 3,
  requested: 1,
  lost: 1,
};
