import { EU_COUNTRIES } from './policy/euLaw.js';
import type { ReturnMethod } from './policy/vocabulary.js';

/** The carriers and shipping platforms Retour books return parcels with. Sendcloud, Shippo,
 * ShipStation and Easyship are aggregators (one account, many carriers); PostNL is booked directly. */
export const CARRIERS = ['sendcloud', 'shippo', 'postnl', 'shipstation', 'easyship'] as const;
export type CarrierName = (typeof CARRIERS)[number];

/** Return methods a carrier can carry; `store` never needs one (the shopper walks in). */
export const CARRIER_METHODS = ['label', 'qr', 'pickup', 'partner'] as const satisfies readonly ReturnMethod[];
export type CarrierMethod = (typeof CARRIER_METHODS)[number];

/** Where a label comes as: a PDF to print at home or a ZPL file for a warehouse's label printer. */
export const LABEL_FORMATS = ['pdf', 'zpl'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

/** The credential fields each carrier's connection asks for, in the order the settings show them.
 * `apiKey` is always there; the rest only where the carrier needs it. */
export const CARRIER_FIELDS: Record<CarrierName, readonly CredentialField[]> = {
  // Basic auth with the integration's public key and secret key; the secret signs webhooks.
  sendcloud: ['apiKey', 'apiSecret'],
  // ShippoToken; webhooks are checked with a secret Shippo provisions, or a token in the URL.
  shippo: ['apiKey', 'webhookSecret'],
  // apikey header; labels and barcodes are booked on the shop's customer code and number.
  postnl: ['apiKey', 'customerCode', 'customerNumber'],
  // API-Key header; webhooks are RSA-signed, checked with ShipStation's public key (PEM or JWKS) kept here.
  shipstation: ['apiKey', 'webhookSecret'],
  // Bearer token; webhooks carry a JWT signed with the webhook's secret.
  easyship: ['apiKey', 'webhookSecret'],
};
export type CredentialField = 'apiKey' | 'apiSecret' | 'webhookSecret' | 'customerCode' | 'customerNumber';

/** What each carrier can do for a return, as its API offers it. */
export interface CarrierCapabilities {
  methods: readonly CarrierMethod[];
  /** Finds drop-off points near an address. */
  servicePoints: boolean;
  /** Books, moves and cancels pickups at the shopper's door. */
  pickups: boolean;
  /** Pushes tracking updates; otherwise Retour polls. */
  webhooks: boolean;
  /** A webhook's signature covers its body, so the states it carries can be trusted. Where it does
   * not (Easyship's JWT vouches for the sender, not the bytes: a token seen once could carry any
   * body), a delivery only says which parcels to ask the carrier about. */
  bodySigned: boolean;
  /** Unused labels can be voided (and are not charged). */
  voids: boolean;
  /** Labels can be had as ZPL for thermal printers. */
  zpl: boolean;
}

export const CARRIER_CAPABILITIES: Record<CarrierName, CarrierCapabilities> = {
  sendcloud: {
    methods: ['label', 'qr', 'pickup', 'partner'],
    servicePoints: true,
    pickups: true,
    webhooks: true,
    bodySigned: true,
    voids: true,
    zpl: true,
  },
  shippo: {
    methods: ['label', 'qr'],
    servicePoints: false,
    pickups: false,
    webhooks: true,
    bodySigned: true,
    voids: true,
    zpl: true,
  },
  postnl: {
    methods: ['label', 'qr', 'pickup', 'partner'],
    servicePoints: true,
    pickups: true,
    webhooks: false,
    bodySigned: false,
    voids: false,
    zpl: true,
  },
  shipstation: {
    methods: ['label'],
    servicePoints: false,
    pickups: false,
    webhooks: true,
    bodySigned: true,
    voids: true,
    zpl: true,
  },
  easyship: {
    methods: ['label'],
    servicePoints: false,
    pickups: false,
    webhooks: true,
    bodySigned: false,
    voids: true,
    zpl: false,
  },
};

/** Countries of the EU customs union: the member states and Monaco. A return from anywhere else
 * (UK, CH, NO …) crosses a customs border and carries a customs declaration (CN23 / commercial
 * invoice) with its items. */
export const EU_CUSTOMS_UNION: ReadonlySet<string> = new Set([...EU_COUNTRIES, 'MC']);

/** Whether a parcel from `from` to `to` crosses the EU's customs border. */
export function needsCustoms(from: string, to: string): boolean {
  const inside = (c: string) => EU_CUSTOMS_UNION.has(c.toUpperCase());
  return inside(from) !== inside(to) || (!inside(from) && !inside(to) && from.toUpperCase() !== to.toUpperCase());
}
