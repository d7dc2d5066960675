/** The labelled synthetic shop (docs/fraud.md, "The synthetic shop and its assumptions"): who
 * its shoppers are, what they buy and what they send back, as plain data in time order, so the
 * bench can play it through the real commands and compare the score's decisions with the labels. */

export const SHOPPER_LABELS = ['honest', 'bracketer', 'wardrober', 'serial_returner', 'ring_member', 'empty_boxer'] as const;
export type ShopperLabel = (typeof SHOPPER_LABELS)[number];

/** The labels that are abuse: bracketing costs the shop but is not fraud, so it is reported apart. */
export const FRAUD_LABELS: readonly ShopperLabel[] = ['wardrober', 'serial_returner', 'ring_member', 'empty_boxer'];

export interface ShopAddress {
  line1: string;
  postcode: string;
  city: string;
  country: string;
}

export interface SyntheticShopper {
  email: string;
  label: ShopperLabel;
  firstName: string;
  lastName: string;
  phone: string;
  address: ShopAddress;
  /** The card's fingerprint at the payment provider. */
  payment: string;
  /** The portal's device id in the shopper's browser. */
  device: string;
  /** Where their requests come from most of the time (a home connection). */
  ip: string;
  /** The ring of linked accounts a ring member belongs to, or the household an honest shopper shares. */
  group: string | null;
}

export interface SyntheticOrderLine {
  sku: string;
  productId: string;
  /** Size or colour: what a bracketer varies. */
  option: string;
  unitPrice: number;
}

export interface SyntheticOrder {
  number: string;
  email: string;
  placedAt: Date;
  deliveredAt: Date;
  lines: SyntheticOrderLine[];
}

/** How a returned line comes back at the dock and what the inspector finds. */
export interface ReturnedLine {
  /** Index into the order's lines. */
  line: number;
  reason: string;
  /** Units that arrived: 0 for an empty parcel. */
  received: number;
  wrongItem: boolean;
  grade: 'A' | 'B' | 'C' | 'D' | 'X';
  unworn: boolean;
  tagsAttached: boolean;
  note: string | null;
}

export interface SyntheticReturn {
  orderNumber: string;
  email: string;
  requestAt: Date;
  /** The portal device and IP the request came from. */
  device: string;
  ip: string;
  arriveAt: Date;
  inspectAt: Date;
  lines: ReturnedLine[];
  /** Why the generator made it: 'bad_luck', 'empty_box', 'swap', 'worn', 'event', 'bracket'… for the docs and tests. */
  story: string;
}

export interface FraudShop {
  seed: number;
  start: Date;
  days: number;
  shoppers: SyntheticShopper[];
  orders: SyntheticOrder[];
  returns: SyntheticReturn[];
}
