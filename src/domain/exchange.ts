import { type ExchangeStatus, GOODS_OUT_OR_DUE_STATUSES } from './exchangeOrderLifecycle.js';
import { allocate } from './money.js';
import type { RefundTiming } from './policy/vocabulary.js';
import { type BonusTerms, bonusOn } from './refund.js';
import { momentReached, shipMoment } from './refundMoment.js';

/** Pricing an exchange order and when its surplus is due; its states are in exchangeOrderLifecycle.ts. */
export interface ExchangeLineInput {
  returnLineId: string;
  quantity: number;
  /** Price of one new unit now. */
  unitPrice: number;
  /** What the returned units were worth: what the shopper paid for them after discounts. */
  returnedValue: number;
  /** A replacement under the legal guarantee: the same item again, with no difference to pay. */
  replacement?: boolean;
  /** The policy's bonus for an exchange, earned on the returned value (what counts towards the new item). */
  bonusTerms?: BonusTerms | null;
}

export interface PricedExchangeLine extends ExchangeLineInput {
  /** The bonus this line puts towards the new item (see priceExchange). */
  bonus: number;
  /** New units minus returned value minus bonus: positive, the shopper pays; negative, they get it back. */
  difference: number;
}

/** Where the surplus of an exchange goes (the shop's `exchangeSurplus` setting). */
export type SurplusRoute = 'refund' | 'store_credit';

/**
 * The price difference of an exchange order: per line the new units minus what the returned ones
 * were worth, minus the policy's exchange bonus on that worth (a replacement under the guarantee
 * owes nothing either way and earns no bonus). The bonus is store value, never money: when a
 * surplus goes back as a refund, the bonus lowers what the shopper pays at most to zero over the
 * whole order and never adds to the surplus; when a surplus goes to store credit, all of it counts
 * (see docs/decisions.md). What is given is spread over the lines by what each earned, so the
 * lines add up to the order.
 */
export function priceExchange(
  lines: readonly ExchangeLineInput[],
  surplusTo: SurplusRoute = 'refund',
): {
  lines: PricedExchangeLine[];
  difference: number;
  bonus: number;
} {
  const base = lines.map((l) => (l.replacement ? 0 : l.unitPrice * l.quantity - l.returnedValue));
  const earned = lines.map((l) => (l.replacement ? 0 : bonusOn(l.returnedValue, l.bonusTerms)));
  const baseTotal = base.reduce((s, d) => s + d, 0);
  const earnedTotal = earned.reduce((s, b) => s + b, 0);
  const bonus = surplusTo === 'store_credit' ? earnedTotal : Math.min(earnedTotal, Math.max(0, baseTotal));
  const shares = bonus > 0 ? allocate(bonus, earned) : earned.map(() => 0);
  const priced = lines.map((l, i) => ({
    ...l,
    bonus: shares[i] ?? 0,
    difference: (base[i] ?? 0) - (shares[i] ?? 0),
  }));
  return { lines: priced, difference: baseTotal - bonus, bonus };
}

/** Where a surplus goes: as the shop set it, but always to store credit when the order's price
 * counted a bonus into it (it was priced for credit), so a changed setting cannot pay a bonus out. */
export function surplusRoute(setting: SurplusRoute, order: { difference: number; bonus: number }): SurplusRoute {
  return order.bonus > 0 && order.difference < 0 ? 'store_credit' : setting;
}

export interface ExchangeFacts {
  status: ExchangeStatus;
  instant: boolean;
  difference: number;
  /** The moment the lines' policy lets goods (and a surplus) go out. */
  moment: RefundTiming;
  /** The moment the return has reached. */
  reached: RefundTiming | null;
}

/** A surplus (the new item is cheaper) goes back at the lines' moment, and for an instant
 * exchange not before the old item has arrived. */
export function surplusDue(facts: ExchangeFacts): boolean {
  if (facts.difference >= 0 || facts.status === 'cancelled' || facts.status === 'awaiting_payment') return false;
  const moment = facts.instant ? shipMoment([facts.moment, 'receipt']) : facts.moment;
  return momentReached(facts.reached, moment);
}

/** An instant exchange whose old item is not back by its date, not yet dealt with. */
export function instantOverdue(
  order: { instant: boolean; status: ExchangeStatus; returnBy: Date | null; overdueAction: string | null },
  allArrived: boolean,
  now: Date,
): boolean {
  return (
    order.instant &&
    GOODS_OUT_OR_DUE_STATUSES.includes(order.status) &&
    order.returnBy !== null &&
    order.returnBy.getTime() < now.getTime() &&
    order.overdueAction === null &&
    !allArrived
  );
}
