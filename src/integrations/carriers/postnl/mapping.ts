import type { CarrierMethod, CarrierService } from '../../../app/logistics/carriers/port.js';
import type { TrackingState } from '../../../domain/tracking.js';

/**
 * PostNL's T&T status codes (StatusCode, with the PhaseCode they belong to) on Retour's tracking
 * states, after the suggested mapping of the integrations reference (§9). For a return parcel
 * "delivered" means it reached the shop.
 */
export const POSTNL_STATUS_STATES: Readonly<Record<number, TrackingState>> = {
  1: 'label_created', // pre-alerted
  13: 'label_created', // pre-alerted, not yet accepted
  2: 'handed_in', // accepted
  3: 'handed_in', // collected
  5: 'in_transit', // sorted
  7: 'in_transit', // out for delivery
  20: 'in_transit', // in clearance: moving, only slower
  21: 'in_transit', // in storage
  11: 'delivered',
  12: 'at_pickup_point',
  // Phase 4 "delivered": the shop collected the parcel at a PostNL point.
  22: 'delivered',
  // "Pick-up order collected": the courier of a Return on Demand order took the parcel at the
  // shopper's door, so it is on its way rather than delivered ⚠ (PostNL files it under phase 4).
  23: 'handed_in',
  4: 'exception', // not collected
  6: 'exception', // not sorted
  8: 'exception', // not delivered
  9: 'exception', // at customs
  14: 'exception', // pre-alerted, definitively not accepted
  15: 'exception', // missing (collection)
  16: 'exception', // missing (sorting)
  17: 'exception', // missing (distribution)
  18: 'exception', // definitively missing
  19: 'exception', // rejected
  99: 'unknown',
};

/** Where a status code PostNL adds later falls, by its phase. */
const PHASE_STATES: Readonly<Record<number, TrackingState>> = {
  1: 'label_created',
  2: 'in_transit',
  3: 'in_transit',
  4: 'delivered',
};

/** Event codes that say more than the status next to them; other events are left to the status. */
export const POSTNL_EVENT_STATES: Readonly<Record<string, TrackingState>> = {
  X40: 'handed_in', // received at a PostNL outlet: the shopper handed it in
  B01: 'handed_in', // received by PostNL
  A27: 'at_pickup_point', // delivered to a parcel locker
  H31: 'cancelled', // the sender cancelled
  M03: 'cancelled', // the label expired unused: nothing will come
  X42: 'exception', // refused at the outlet: too big
  X43: 'exception', // refused at the outlet: badly packed
  D03: 'exception', // pickup failed
  D09: 'exception', // pickup failed
  Y81: 'exception', // pickup failed
};

export function stateOfStatus(statusCode: unknown, phaseCode?: unknown): TrackingState {
  const status = POSTNL_STATUS_STATES[Number(statusCode)];
  if (status) return status;
  return PHASE_STATES[Number(phaseCode)] ?? 'unknown';
}

export function stateOfEvent(code: unknown): TrackingState | null {
  return typeof code === 'string' ? (POSTNL_EVENT_STATES[code.toUpperCase()] ?? null) : null;
}

/** PostNL's return product (printed label, or label-free when Smart Returns' option is added). */
export const RETURN_PRODUCT = '2285';
/** Product option that makes a 2285 parcel a Smart Return: the shopper shows a code at a PostNL
 * point, which prints the label; PostNL needs the shopper's e-mail to send it. */
export const SMART_RETURNS_OPTION = { Characteristic: '152', Option: '025' } as const;

/** The service codes a shop maps methods to: the product code, with the option where one applies. */
export const SMART_RETURNS_SERVICE = `${RETURN_PRODUCT}-${SMART_RETURNS_OPTION.Characteristic}-${SMART_RETURNS_OPTION.Option}`;

export interface PostNLProduct {
  code: string;
  options: { Characteristic: string; Option: string }[];
}

/** The product and options to book for a service and method. A QR return is always a Smart
 * Return, whatever service code it came with; a label, pickup or partner drop-off is a 2285 label. */
export function productFor(service: string, method: CarrierMethod): PostNLProduct {
  if (method === 'qr' || service === SMART_RETURNS_SERVICE)
    return { code: RETURN_PRODUCT, options: [{ ...SMART_RETURNS_OPTION }] };
  const code = /^\d{4,5}$/.test(service) ? service : RETURN_PRODUCT;
  return { code, options: [] };
}

/**
 * What PostNL carries back to a Dutch (or Belgian) address: PostNL addresses are limited to NL and
 * BE. Smart Returns and Return on Demand are Dutch services; whether Smart Returns works from
 * Belgium is not confirmed ⚠, so from BE only the printed label is offered.
 */
export function returnServices(fromCountry: string, toCountry: string): CarrierService[] {
  const from = fromCountry.toUpperCase();
  const to = toCountry.toUpperCase();
  if (!['NL', 'BE'].includes(to) || !['NL', 'BE'].includes(from)) return [];
  const label: CarrierService = {
    code: RETURN_PRODUCT,
    name: 'PostNL return label',
    carrier: 'postnl',
    methods: from === 'NL' ? ['label', 'partner', 'pickup'] : ['label', 'partner'],
    needsServicePoint: false,
    fromCountries: from === 'NL' ? ['NL'] : ['BE'],
  };
  if (from !== 'NL') return [label];
  return [
    label,
    {
      code: SMART_RETURNS_SERVICE,
      name: 'PostNL Smart Returns (label-free, QR at a PostNL point)',
      carrier: 'postnl',
      methods: ['qr'],
      needsServicePoint: false,
      fromCountries: ['NL'],
    },
  ];
}
