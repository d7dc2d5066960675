import { type OrderImport, priceOrderLines } from '../app/catalog/importOrders.js';
import type { Address } from '../db/schema.js';
import { type DemoPerson, TAX_RATE_BP } from './people.js';
import type { DemoRandom } from './random.js';

const DAY = 86_400_000;

/** What an order's money depends on: who buys through which channel, and what. */
interface Buyer {
  person: DemoPerson;
  segment: string;
}
interface Item<V> {
  variant: V & { sku: string; price: number; tags: string[] };
  quantity: number;
}

/** The order's discount: staff discount, the WELKOM10 code, or €10 off a large basket. */
function discountOf(r: DemoRandom, buyer: Buyer, channel: string, goods: number): number {
  const inStore = channel === 'store-amsterdam';
  if (buyer.segment === 'employee' && (channel === 'webshop' || inStore)) return Math.round(goods * 0.25);
  if (channel === 'webshop' && r.chance(0.08)) return Math.round(goods * 0.1); // WELKOM10
  if (channel === 'webshop' && goods >= 7500 && r.chance(0.04)) return 1000;
  return 0;
}

/** The order as an import would bring it: lines with clearance discounts, the order's discount,
 * shipping (free above a threshold, dearer further away) and now and then evening delivery. */
export function orderImport<V>(r: DemoRandom, buyer: Buyer, channel: string, placedAt: Date, basket: Item<V>[], number: string) {
  const { person } = buyer;
  const country = person.country;
  // Clearance goes at 30% off.
  const lineDiscounts = basket.map((b) =>
    b.variant.tags.includes('clearance') ? Math.round(b.variant.price * b.quantity * 0.3) : 0,
  );
  const goods = basket.reduce((s, b, i) => s + b.variant.price * b.quantity - (lineDiscounts[i] ?? 0), 0);
  const discount = discountOf(r, buyer, channel, goods);
  const near = country === 'NL' || country === 'BE';
  const shipping = channel !== 'webshop' || goods - discount >= (near ? 5000 : 7500) ? 0 : near ? 495 : 695;
  const premium = channel === 'webshop' && near && r.chance(0.07) ? 495 : 0; // evening delivery
  const address: Address = {
    name: `${person.firstName} ${person.lastName}`,
    line1: person.line1,
    postcode: person.postcode,
    city: person.city,
    country,
  };
  const order: OrderImport = {
    orderNumber: number,
    channel,
    placedAt: placedAt.toISOString(),
    currency: 'EUR',
    customer: { email: person.email },
    shippingAddress: address,
    shippingAmount: shipping,
    shippingPremiumAmount: premium,
    discountAmount: discount,
    lines: basket.map((b, i) => ({
      sku: b.variant.sku,
      quantity: b.quantity,
      unitPriceAmount: b.variant.price,
      discountAmount: lineDiscounts[i] ?? 0,
      taxRateBp: TAX_RATE_BP[country],
    })),
  };
  return { order, address, shipping, premium, priced: priceOrderLines(order) };
}

/** The order's lines with their money as priced, delivered at `delivered`; when the order was
 * `split`, the last item comes in a second parcel a day later. A delivery after `now` has not happened. */
export function orderLines<V>(
  basket: Item<V>[],
  priced: ReturnType<typeof priceOrderLines>,
  taxRateBp: number,
  parcels: { delivered: Date; split: boolean; now: Date; lineId: () => string },
) {
  const { delivered, split, now } = parcels;
  return basket.map((b, i) => {
    const p = priced[i]!;
    const at = split && i === basket.length - 1 ? new Date(delivered.getTime() + DAY) : delivered;
    return {
      id: parcels.lineId(),
      lineNumber: i + 1,
      variant: b.variant,
      quantity: b.quantity,
      unitPrice: b.variant.price,
      discount: p.discount,
      tax: p.tax,
      taxRateBp,
      paid: p.paid,
      deliveredAt: at.getTime() <= now.getTime() ? at : null,
    };
  });
}
