import type { Address } from '../db/schema.js';
import type { ProductFlag, ProductKind } from './catalogue.js';
import { orderImport, orderLines } from './orderMoney.js';
import { type Country, type DemoPerson, makePerson, TAX_RATE_BP } from './people.js';
import type { DemoRandom } from './random.js';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;

/** A variant as the order generator sees it. */
export interface SeedVariant {
  id: string;
  sku: string;
  title: string;
  price: number;
  kind: ProductKind;
  /** Category code (the policy matches a product's category and its parent). */
  category: string;
  flags: Set<ProductFlag>;
  tags: string[];
  productId: string;
  options: Record<string, string>;
}

export interface DemoCustomer {
  person: DemoPerson;
  /** Return policy rules match on it; `blocked` customers keep only their legal rights. */
  segment: 'standard' | 'vip' | 'employee' | 'blocked';
  tags: string[];
  createdAt: Date;
  /** How often this customer orders compared with others (a few order a lot). */
  activity: number;
  spend: number;
  orders: number;
  /** Set once the creation time is final (it is the first part of the id). */
  id: string;
}

export interface DemoOrderLine {
  id: string;
  lineNumber: number;
  variant: SeedVariant;
  quantity: number;
  unitPrice: number;
  discount: number;
  tax: number;
  taxRateBp: number;
  paid: number;
  deliveredAt: Date | null;
}

export interface DemoOrder {
  id: string;
  number: string;
  channel: ChannelCode;
  customer: DemoCustomer;
  placedAt: Date;
  currency: string;
  country: Country;
  address: Address;
  subtotal: number;
  discount: number;
  shipping: number;
  shippingPremium: number;
  tax: number;
  total: number;
  paymentMethod: string;
  externalId: string | null;
  lines: DemoOrderLine[];
}

export type ChannelCode = 'webshop' | 'bol' | 'zalando' | 'store-amsterdam';

/** Channel shares and how much of each channel's basket is fashion. */
const CHANNELS: readonly (readonly [ChannelCode, number, number])[] = [
  ['webshop', 58, 0.72],
  ['bol', 18, 0.35],
  ['zalando', 14, 1],
  ['store-amsterdam', 10, 0.95],
];
const CHANNEL_PICKS = CHANNELS.map((c) => [c, c[1]] as const);

// Weights drawn from for every order, made once.
/** When people order online: the band of hours (morning, afternoon, evening, night). */
const ONLINE_HOUR_BANDS = [
  [0, 25],
  [1, 30],
  [2, 40],
  [3, 5],
] as const;
/** Days from ordering to delivery. */
const DELIVERY_DAYS = [
  [1, 40],
  [2, 35],
  [3, 15],
  [4, 10],
] as const;
/** Lines in a basket. */
const BASKET_LINES = [
  [1, 45],
  [2, 30],
  [3, 17],
  [4, 8],
] as const;

/** How people pay, per country (iDEAL in NL, Bancontact in BE, PayPal and Klarna in DE, cards in FR). */
const PAYMENTS: Record<Country, readonly (readonly [string, number])[]> = {
  NL: [
    ['ideal', 70],
    ['klarna', 12],
    ['paypal', 10],
    ['creditcard', 8],
  ],
  BE: [
    ['bancontact', 60],
    ['creditcard', 15],
    ['paypal', 15],
    ['klarna', 10],
  ],
  DE: [
    ['paypal', 40],
    ['klarna', 32],
    ['creditcard', 28],
  ],
  FR: [
    ['creditcard', 65],
    ['paypal', 25],
    ['klarna', 10],
  ],
};

const SIZE_WEIGHT: Record<string, number> = { XS: 1, S: 3, M: 4, L: 3, XL: 2 };
const APPAREL_SIZES = ['XS', 'S', 'M', 'L', 'XL'];

/** Share of customers who work for the shop (they order with the staff discount). */
const EMPLOYEE_SHARE = 0.01;

export function makeCustomers(r: DemoRandom, count: number, now: Date, days: number): DemoCustomer[] {
  const taken = new Set<string>();
  // A fixed share, at least one: even a small demo shows the employee rules at work.
  const employees = new Set(r.shuffle(Array.from({ length: count }, (_, i) => i)).slice(0, Math.ceil(count * EMPLOYEE_SHARE)));
  return Array.from({ length: count }, (_, index) => {
    const employee = employees.has(index);
    const person = makePerson(r, taken, employee ? 'noordenzo.example' : undefined);
    const ageDays = days + r.int(1, 900);
    const newsletter = r.chance(0.4);
    return {
      person,
      segment: employee ? 'employee' : 'standard',
      tags: [...(employee ? ['staff'] : []), ...(newsletter ? ['newsletter'] : [])],
      createdAt: new Date(now.getTime() - ageDays * DAY - r.int(0, 23) * HOUR - r.int(0, 59) * MINUTE),
      // Exponential: most customers order now and then, a few very often.
      activity: -Math.log(1 - r.next()) + 0.05,
      spend: 0,
      orders: 0,
      id: '',
    };
  });
}

