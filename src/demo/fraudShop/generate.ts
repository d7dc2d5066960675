import { DemoRandom } from '../random.js';
import { MOBILE_IPS } from './assumptions.js';
import { eventsIn, LifeMaker } from './lives.js';
import { makeShoppers } from './shoppers.js';
import type { FraudShop } from './types.js';

export interface FraudShopOptions {
  seed?: number;
  shoppers?: number;
  /** The period's first day (UTC); six months from it unless `days` says otherwise. */
  start?: Date;
  days?: number;
}

/** The labelled synthetic shop for a seed: the same shoppers, orders and returns on every machine. */
export function generateFraudShop(options: FraudShopOptions = {}): FraudShop {
  const seed = options.seed ?? 22;
  const start = options.start ?? new Date('2026-11-01T00:00:00Z');
  const days = options.days ?? 182;
  const random = new DemoRandom(seed);
  const shoppers = makeShoppers(random, options.shoppers ?? 1500);
  const mobileIps = Array.from({ length: MOBILE_IPS }, (_, i) => `203.0.113.${i + 1}`);
  const maker = new LifeMaker(random, { start, days, events: eventsIn(start, days), mobileIps });
  const orders: FraudShop['orders'] = [];
  const returns: FraudShop['returns'] = [];
  for (const s of shoppers) {
    const life = maker.life(s);
    orders.push(...life.orders);
    returns.push(...life.returns);
  }
  orders.sort((a, b) => a.deliveredAt.getTime() - b.deliveredAt.getTime() || a.number.localeCompare(b.number));
  returns.sort((a, b) => a.requestAt.getTime() - b.requestAt.getTime() || a.orderNumber.localeCompare(b.orderNumber));
  return { seed, start, days, shoppers, orders, returns };
}

/** Counts by label, for the docs and the bench's log. */
export function describeFraudShop(shop: FraudShop): Record<string, { shoppers: number; orders: number; returns: number }> {
  const label = new Map(shop.shoppers.map((s) => [s.email, s.label]));
  const out: Record<string, { shoppers: number; orders: number; returns: number }> = {};
  const row = (l: string) => {
    out[l] ??= { shoppers: 0, orders: 0, returns: 0 };
    return out[l];
  };
  for (const s of shop.shoppers) row(s.label).shoppers++;
  for (const o of shop.orders) row(label.get(o.email) ?? '?').orders++;
  for (const r of shop.returns) row(label.get(r.email) ?? '?').returns++;
  return out;
}
