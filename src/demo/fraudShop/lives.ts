import { DEFAULT_RISK_SETTINGS } from '../../domain/risk/settings.js';
import type { DemoRandom } from '../random.js';
import * as A from './assumptions.js';
import { FRAUD_CATALOGUE, type FraudProduct, fraudSku } from './catalogue.js';
import type { ReturnedLine, SyntheticOrder, SyntheticOrderLine, SyntheticReturn, SyntheticShopper } from './types.js';

const DAY = 86_400_000;
const EVERYDAY = FRAUD_CATALOGUE.filter((p) => !p.party);
const PARTY = FRAUD_CATALOGUE.filter((p) => p.party);
const FASHION = FRAUD_CATALOGUE.filter((p) => p.sizes.length > 1);
const HONEST_REASONS: readonly (readonly [string, number])[] = [
  ['too_small', 30],
  ['too_big', 25],
  ['not_as_described', 15],
  ['changed_mind', 20],
  ['defective', 10],
];

/** What one shopper does in the period: their orders and the returns they ask. */
export interface ShopperLife {
  orders: SyntheticOrder[];
  returns: SyntheticReturn[];
}

interface Period {
  start: Date;
  days: number;
  /** The event dates in the period (the defaults' events, yearly ones in each year). */
  events: Date[];
  mobileIps: string[];
}

export function eventsIn(start: Date, days: number): Date[] {
  const end = start.getTime() + days * DAY;
  const out: Date[] = [];
  for (const e of DEFAULT_RISK_SETTINGS.events) {
    const years = e.yearly ? [start.getUTCFullYear(), start.getUTCFullYear() + 1] : [Number(e.date.slice(0, 4))];
    for (const y of years) {
      const at = new Date(`${y}${e.date.slice(4)}T18:00:00Z`);
      if (at.getTime() > start.getTime() + 15 * DAY && at.getTime() < end - 15 * DAY) out.push(at);
    }
  }
  return out.sort((a, b) => a.getTime() - b.getTime());
}

function line(
  random: DemoRandom,
  p: FraudProduct,
  size = random.pick(p.sizes),
  colour = random.pick(p.colours),
): SyntheticOrderLine {
  return { sku: fraudSku(p, colour, size), productId: p.id, option: `${colour}/${size}`, unitPrice: p.price };
}

/** Lives are made one shopper at a time; order numbers count on from `next`. */
export class LifeMaker {
  private orderNo = 100_000;

  constructor(
    private readonly random: DemoRandom,
    private readonly period: Period,
  ) {}

  private order(s: SyntheticShopper, placedAt: Date, lines: SyntheticOrderLine[]): SyntheticOrder {
    const deliveredAt = new Date(placedAt.getTime() + this.random.int(...A.DELIVERY_DAYS) * DAY);
    return { number: `FS-${this.orderNo++}`, email: s.email, placedAt, deliveredAt, lines };
  }

  /** A moment in the period with room left for delivery, request and transit before its end. */
  private anyTime(): Date {
    const ms = this.random.between(0, (this.period.days - 25) * DAY);
    return new Date(this.period.start.getTime() + Math.floor(ms / 60_000) * 60_000);
  }

  /** One to three items from everyday wear, or `from` other products (honest shoppers buy party wear too). */
  private everydayLines(from: readonly FraudProduct[] = EVERYDAY): SyntheticOrderLine[] {
    const n = this.random.weighted([
      [1, 55],
      [2, 30],
      [3, 15],
    ] as const);
    return Array.from({ length: n }, () => line(this.random, this.random.pick(from)));
  }

  private request(s: SyntheticShopper, o: SyntheticOrder, lines: ReturnedLine[], story: string, at?: Date): SyntheticReturn {
    const requestAt = at ?? new Date(o.deliveredAt.getTime() + this.random.between(...A.REQUEST_DAYS) * DAY);
    const arriveAt = new Date(requestAt.getTime() + this.random.int(...A.TRANSIT_DAYS) * DAY);
    const inspectAt = new Date(arriveAt.getTime() + this.random.between(0.1, 1.5) * DAY);
    const ip = this.random.chance(A.MOBILE_SHARE) ? this.random.pick(this.period.mobileIps) : s.ip;
    return { orderNumber: o.number, email: s.email, requestAt, device: s.device, ip, arriveAt, inspectAt, lines, story };
  }