/** Picks customers in proportion to their activity (binary search over the running total). */
function customerPicker(r: DemoRandom, customers: DemoCustomer[]) {
  const cumulative: number[] = [];
  let total = 0;
  for (const c of customers) {
    total += c.activity;
    cumulative.push(total);
  }
  return () => {
    const roll = r.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > roll) hi = mid;
      else lo = mid + 1;
    }
    return customers[lo]!;
  };
}

/** A placing time `ageDays` ago at an hour people shop (evenings online, opening hours in store). */
function placingTime(r: DemoRandom, now: Date, ageDays: number, inStore: boolean): Date {
  const day = Math.floor((now.getTime() - ageDays * DAY) / DAY) * DAY;
  let hour: number;
  if (inStore) hour = r.int(9, 16);
  else {
    // An hour is drawn in every band, then the band: the draws of a seed stay as they always were.
    const bands = [r.int(6, 11), r.int(12, 17), r.int(18, 21), r.int(22, 23)];
    hour = bands[r.weighted(ONLINE_HOUR_BANDS)]!;
  }
  const at = new Date(day + hour * HOUR + r.int(0, 59) * MINUTE + r.int(0, 59) * 1000);
  // Today's orders cannot be in the future.
  return at.getTime() < now.getTime() - 5 * MINUTE ? at : new Date(now.getTime() - r.int(5, 300) * MINUTE);
}

/** Parcels arrive one to four days after ordering, in the daytime; store sales are handed over. */
function deliveryTime(r: DemoRandom, placedAt: Date, inStore: boolean): Date {
  if (inStore) return placedAt;
  const days = r.weighted(DELIVERY_DAYS);
  const day = Math.floor(placedAt.getTime() / DAY) * DAY + days * DAY;
  return new Date(day + r.int(8, 19) * HOUR + r.int(0, 59) * MINUTE);
}

interface Basket {
  variant: SeedVariant;
  quantity: number;
}

/** Products of one kind with their pick weights (bestsellers sell more), and each product's
 * variants weighted by size (M sells most). Built once: baskets are picked thousands of times. */
type Shelf = readonly (readonly [readonly (readonly [SeedVariant, number])[], number])[];

function shelf(products: SeedVariant[][]): Shelf {
  return products.map(
    (variants) =>
      [
        variants.map((v) => [v, SIZE_WEIGHT[v.options.size ?? ''] ?? 1] as const),
        variants[0]?.tags.includes('bestseller') ? 3 : 1,
      ] as const,
  );
}

function pickBasket(r: DemoRandom, fashionShare: number, shelves: Record<ProductKind, Shelf>): Basket[] {
  const lineCount = r.weighted(BASKET_LINES);
  const basket: Basket[] = [];
  while (basket.length < lineCount) {
    const kind: ProductKind = r.chance(fashionShare) ? 'fashion' : 'electronics';
    const variants = r.weighted(shelves[kind]);
    const variant = r.weighted(variants);
    const same = basket.find((b) => b.variant === variant);
    if (same) {
      same.quantity++;
      continue;
    }
    basket.push({ variant, quantity: variant.price < 3000 && r.chance(0.15) ? 2 : 1 });
    // Size bracketing: the next size up too, meaning to send one back.
    const at = APPAREL_SIZES.indexOf(variant.options.size ?? '');
    const next = at >= 0 ? APPAREL_SIZES[at + 1] : undefined;
    const bracket = next && variants.find(([v]) => v.options.size === next && v.options.colour === variant.options.colour);
    if (bracket && basket.length < 4 && r.chance(0.12)) basket.push({ variant: bracket[0], quantity: 1 });
  }
  return basket;
}

export interface OrderPlan {
  count: number;
  days: number;
  now: Date;
  customers: DemoCustomer[];
  variants: SeedVariant[];
  newId: (prefix: string, ms: number) => string;
}

/** Orders over the last `days`, numbered NZ-100001 upward in the order they were placed, with
 * money computed exactly like imported orders (`priceOrderLines`). It pauses (yields) after every
 * `stride` orders, so the caller can do other work between, and returns the orders. */
