import type { ShopperLabel } from './types.js';

/** What the synthetic shop assumes of its shoppers: every number here is written down in
 * docs/fraud.md ("The synthetic shop and its assumptions"). They describe shoppers as a shop of
 * fashion in the Netherlands sees them, not what the score needs: they are not tuned to it. */

/** Share of each label among the shoppers. */
export const LABEL_SHARES: Record<ShopperLabel, number> = {
  honest: 0.82,
  bracketer: 0.06,
  wardrober: 0.03,
  serial_returner: 0.03,
  ring_member: 0.04,
  empty_boxer: 0.02,
};

/** Orders over the six months, as [count, weight]. */
export const ORDERS_PER_SHOPPER: Record<ShopperLabel, readonly (readonly [number, number])[]> = {
  honest: [
    [1, 30],
    [2, 30],
    [3, 20],
    [4, 12],
    [5, 8],
  ],
  bracketer: [
    [2, 30],
    [3, 35],
    [4, 20],
    [5, 15],
  ],
  wardrober: [
    [3, 30],
    [4, 35],
    [5, 25],
    [6, 10],
  ],
  serial_returner: [
    [5, 20],
    [6, 25],
    [8, 25],
    [10, 20],
    [12, 10],
  ],
  ring_member: [
    [2, 30],
    [3, 35],
    [4, 25],
    [5, 10],
  ],
  empty_boxer: [
    [3, 30],
    [4, 35],
    [5, 25],
    [6, 10],
  ],
};

/** Honest shoppers send back about one order in five (fashion's usual 15–25 %). */
export const HONEST_RETURN_RATE = 0.2;
/** Honest bad luck per return: the carrier damages the parcel (graded D), it arrives empty (stolen on
 * the way), or the shopper packs the wrong item by mistake. */
export const HONEST_DAMAGED = 0.02;
export const HONEST_EMPTY = 0.005;
export const HONEST_WRONG_ITEM = 0.005;
/** An honest shopper who tried a garment on may have cut a tag or worn it once: found at inspection. */
export const HONEST_TAG_CUT = 0.03;
export const HONEST_WORN = 0.02;
/** Honest shoppers who live with another shopper of the shop (same address and home IP). */
export const HONEST_HOUSEHOLD = 0.08;
/** Requests sent over a mobile connection, whose carrier shares a few public IPs among many. */
export const MOBILE_SHARE = 0.15;
export const MOBILE_IPS = 40;

/** Bracketers: share of their orders that are brackets (2–3 sizes or 2 colours of one product). */
export const BRACKET_ORDER_SHARE = 0.6;
/** Wardrobers: share of their orders placed before an event and sent back just after it; worn or
 * tags removed on those and on their other returns. */
export const WARDROBE_EVENT_SHARE = 0.5;
export const WARDROBE_RETURN_RATE = 0.8;
export const WARDROBE_WORN = 0.6;
export const WARDROBE_TAGS_REMOVED = 0.35;
/** Serial returners send back most of what they buy. */
export const SERIAL_RETURN_RATE = 0.85;
export const SERIAL_LINE_RATE = 0.85;
/** Rings: 3–6 accounts sharing identifiers; they send back often, now and then a swapped item or an empty box. */
export const RING_SIZE: readonly [number, number] = [3, 6];
export const RING_RETURN_RATE = 0.6;
export const RING_SWAP = 0.2;
export const RING_EMPTY = 0.1;
/** Empty-boxers send back half their orders; some arrive empty, some with another item inside. */
export const EMPTY_BOXER_RETURN_RATE = 0.5;
export const EMPTY_BOXER_EMPTY = 0.3;
export const EMPTY_BOXER_SWAP = 0.2;

/** Days from placing to delivery, from delivery to the request, from the request to the dock. */
export const DELIVERY_DAYS: readonly [number, number] = [1, 3];
export const REQUEST_DAYS: readonly [number, number] = [1, 12];
export const TRANSIT_DAYS: readonly [number, number] = [2, 5];
