import type { CustomerFacts, OrderFacts } from '../domain/policy/facts.js';
import type { ReturnStatus } from '../domain/returnLifecycle.js';
import { CALLED_OFF_STATUSES } from '../domain/returnStatus.js';
import type { DemoCustomer, DemoOrder } from './orders.js';

/** The order as the policy engine sees it, built once per order. */
export function orderFacts(order: DemoOrder, categoryPaths: Map<string, string[]>): OrderFacts {
  return {
    id: order.id,
    placedAt: order.placedAt,
    channel: order.channel,
    shippingCountry: order.country,
    currency: order.currency,
    lines: order.lines.map((l) => ({
      id: l.id,
      sku: l.variant.sku,
      quantity: l.quantity,
      // One return per order: no unit of it is in another return, nor exchanged before.
      quantityInReturns: 0,
      exchangesUsed: 0,
      paidAmount: l.paid,
      deliveredAt: l.deliveredAt,
      categoryPath: categoryPaths.get(l.variant.category) ?? [l.variant.category],
      productTags: l.variant.tags,
      flags: {
        finalSale: l.variant.flags.has('finalSale'),
        exchangeOnly: l.variant.flags.has('exchangeOnly'),
        personalised: l.variant.flags.has('personalised'),
        perishable: l.variant.flags.has('perishable'),
        hygieneSealed: l.variant.flags.has('hygieneSealed'),
        sealedMedia: l.variant.flags.has('sealedMedia'),
      },
    })),
  };
}

const RELEASED = new Set<string>(CALLED_OFF_STATUSES);

/** What the shop knows of a customer's returns at a moment, counted as the app counts them:
 * units bought in their other orders, and the returns of other orders that still hold on to
 * their units. Only orders and returns from before that moment count. */
export class CustomerHistory {
  private readonly ordersOf = new Map<DemoCustomer, DemoOrder[]>();
  private readonly returnsOf = new Map<DemoCustomer, { at: number; order: DemoOrder; units: number; released: boolean }[]>();

  constructor(orders: DemoOrder[]) {
    for (const o of orders) {
      const list = this.ordersOf.get(o.customer);
      if (list) list.push(o);
      else this.ordersOf.set(o.customer, [o]);
    }
  }

  facts(order: DemoOrder, at: number): CustomerFacts {
    const c = order.customer;
    let bought = 0;
    for (const o of this.ordersOf.get(c) ?? []) {
      if (o !== order && o.placedAt.getTime() < at) for (const l of o.lines) bought += l.quantity;
    }
    let returned = 0;
    let count = 0;
    for (const ret of this.returnsOf.get(c) ?? []) {
      if (ret.order === order || ret.released || ret.at >= at) continue;
      returned += ret.units;
      count++;
    }
    return {
      id: c.id,
      segment: c.segment,
      tags: c.tags,
      returnCount: count,
      returnRate: bought > 0 ? Math.min(returned / bought, 1) : 0,
    };
  }

  add(plan: { order: DemoOrder; createdAt: Date; status: ReturnStatus; lines: { quantity: number }[] }): void {
    const c = plan.order.customer;
    const entry = {
      at: plan.createdAt.getTime(),
      order: plan.order,
      units: plan.lines.reduce((s, l) => s + l.quantity, 0),
      // Its final status stands in for the status it had then.
      released: RELEASED.has(plan.status),
    };
    const list = this.returnsOf.get(c);
    if (list) list.push(entry);
    else this.returnsOf.set(c, [entry]);
  }
}