export function* makeOrders(r: DemoRandom, plan: OrderPlan, stride = 100): Generator<void, DemoOrder[]> {
  const byProduct = new Map<string, SeedVariant[]>();
  for (const v of plan.variants) byProduct.set(v.productId, [...(byProduct.get(v.productId) ?? []), v]);
  const byKind: Record<ProductKind, SeedVariant[][]> = { fashion: [], electronics: [] };
  for (const vs of byProduct.values()) byKind[vs[0]!.kind].push(vs);
  const shelves = { fashion: shelf(byKind.fashion), electronics: shelf(byKind.electronics) };
  const drafts = orderDrafts(r, plan);
  const orders: DemoOrder[] = [];
  for (const [index, draft] of drafts.entries()) {
    if (index % stride === stride - 1) yield;
    orders.push(makeOrder(r, plan, draft, pickBasket(r, draft.fashionShare, shelves), index));
  }
  return orders;
}

type OrderDraft = ReturnType<typeof orderDrafts>[number];

/** Who orders through which channel and when. Times first, so order numbers can follow the clock. */
function orderDrafts(r: DemoRandom, plan: OrderPlan) {
  const pickCustomer = customerPicker(r, plan.customers);
  return Array.from({ length: plan.count }, () => {
    const customer = pickCustomer();
    let [channel, , fashionShare] = r.weighted(CHANNEL_PICKS);
    // The shop is in Amsterdam: only Dutch customers walk in.
    if (channel === 'store-amsterdam' && customer.person.country !== 'NL') [channel, , fashionShare] = CHANNELS[0]!;
    // Slightly more orders lately: the shop is growing.
    const ageDays = plan.days * r.next() ** 1.15;
    const placedAt = placingTime(r, plan.now, ageDays, channel === 'store-amsterdam');
    return { customer, channel, fashionShare, placedAt, placedMs: placedAt.getTime() };
  }).sort((a, b) => a.placedMs - b.placedMs);
}

/** One order: its basket priced as an import would be, delivered (sometimes in two parcels) and paid. */
function makeOrder(r: DemoRandom, plan: OrderPlan, draft: OrderDraft, basket: Basket[], index: number): DemoOrder {
  const { customer, channel, placedAt } = draft;
  const country = customer.person.country;
  const inStore = channel === 'store-amsterdam';
  const number = `NZ-${100001 + index}`;
  const { address, shipping, premium, priced } = orderImport(r, customer, channel, placedAt, basket, number);
  const delivered = deliveryTime(r, placedAt, inStore);
  const split = !inStore && basket.length > 1 && r.chance(0.08);
  const orderId = plan.newId('ord', placedAt.getTime());
  const lineId = () => plan.newId('ol', placedAt.getTime());
  const lines = orderLines(basket, priced, TAX_RATE_BP[country], { delivered, split, now: plan.now, lineId });
  let gross = 0;
  let discount = 0;
  let paid = 0;
  let tax = 0;
  for (const p of priced) {
    gross += p.gross;
    discount += p.discount;
    paid += p.paid;
    tax += p.tax;
  }
  customer.orders++;
  customer.spend += paid;
  return {
    id: orderId,
    number,
    channel,
    customer,
    placedAt,
    currency: 'EUR',
    country,
    address,
    subtotal: gross,
    discount,
    shipping,
    shippingPremium: premium,
    tax,
    total: paid + shipping + premium,
    // Paid by card at the till in the store.
    paymentMethod: inStore ? 'creditcard' : r.weighted(PAYMENTS[country]),
    externalId:
      channel === 'bol' ? String(r.int(1_100_000_000, 1_999_999_999)) : channel === 'zalando' ? `10${r.int(1e11, 9e11)}` : null,
    lines,
  };
}

/** Shares of customers in the segments the return policy treats apart (employees: see makeCustomers). */
const VIP_SHARE = 0.03;
const BLOCKED_SHARE = 0.005;

/** Final touches once all orders exist: the best customers become VIPs, a few who abused returns
 * are blocked, some customers signed up with their first order. */
export function settleCustomers(r: DemoRandom, customers: DemoCustomer[], orders: DemoOrder[]): void {
  const first = new Map<DemoCustomer, Date>();
  for (const o of orders) if (!first.has(o.customer)) first.set(o.customer, o.placedAt);
  const bySpend = customers.filter((c) => c.segment === 'standard' && c.spend > 0).sort((a, b) => b.spend - a.spend);
  for (const c of bySpend.slice(0, Math.ceil(customers.length * VIP_SHARE))) {
    c.segment = 'vip';
    c.tags = [...c.tags, 'loyalty'];
  }
  // Blocked customers are ones who ordered: a block follows abuse, so they have a history.
  const shoppers = customers.filter((c) => c.segment === 'standard' && c.spend > 0);
  for (const c of r.shuffle(shoppers).slice(0, Math.ceil(customers.length * BLOCKED_SHARE))) {
    c.segment = 'blocked';
    c.tags = [...c.tags, 'return-abuse'];
  }
  for (const c of customers) {
    const firstOrder = first.get(c);
    if (firstOrder && r.chance(0.3)) c.createdAt = new Date(firstOrder.getTime() - r.int(3, 40) * MINUTE);
  }
}
