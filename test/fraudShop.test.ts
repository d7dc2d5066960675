import { describe, expect, it } from 'vitest';
import { generateFraudShop } from '../src/demo/fraudShop/generate.js';
import { eventsIn } from '../src/demo/fraudShop/lives.js';
import { measureFraudShop } from '../src/demo/fraudShop/metrics.js';
import { playFraudShop, type ShopClock } from '../src/demo/fraudShop/play.js';
import type { SyntheticShopper } from '../src/demo/fraudShop/types.js';
import { createTestDb } from './support/databases.js';
import { testContext } from './support/testContext.js';

const DAY = 86_400_000;

describe('the labelled synthetic shop', () => {
  const shop = generateFraudShop({ seed: 7, shoppers: 400 });
  const orderOf = new Map(shop.orders.map((o) => [o.number, o]));
  const shopperOf = new Map(shop.shoppers.map((s) => [s.email, s]));

  it('comes out the same for a seed and differently for another', () => {
    expect(generateFraudShop({ seed: 7, shoppers: 400 })).toEqual(shop);
    const other = generateFraudShop({ seed: 8, shoppers: 400 });
    expect(other.returns.map((r) => r.requestAt.getTime())).not.toEqual(shop.returns.map((r) => r.requestAt.getTime()));
  });

  it('has every label, and each shopper their own e-mail', () => {
    const labels = new Set(shop.shoppers.map((s) => s.label));
    expect([...labels].sort()).toEqual(['bracketer', 'empty_boxer', 'honest', 'ring_member', 'serial_returner', 'wardrober']);
    expect(new Set(shop.shoppers.map((s) => s.email)).size).toBe(shop.shoppers.length);
  });

  it('puts ring members in rings of 3–6 accounts that share an address, phone, card or device', () => {
    const rings = new Map<string, SyntheticShopper[]>();
    for (const s of shop.shoppers.filter((x) => x.label === 'ring_member')) {
      expect(s.group).toMatch(/^ring-/);
      rings.set(s.group as string, [...(rings.get(s.group as string) ?? []), s]);
    }
    expect(rings.size).toBeGreaterThan(0);
    for (const members of rings.values()) {
      expect(members.length).toBeGreaterThanOrEqual(3);
      expect(members.length).toBeLessThanOrEqual(8);
      const [a, ...rest] = members as [SyntheticShopper, ...SyntheticShopper[]];
      const shared = (['phone', 'payment', 'device'] as const).filter((k) => rest.every((m) => m[k] === a[k]));
      const sameDoor = rest.every((m) => m.address.line1 === a.address.line1 && m.address.postcode === a.address.postcode);
      expect(shared.length + (sameDoor ? 1 : 0), `ring ${a.group}`).toBeGreaterThanOrEqual(1);
    }
    // Nobody outside a ring shares a card or a phone with someone else.
    const outside = shop.shoppers.filter((s) => s.label !== 'ring_member');
    expect(new Set(outside.map((s) => s.payment)).size).toBe(outside.length);
    expect(new Set(outside.map((s) => s.phone)).size).toBe(outside.length);
  });

  it('has bracketers buy several sizes or colours of one product and keep exactly one', () => {
    const brackets = shop.returns.filter((r) => r.story === 'bracket');
    expect(brackets.length).toBeGreaterThan(0);
    for (const r of brackets) {
      expect(shopperOf.get(r.email)?.label).toBe('bracketer');
      const order = orderOf.get(r.orderNumber);
      if (!order) throw new Error(`no order ${r.orderNumber}`);
      expect(new Set(order.lines.map((l) => l.productId)).size).toBe(1);
      expect(new Set(order.lines.map((l) => l.option)).size).toBe(order.lines.length);
      expect(order.lines.length).toBeGreaterThanOrEqual(2);
      expect(r.lines).toHaveLength(order.lines.length - 1);
      expect(new Set(r.lines.map((l) => l.line)).size).toBe(r.lines.length);
    }
  });

  it('has wardrobers buy before an event of the default settings and send it back worn or tagless just after', () => {
    const events = eventsIn(shop.start, shop.days);
    expect(events.length).toBeGreaterThan(0);
    const afterEvent = shop.returns.filter((r) => r.story === 'event');
    expect(afterEvent.length).toBeGreaterThan(0);
    for (const r of afterEvent) {
      expect(shopperOf.get(r.email)?.label).toBe('wardrober');
      const order = orderOf.get(r.orderNumber);
      if (!order) throw new Error(`no order ${r.orderNumber}`);
      const near = events.some(
        (at) =>
          order.placedAt.getTime() >= at.getTime() - 10 * DAY &&
          order.placedAt.getTime() < at.getTime() &&
          r.requestAt.getTime() > at.getTime() + 0.5 * DAY &&
          r.requestAt.getTime() <= at.getTime() + 4.5 * DAY,
      );
      expect(near, `${r.orderNumber} placed ${order.placedAt.toISOString()} asked ${r.requestAt.toISOString()}`).toBe(true);
      expect(r.lines.every((l) => !l.unworn || !l.tagsAttached || l.grade !== 'A')).toBe(true);
    }
  });

  it('has honest shoppers send back about one order in five, with bad luck rare', () => {
    const honest = new Set(shop.shoppers.filter((s) => s.label === 'honest').map((s) => s.email));
    const orders = shop.orders.filter((o) => honest.has(o.email)).length;
    const returns = shop.returns.filter((r) => honest.has(r.email));
    expect(returns.length / orders).toBeGreaterThan(0.12);
    expect(returns.length / orders).toBeLessThan(0.28);
    expect(returns.filter((r) => r.story === 'bad_luck').length / returns.length).toBeLessThan(0.1);
    expect(returns.every((r) => r.story === 'ordinary' || r.story === 'bad_luck')).toBe(true);
  });

  it('has empty-boxers send empty parcels or another item now and then', () => {
    const theirs = shop.returns.filter((r) => shopperOf.get(r.email)?.label === 'empty_boxer');
    const empty = theirs.filter((r) => r.lines.every((l) => l.received === 0));
    const swapped = theirs.filter((r) => r.lines.some((l) => l.wrongItem));
    expect(empty.length).toBeGreaterThan(0);
    expect(swapped.length).toBeGreaterThan(0);
    expect(empty.length + swapped.length).toBeLessThan(theirs.length);
  });
});

