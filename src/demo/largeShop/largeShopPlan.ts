import { localDate } from '../../domain/calendar.js';
import type { ProductKind } from '../catalogue.js';
import { DAY } from '../orders.js';

/** What a large demo shop is made of: how many orders over how many days, and the seed. */
export interface LargeShopOptions {
  orders: number;
  /** Orders are spread over this many days before `asOf`. */
  days: number;
  seed: number;
  /** The shop's "now": the last day orders are placed, and what every status is judged at. */
  asOf: Date;
  /** Connections that build the indexes at once at the end (1 unless told; PGlite has one). */
  connections?: number;
}

/** Units asked back of units sold, per category: fashion ~30 %, electronics ~8 %, as European
 * webshops report them, once the one in eight returns that is rejected, cancelled or expires is
 * left out. Clearance items come back far less. */
export const CATEGORY_RETURN_RATES: Record<string, number> = {
  tops: 0.3,
  trousers: 0.38,
  dresses: 0.4,
  shoes: 0.33,
  accessories: 0.11,
  underwear: 0.06,
  phones: 0.08,
  audio: 0.1,
  computers: 0.09,
  'accessories-electronics': 0.11,
  media: 0.045,
};

/** Products that come back far more than their category, each mostly for one reason, with the
 * words shoppers use for it: what the problem-products dashboard should find. */
export const PROBLEM_PRODUCTS: Record<string, { factor: number; reason: string; comments: string[] }> = {
  'Slim jeans': { factor: 1.7, reason: 'too_small', comments: ['Runs small in the waist', 'Runs small, order a size up'] },
  'Wrap dress': {
    factor: 1.6,
    reason: 'not_as_described',
    comments: ['Colour differs from the photos', 'Colour differs, much darker red'],
  },
  'Chelsea boot': { factor: 1.6, reason: 'too_small', comments: ['Runs small, toes pinch', 'Runs small and narrow'] },
  'Klank Buds Sport': { factor: 2.6, reason: 'defective', comments: ['Left earbud stops charging', 'Earbud stops charging'] },
};

/** Of all order lines, the share that ends up asked back (before recent orders, which have not
 * had their time yet): sets how fashion and electronics share the sales. */
const LINE_RETURN_SHARE = 0.155;

/** A variant as the large shop sells it. */
export interface PlannedVariant {
  id: string;
  productId: string;
  sku: string;
  title: string;
  price: number;
  kind: ProductKind;
  category: string;
  categoryId: string | null;
  productTitle: string;
  finalSale: boolean;
  tags: string[];
}

/** A variant's chance of being returned and why, as the generator reads it. */
export function variantReturnRate(v: PlannedVariant): number {
  const base = CATEGORY_RETURN_RATES[v.category] ?? 0.1;
  const problem = PROBLEM_PRODUCTS[v.productTitle];
  return Math.min(0.95, base * (problem?.factor ?? 1) * (v.finalSale ? 0.25 : 1));
}

function popularity(v: PlannedVariant): number {
  let w = 1;
  if (v.tags.includes('bestseller')) w *= 3;
  if (v.tags.includes('new')) w *= 1.5;
  if (v.tags.includes('clearance')) w *= 0.6;
  // The problem products sell well: that is why their returns hurt.
  if (PROBLEM_PRODUCTS[v.productTitle]) w *= 2;
  return w;
}

/** Slots of the lottery that picks a line's variant: a slot drawn uniformly is a variant drawn by
 * its popularity, with fashion and electronics sharing the sales so that about LINE_RETURN_SHARE
 * of all lines come back. */
export const TICKETS = 10_000;

export function variantTickets(variants: PlannedVariant[]): number[] {
  const weights = variants.map(popularity);
  const kindTotal = (kind: ProductKind) => variants.reduce((s, v, i) => s + (v.kind === kind ? (weights[i] ?? 0) : 0), 0);
  const kindRate = (kind: ProductKind) =>
    variants.reduce((s, v, i) => s + (v.kind === kind ? (weights[i] ?? 0) * variantReturnRate(v) : 0), 0) / kindTotal(kind);
  const fashion = kindRate('fashion');
  const electronics = kindRate('electronics');
  // fashionShare · fashion + (1 − fashionShare) · electronics = LINE_RETURN_SHARE, kept within 30–80 %.
  const fashionShare = Math.min(0.8, Math.max(0.3, (LINE_RETURN_SHARE - electronics) / (fashion - electronics)));
  const share = { fashion: fashionShare / kindTotal('fashion'), electronics: (1 - fashionShare) / kindTotal('electronics') };
  const scaled = variants.map((v, i) => (weights[i] ?? 0) * share[v.kind]);
  const tickets: number[] = [];
  let cumulative = 0;
  for (const [i, w] of scaled.entries()) {
    cumulative += w;
    while (tickets.length < Math.round(cumulative * TICKETS) && tickets.length < TICKETS) tickets.push(i);
  }
  while (tickets.length < TICKETS) tickets.push(variants.length - 1);
  return tickets;
}

/** A day's weight in the shop's year: November's Black Friday and December's gifts on top, a
 * quiet summer, Mondays and Sundays busier than Saturdays, and a shop that grows over the years. */
function dayWeight(day: string, position: number): number {
  const date = new Date(`${day}T12:00:00Z`);
  const month = date.getUTCMonth();
  const dom = date.getUTCDate();
  const weekday = date.getUTCDay();
  const MONTHS = [0.85, 0.72, 0.82, 0.88, 0.92, 0.9, 0.84, 0.86, 0.95, 1.05, 1.55, 1.75];
  const WEEKDAYS = [1.12, 1.15, 1.02, 0.98, 0.97, 0.93, 0.83];
  let w = (MONTHS[month] ?? 1) * (WEEKDAYS[weekday] ?? 1) * (0.75 + 0.5 * position);
  // Black Friday (the fourth Friday of November) and Cyber Monday after it.
  if (month === 10 && weekday === 5 && dom >= 22 && dom <= 28) w *= 3;
  if (month === 10 && weekday === 1 && dom >= 25) w *= 2;
  if (month === 11 && dom >= 14 && dom <= 21) w *= 1.3;
  if (month === 11 && dom >= 24) w *= 0.6;
  if (month === 0 && dom <= 7) w *= 1.2;
  return w;
}

/** Each day of the history (in the shop's time zone) with the numbers of its orders: from
 * `first` to `last`, both included, numbered from 1 without a gap. */
export function dailyOrders(options: LargeShopOptions, timeZone: string): { day: string; first: number; last: number }[] {
  const lastDay = localDate(options.asOf, timeZone);
  const days = Array.from({ length: options.days }, (_, i) =>
    new Date(Date.parse(`${lastDay}T12:00:00Z`) - (options.days - 1 - i) * DAY).toISOString().slice(0, 10),
  );
  const weights = days.map((d, i) => dayWeight(d, options.days > 1 ? i / (options.days - 1) : 1));
  const total = weights.reduce((s, w) => s + w, 0);
  let cumulative = 0;
  let before = 0;
  return days.map((day, i) => {
    cumulative += weights[i] ?? 0;
    const upTo = Math.round((options.orders * cumulative) / total);
    const row = { day, first: before + 1, last: upTo };
    before = upTo;
    return row;
  });
}