  private plain(i: number, reason: string): ReturnedLine {
    return {
      line: i,
      reason,
      received: 1,
      wrongItem: false,
      grade: this.random.chance(0.8) ? 'A' : 'B',
      unworn: true,
      tagsAttached: true,
      note: null,
    };
  }

  life(s: SyntheticShopper): ShopperLife {
    const count = this.random.weighted(A.ORDERS_PER_SHOPPER[s.label]);
    const life: ShopperLife = { orders: [], returns: [] };
    for (let k = 0; k < count; k++) this.orderAndReturn(s, life);
    return life;
  }

  private orderAndReturn(s: SyntheticShopper, life: ShopperLife): void {
    switch (s.label) {
      case 'honest':
        this.honestOrder(s, life);
        return;
      case 'bracketer':
        // Bracketers also shop as anyone else does; only some of their orders are brackets.
        if (this.random.chance(A.BRACKET_ORDER_SHARE)) this.bracketOrder(s, life);
        else this.honestOrder(s, life);
        return;
      case 'wardrober':
        this.wardrobeOrder(s, life);
        return;
      case 'serial_returner':
        this.serialOrder(s, life);
        return;
      case 'ring_member':
      case 'empty_boxer':
        this.boxOrder(s, life, s.label === 'ring_member');
        return;
    }
  }

  private honestOrder(s: SyntheticShopper, life: ShopperLife): void {
    const r = this.random;
    const o = this.order(s, this.anyTime(), this.everydayLines(FRAUD_CATALOGUE));
    life.orders.push(o);
    if (!r.chance(A.HONEST_RETURN_RATE)) return;
    const which = o.lines.length > 1 && r.chance(0.6) ? [r.int(0, o.lines.length - 1)] : o.lines.map((_, i) => i);
    const lines = which.map((i) => this.honestLine(i, r.weighted(HONEST_REASONS)));
    const luck = lines.find((l) => l.note !== null);
    life.returns.push(this.request(s, o, lines, luck ? 'bad_luck' : 'ordinary'));
  }

  /** Several sizes (or two colours) of one fashion product, all but one sent back. */
  private bracketOrder(s: SyntheticShopper, life: ShopperLife): void {
    const r = this.random;
    const p = r.pick(FASHION);
    const bySize = p.sizes.length >= 3 && (p.colours.length < 2 || r.chance(0.7));
    const colour = r.pick(p.colours);
    const start = r.int(0, Math.max(0, p.sizes.length - 3));
    const lines = bySize
      ? p.sizes.slice(start, start + r.int(2, 3)).map((size) => line(r, p, size, colour))
      : p.colours.slice(0, 2).map((c) => line(r, p, p.sizes[Math.min(2, p.sizes.length - 1)], c));
    const o = this.order(s, this.anyTime(), lines);
    life.orders.push(o);
    const kept = r.int(0, lines.length - 1);
    const back = lines.map((_, i) => i).filter((i) => i !== kept);
    life.returns.push(
      this.request(
        s,
        o,
        back.map((i) => this.plain(i, bySize ? 'too_small' : 'changed_mind')),
        'bracket',
      ),
    );
  }

  private wardrobeOrder(s: SyntheticShopper, life: ShopperLife): void {
    const r = this.random;
    const events = this.period.events;
    if (events.length > 0 && r.chance(A.WARDROBE_EVENT_SHARE)) {
      this.eventOrder(s, life, r.pick(events));
      return;
    }
    const o = this.order(s, this.anyTime(), [line(r, r.pick(r.chance(0.5) ? PARTY : EVERYDAY))]);
    life.orders.push(o);
    if (r.chance(A.WARDROBE_RETURN_RATE)) life.returns.push(this.request(s, o, [this.wornLine(0)], 'worn'));
  }

  /** Party wear delivered in time for the event and asked back a few days after it. */
  private eventOrder(s: SyntheticShopper, life: ShopperLife, event: Date): void {
    const r = this.random;
    const placedAt = new Date(event.getTime() - r.between(4, 10) * DAY);
    const o = this.order(s, placedAt, [line(r, r.pick(PARTY))]);
    life.orders.push(o);
    const at = new Date(event.getTime() + r.between(0.6, 4.5) * DAY);
    life.returns.push(this.request(s, o, [this.wornLine(0)], 'event', at));
  }

