import type { PickupSlot } from '../../domain/pickupSlots.js';
import type { ReturnMethod } from '../../domain/policy/document.js';

/**
 * What the shop's carriers carry for a shopper, as returns asks it: which methods are on offer in
 * the country an order went to, whether the chosen service needs a drop-off point, whether a point
 * the shopper picked exists, and the pickup windows a carrier offers. Logistics answers it
 * (src/app/logistics/methods/shippingOffers.ts); returns comes before logistics and cannot ask it
 * directly. Its answers are gathered before a request's transaction (see gatherShipping): carriers
 * are asked over the network, never while the order is locked.
 */
export interface ShippingOffers {
  /** The methods carriers carry to the order's country, or `carried: null` when the shop maps none
   * there (the methods Retour's own label stands in for are then offered, see methodsOnOffer). */
  forOrder(orderId: string): Promise<OrderShipping>;
  /** The point as the carrier describes it now; null when the carrier has no point by that id.
   * Throws ShippingUnavailable when the carrier cannot be asked. */
  confirmServicePoint(query: {
    orderId: string;
    method: ReturnMethod;
    point: PickedServicePoint;
  }): Promise<ChosenServicePoint | null>;
  /** The pickup windows the carrier offers at the order's address; empty when it books any of
   * Retour's own working-day windows. Throws ShippingUnavailable when the carrier cannot be asked. */
  pickupSlots(orderId: string): Promise<PickupSlot[]>;
}

export interface CarriedMethod {
  method: ReturnMethod;
  /** A drop-off point must be picked for the service that carries it. */
  needsServicePoint: boolean;
}

export interface OrderShipping {
  country: string;
  postcode: string;
  carried: CarriedMethod[] | null;
}

/** What the shopper sends of the point they picked: its id, and the carrier and postcode it was
 * found under where they have them. */
export interface PickedServicePoint {
  id: string;
  carrier?: string | null;
  postcode?: string | null;
}

/** A drop-off point as the carrier describes it and the return keeps it. */
export interface ChosenServicePoint {
  id: string;
  carrier: string;
  name: string;
  kind: string;
  address: { line1: string; postcode: string; city: string; country: string };
  distanceMeters?: number | null;
  openingHours?: { day: number; open: string; close: string }[];
  /** The carrier connection whose search found the point: the parcel is booked with it. */
  connectionId?: string | null;
}

/** The carrier could not be asked now (down, timing out, refusing for a while): the shopper can
 * try again or choose another way. */
export class ShippingUnavailable extends Error {
  constructor(message = 'The carrier cannot be reached now; try again, or choose another way to return') {
    super(message);
    this.name = 'ShippingUnavailable';
  }
}

declare module '../kernel/context.js' {
  interface AppPorts {
    /** What the shop's carriers carry per country (logistics). */
    shipping: ShippingOffers;
  }
}

/** Methods whose parcel the shopper hands in at a point. */
export const DROPPED_OFF: readonly ReturnMethod[] = ['qr', 'label', 'partner'];

/** Methods that need no carrier: the shopper walks into a store. */
const WITHOUT_CARRIER: readonly ReturnMethod[] = ['store'];

/** Methods Retour's own label stands in for where no carrier is mapped for the shopper's country:
 * a printed label (Retour's PDF), its QR code and a pickup in Retour's own windows need nothing of a
 * carrier. A partner drop-off does: its points come from a carrier's finder, so without a carrier
 * mapped there the shopper could find no point and the request would be refused afterwards. */
const OWN_LABEL_FALLBACK: readonly ReturnMethod[] = ['label', 'qr', 'pickup'];

/** The policy's methods that are on offer: where no carrier is mapped for the country, those
 * Retour's own label stands in for and the ones that need no carrier; else those a carrier carries
 * there and the ones that need no carrier. */
export function methodsOnOffer<M extends { method: ReturnMethod }>(methods: readonly M[], shipping: OrderShipping): M[] {
  const { carried } = shipping;
  if (carried === null) return methods.filter((m) => WITHOUT_CARRIER.includes(m.method) || OWN_LABEL_FALLBACK.includes(m.method));
  return methods.filter((m) => WITHOUT_CARRIER.includes(m.method) || carried.some((c) => c.method === m.method));
}

/** A drop-off point is needed: the partner method always, a carrier's service where it says so. */
export function needsServicePoint(method: ReturnMethod | null | undefined, shipping: OrderShipping): boolean {
  if (!method) return false;
  if (method === 'partner') return true;
  return shipping.carried?.some((c) => c.method === method && c.needsServicePoint) ?? false;
}

/** What the shop's carriers say about a request, asked before its transaction. `unavailable`: the
 * carrier could not be asked now. */
export interface ShippingFacts {
  offer: OrderShipping;
  /** The carrier's own pickup windows (empty: Retour's working-day windows). */
  carrierSlots: PickupSlot[] | 'unavailable';
  /** The drop-off point picked, as the carrier knows it (null: it does not). */
  point: ChosenServicePoint | null | 'unavailable';
}

/** Asks the carriers only what the request needs: pickup windows for a pickup with a slot, the
 * point for a request that names one. */
export async function gatherShipping(
  shipping: ShippingOffers,
  input: {
    orderId: string;
    method?: ReturnMethod | null;
    pickupSlot?: PickupSlot | null;
    servicePointId?: string | null;
    servicePoint?: { carrier?: string | null; address?: { postcode?: string | null } | null } | null;
  },
): Promise<ShippingFacts> {
  const unavailable = (err: unknown): 'unavailable' => {
    if (err instanceof ShippingUnavailable) return 'unavailable';
    throw err;
  };
  const [offer, carrierSlots, point] = await Promise.all([
    shipping.forOrder(input.orderId),
    input.method === 'pickup' && input.pickupSlot ? shipping.pickupSlots(input.orderId).catch(unavailable) : [],
    input.method && input.servicePointId && DROPPED_OFF.includes(input.method)
      ? shipping
          .confirmServicePoint({
            orderId: input.orderId,
            method: input.method,
            point: {
              id: input.servicePointId,
              carrier: input.servicePoint?.carrier,
              postcode: input.servicePoint?.address?.postcode,
            },
          })
          .catch(unavailable)
      : null,
  ]);
  return { offer, carrierSlots, point };
}

/** Whether a slot is one of the carrier's windows where it has its own, else one of Retour's. */
export function slotOnOffer(
  slot: PickupSlot,
  carrierSlots: readonly PickupSlot[],
  isRetourSlot: (slot: PickupSlot) => boolean,
): boolean {
  if (carrierSlots.length === 0) return isRetourSlot(slot);
  const same = (a: string, b: string) => new Date(a).getTime() === new Date(b).getTime();
  return carrierSlots.some((s) => same(s.start, slot.start) && same(s.end, slot.end));
}
