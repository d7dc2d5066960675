import type { RetourDb } from '../../../db/connection.js';
import { CARRIER_METHODS, type CarrierMethod } from '../../../domain/carriers.js';
import { isOneOf } from '../../../domain/oneOf.js';
import { isBookableSlot, type PickupSlot } from '../../../domain/pickupSlots.js';
import type { ReturnMethod } from '../../../domain/policy/document.js';
import type { AppCaches } from '../../kernel/context.js';
import {
  type OrderShipping,
  type PickedServicePoint,
  type ShippingOffers,
  ShippingUnavailable,
} from '../../returns/shippingOffers.js';
import type { CarrierGateway } from '../carriers/gateway.js';
import { CarrierError } from '../carriers/port.js';
import { anyCarrierMapping } from './carrierMapping.js';
import { recheckServicePoint } from './findServicePoints.js';
import { mappedServices, offeredMethods, orderAddress } from './offeredMethods.js';

/** Answers returns' questions about shipping from the carrier mapping (carrier_methods) and the
 * carriers' own answers. */
export class CarrierShippingOffers implements ShippingOffers {
  constructor(
    private readonly db: RetourDb,
    private readonly carriers: CarrierGateway,
    private readonly now: () => Date,
    private readonly caches: AppCaches,
  ) {}

  async forOrder(orderId: string): Promise<OrderShipping> {
    // A shop that maps no carrier service offers every method with Retour's own label: no reads.
    if (!(await anyCarrierMapping(this.caches, this.db))) return { country: '', postcode: '', carried: null };
    return offeredMethods(this.db, orderId);
  }

  async confirmServicePoint(query: { orderId: string; method: ReturnMethod; point: PickedServicePoint }) {
    const { method, point } = query;
    if (!isOneOf(CARRIER_METHODS, method)) return null;
    const ctx = { db: this.db, carriers: this.carriers, now: this.now };
    return unavailableOnCarrierError(() =>
      recheckServicePoint(ctx, {
        orderId: query.orderId,
        method,
        pointId: point.id,
        carrier: point.carrier,
        postcode: point.postcode,
      }),
    );
  }

  /** The windows of the first connection that carries pickups to the order's country and offers
   * its own, less those whose change cut-off has passed (a pickup booked then could not be moved or
   * cancelled); empty when none does (Retour's working-day windows apply). */
  pickupSlots(orderId: string): Promise<PickupSlot[]> {
    return unavailableOnCarrierError(() => this.carrierPickupSlots(orderId));
  }

  private async carrierPickupSlots(orderId: string): Promise<PickupSlot[]> {
    const { country, postcode, address } = await orderAddress(this.db, orderId);
    const now = this.now();
    const { timezone } = await this.db
      .selectFrom('shop_settings')
      .select('timezone')
      .where('id', '=', 'default')
      .executeTakeFirstOrThrow();
    const services = await mappedServices(this.db, country, 'pickup' satisfies CarrierMethod);
    for (const connectionId of new Set(services.map((s) => s.connectionId))) {
      const connection = await this.carriers.connection(connectionId);
      if (!connection?.adapter.capabilities.pickups) continue;
      const slots = await connection.adapter.pickupSlots(
        { name: address.name ?? '', line1: address.line1, line2: address.line2 ?? null, postcode, city: address.city, country },
        now,
      );
      const bookable = slots.filter((s) => isBookableSlot(s, now, timezone));
      if (bookable.length > 0) return bookable;
    }
    return [];
  }
}

/** A carrier's failure, as returns understands it; anything else is a bug and stays as it is. */
async function unavailableOnCarrierError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof CarrierError) throw new ShippingUnavailable();
    throw err;
  }
}