  private serialOrder(s: SyntheticShopper, life: ShopperLife): void {
    const r = this.random;
    const o = this.order(s, this.anyTime(), this.everydayLines());
    life.orders.push(o);
    if (!r.chance(A.SERIAL_RETURN_RATE)) return;
    const which = o.lines.map((_, i) => i).filter((i) => i === 0 || r.chance(A.SERIAL_LINE_RATE));
    life.returns.push(
      this.request(
        s,
        o,
        which.map((i) => this.plain(i, r.pick(['changed_mind', 'too_small', 'too_big']))),
        'serial',
      ),
    );
  }

  /** A ring member's or an empty-boxer's order: often something dear, now and then sent back empty or swapped. */
  private boxOrder(s: SyntheticShopper, life: ShopperLife, ring: boolean): void {
    const r = this.random;
    const lines = r.chance(ring ? 0.5 : 0.3)
      ? [line(r, r.pick(FRAUD_CATALOGUE.filter((p) => p.price >= 15_000)))]
      : this.everydayLines();
    const o = this.order(s, this.anyTime(), lines);
    life.orders.push(o);
    if (!r.chance(ring ? A.RING_RETURN_RATE : A.EMPTY_BOXER_RETURN_RATE)) return;
    // One roll decides the whole parcel, so an empty box and a swap never come together.
    const roll = r.next();
    const empty = roll < (ring ? A.RING_EMPTY : A.EMPTY_BOXER_EMPTY);
    const swap = !empty && roll < (ring ? A.RING_EMPTY + A.RING_SWAP : A.EMPTY_BOXER_EMPTY + A.EMPTY_BOXER_SWAP);
    const back = o.lines.map((_, i) => i).filter((i) => i === 0 || r.chance(0.5));
    // A swapped parcel holds one other item in place of the first line; the rest come back as sold.
    const returned = back.map((i) => this.boxLine(i, empty, swap && i === back[0]));
    life.returns.push(this.request(s, o, returned, empty ? 'empty_box' : swap ? 'swap' : 'ordinary'));
  }

  private boxLine(i: number, empty: boolean, swapped: boolean): ReturnedLine {
    const reason = this.random.pick(['defective', 'not_as_described', 'changed_mind']);
    if (empty)
      return {
        line: i,
        reason,
        received: 0,
        wrongItem: false,
        grade: 'X',
        unworn: true,
        tagsAttached: true,
        note: 'parcel arrived empty',
      };
    if (swapped)
      return {
        line: i,
        reason,
        received: 1,
        wrongItem: true,
        grade: 'X',
        unworn: true,
        tagsAttached: false,
        note: 'another item in the box',
      };
    return this.plain(i, reason);
  }

  private honestLine(i: number, reason: string): ReturnedLine {
    const r = this.random;
    const roll = r.next();
    if (roll < A.HONEST_EMPTY)
      return {
        line: i,
        reason,
        received: 0,
        wrongItem: false,
        grade: 'X',
        unworn: true,
        tagsAttached: true,
        note: 'stolen in transit',
      };
    if (roll < A.HONEST_EMPTY + A.HONEST_WRONG_ITEM)
      return {
        line: i,
        reason,
        received: 1,
        wrongItem: true,
        grade: 'X',
        unworn: true,
        tagsAttached: true,
        note: 'packed the wrong item',
      };
    if (roll < A.HONEST_EMPTY + A.HONEST_WRONG_ITEM + A.HONEST_DAMAGED)
      return {
        line: i,
        reason,
        received: 1,
        wrongItem: false,
        grade: 'D',
        unworn: true,
        tagsAttached: true,
        note: 'damaged by the carrier',
      };
    const worn = r.chance(A.HONEST_WORN);
    const cut = r.chance(A.HONEST_TAG_CUT);
    return {
      line: i,
      reason,
      received: 1,
      wrongItem: false,
      grade: worn ? 'C' : r.chance(0.8) ? 'A' : 'B',
      unworn: !worn,
      tagsAttached: !cut,
      note: null,
    };
  }

  private wornLine(i: number): ReturnedLine {
    const r = this.random;
    const worn = r.chance(A.WARDROBE_WORN);
    const tagsAttached = !r.chance(A.WARDROBE_TAGS_REMOVED);
    return {
      line: i,
      reason: r.pick(['too_big', 'not_as_described', 'changed_mind']),
      received: 1,
      wrongItem: false,
      grade: worn ? 'C' : 'B',
      unworn: !worn,
      tagsAttached,
      note: null,
    };
  }
}
