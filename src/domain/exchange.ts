import { RetourError } from './errors.js';
import { allocate } from './money.js';
import { REFUND_TIMINGS, type RefundTiming } from './policy/vocabulary.js';
import { type BonusTerms, bonusOn } from './refund.js';

/**
 * An exchange order: what the shop sends out instead of money. While it is open its units are
 * reserved; it waits for the shopper's payment when the new items cost more, then for the moment
 * the policy lets goods go out (the same "when money moves" setting as refunds), unless it is an
 * instant exchange, which ships on approval.
 *
 *   awaiting_payment ─paid─▶ reserved ─moment─▶ ready ─shipped─▶ shipped
 *          └──────────────────┴────────────────┴──cancel──▶ cancelled
 */
export const EXCHANGE_STATUSES = ['awaiting_payment', 'reserved', 'ready', 'shipped', 'cancelled'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/** Statuses in which the order holds on to stock. */
export const RESERVING_STATUSES: readonly ExchangeStatus[] = ['awaiting_payment', 'reserved', 'ready'];

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

/** The moment a return has reached, for "when money (and goods) move". */
export function momentOf(status: string): RefundTiming | null {
  switch (status) {
    case 'approved':
      return 'approval';
    case 'in_transit':
      return 'first_scan';
    case 'received':
      return 'receipt';
    case 'inspected':
    case 'resolved':
    case 'closed':
      return 'inspection';
    default:
      return null;
  }
}

/** Whether `reached` is at or after `wanted`. */
export const momentReached = (reached: RefundTiming | null, wanted: RefundTiming) =>
  reached !== null && REFUND_TIMINGS.indexOf(reached) >= REFUND_TIMINGS.indexOf(wanted);

/** The latest of the lines' moments: goods go out when every exchanged line allows it. */
export function shipMoment(timings: readonly RefundTiming[]): RefundTiming {
  return timings.reduce<RefundTiming>(
    (latest, t) => (REFUND_TIMINGS.indexOf(t) > REFUND_TIMINGS.indexOf(latest) ? t : latest),
    'approval',
  );
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

/** Where a new or just-paid order stands: waiting for payment, for its moment, or ready to ship. */
export function settleStatus(facts: Omit<ExchangeFacts, 'status'> & { paid: boolean }): ExchangeStatus {
  if (facts.difference > 0 && !facts.paid) return 'awaiting_payment';
  if (facts.instant || momentReached(facts.reached, facts.moment)) return 'ready';
  return 'reserved';
}

/** A surplus (the new item is cheaper) goes back at the lines' moment, and for an instant
 * exchange not before the old item has arrived. */
export function surplusDue(facts: ExchangeFacts): boolean {
  if (facts.difference >= 0 || facts.status === 'cancelled' || facts.status === 'awaiting_payment') return false;
  const moment = facts.instant ? shipMoment([facts.moment, 'receipt']) : facts.moment;
  return momentReached(facts.reached, moment);
}

export function requireShippable(status: ExchangeStatus): void {
  if (status === 'ready') return;
  const why: Record<ExchangeStatus, string> = {
    awaiting_payment: 'the price difference has not been paid yet',
    reserved: 'it may ship only once the return reaches the moment the policy sets',
    ready: '',
    shipped: 'it has shipped already',
    cancelled: 'it was cancelled',
  };
  throw new RetourError('conflict', 'EXCHANGE_NOT_READY', `This exchange cannot ship: ${why[status]}`, [], { status });
}

export function requireCancellable(status: ExchangeStatus): void {
  if (status === 'shipped')
    throw new RetourError('conflict', 'EXCHANGE_ALREADY_SHIPPED', 'This exchange has shipped and can no longer be cancelled');
  if (status === 'cancelled') throw new RetourError('conflict', 'EXCHANGE_CANCELLED', 'This exchange is cancelled already');
}

/** An instant exchange whose old item is not back by its date, not yet dealt with. */
export function instantOverdue(
  order: { instant: boolean; status: ExchangeStatus; returnBy: Date | null; overdueAction: string | null },
  allArrived: boolean,
  now: Date,
): boolean {
  return (
    order.instant &&
    (order.status === 'ready' || order.status === 'shipped') &&
    order.returnBy !== null &&
    order.returnBy.getTime() < now.getTime() &&
    order.overdueAction === null &&
    !allArrived
  );
}