describe('a small run of the fraud bench on PGlite', () => {
  it('plays every return through the real commands and measures the decisions as ratios', { timeout: 240_000 }, async () => {
    const shop = generateFraudShop({ seed: 3, shoppers: 60 });
    const handle = await createTestDb('pglite');
    try {
      const clock: ShopClock = { now: shop.start };
      const ctx = testContext(handle.db, { now: () => clock.now });
      const played = await playFraudShop(ctx, clock, shop);
      expect(played.failures).toEqual({});
      expect(played.requested).toBe(shop.returns.length);
      expect(played.inspected).toBe(shop.returns.length);
      const m = await measureFraudShop(handle.db, shop);
      expect(m.returns).toBe(shop.returns.length);
      expect(m.shoppers).toBe(60);
      for (const value of [m.precision, m.recall, m.honestReviewRate, m.bracketerReviewRate]) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
      // Every return was scored at request and again when its parcel was opened (an empty one as it arrives).
      const stages = await handle.db
        .selectFrom('risk_assessments')
        .select(['stage', (eb) => eb.fn.countAll<string>().as('n')])
        .groupBy('stage')
        .execute();
      const byStage = Object.fromEntries(stages.map((s) => [s.stage, Number(s.n)]));
      expect(byStage.request).toBe(shop.returns.length);
      expect(byStage.inspection).toBeGreaterThanOrEqual(shop.returns.length);
      // The portal saw each request's lookup and the request itself, with the device and IP hashed.
      const sightings = await handle.db.selectFrom('portal_sightings').select(['kind', 'device', 'ip']).execute();
      expect(sightings.filter((s) => s.kind === 'lookup')).toHaveLength(shop.returns.length);
      expect(sightings.filter((s) => s.kind === 'request')).toHaveLength(shop.returns.length);
      const raw = new Set(shop.returns.flatMap((r) => [r.device, r.ip]));
      expect(sightings.some((s) => raw.has(s.device ?? '') || raw.has(s.ip ?? ''))).toBe(false);
    } finally {
      await handle.close();
    }
  });
});
