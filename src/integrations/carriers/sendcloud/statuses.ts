import type { TrackingState } from '../../../domain/tracking.js';

/**
 * Sendcloud's `parent_status` vocabulary onto Retour's tracking states (integrations reference §9).
 * Two choices differ from a plain reading: `announced-uncollected` ("announced: not collected") is
 * no scan yet, so it stays `label_created` (a refund on first scan must not pay on it); and
 * `collected-by-customer` / `delivery-forced` mean the warehouse has the parcel, so `delivered`.
 */
export const PARENT_STATUS_STATES: Record<string, TrackingState> = {
  'ready-to-send': 'label_created',
  announcing: 'label_created',
  announced: 'label_created',
  'no-label': 'label_created',
  'announced-uncollected': 'label_created',
  'picked-up-by-driver': 'handed_in',
  'to-sorting': 'handed_in',
  sorting: 'in_transit',
  sorted: 'in_transit',
  unsorted: 'in_transit',
  unsorted2: 'in_transit',
  'at-sorting-centre': 'in_transit',
  'shipment-on-route': 'in_transit',
  'driver-on-route': 'in_transit',
  delayed: 'in_transit',
  'delivery-method-changed': 'in_transit',
  'delivery-date-changed': 'in_transit',
  'delivery-address-changed': 'in_transit',
  delivered: 'delivered',
  'delivery-forced': 'delivered',
  'collected-by-customer': 'delivered',
  'awaiting-customer-pickup': 'at_pickup_point',
  'delivery-failed': 'exception',
  undeliverable: 'exception',
  exception: 'exception',
  'address-invalid': 'exception',
  'collect-error': 'exception',
  'at-customs': 'exception',
  'announcement-failed': 'exception',
  'returned-to-sender': 'returned_to_sender',
  'refused-by-recipient': 'returned_to_sender',
  cancelling: 'cancelled',
  'cancelling-upstream': 'cancelled',
  cancelled: 'cancelled',
  'cancelled-upstream': 'cancelled',
  unknown: 'unknown',
};

/** v2 numeric parcel status ids (webhook `parcel.status.id`) and the parent status each belongs to. */
export const STATUS_ID_PARENTS: Record<number, string> = {
  1: 'announced',
  3: 'to-sorting',
  4: 'delayed',
  5: 'sorted',
  6: 'unsorted',
  7: 'sorting',
  8: 'delivery-failed',
  11: 'delivered',
  12: 'awaiting-customer-pickup',
  13: 'announced-uncollected',
  15: 'collect-error',
  22: 'picked-up-by-driver',
  80: 'undeliverable',
  91: 'shipment-on-route',
  92: 'driver-on-route',
  93: 'collected-by-customer',
  999: 'no-label',
  1000: 'ready-to-send',
  1001: 'announcing',
  1002: 'announcement-failed',
  1337: 'unknown',
  1998: 'cancelled-upstream',
  1999: 'cancelling',
  2000: 'cancelled',
  2001: 'cancelling-upstream',
  62989: 'at-customs',
  62990: 'at-sorting-centre',
  62991: 'refused-by-recipient',
  62992: 'returned-to-sender',
  62993: 'delivery-method-changed',
  62994: 'delivery-date-changed',
  62995: 'delivery-address-changed',
  62996: 'exception',
  62997: 'address-invalid',
};

/** The state of a Sendcloud status, given as a parent status, a numeric id or its string. Id 94
 * ("parcel cancellation failed") has no parent: the parcel goes on as it was, so `unknown`. */
export function stateOfStatus(status: string | number | null | undefined): TrackingState {
  if (status === null || status === undefined || status === '') return 'unknown';
  const id = typeof status === 'number' ? status : /^\d+$/.test(status) ? Number(status) : null;
  const parent = id === null ? String(status).toLowerCase() : STATUS_ID_PARENTS[id];
  return (parent ? PARENT_STATUS_STATES[parent] : undefined) ?? 'unknown';
}
