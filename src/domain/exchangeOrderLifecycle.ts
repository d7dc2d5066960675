import { RetourError } from './errors.js';
import type { RefundTiming } from './policy/vocabulary.js';
import { momentReached } from './refundMoment.js';

/**
 * The states of an exchange order and the only ways between them. While it is open its units are
 * reserved; it waits for the shopper's payment when the new items cost more, then for the moment
 * the policy lets goods go out (the same "when money moves" setting as refunds), unless it is an
 * instant exchange, which ships on approval.
 *
 *   awaiting_payment ─pay─▶ reserved ─reach_moment─▶ ready ─ship─▶ shipped
 *          │    └───────pay (moment reached, or instant)──▶ ┘
 *          └──────────────────┴────────────────────────┴──cancel──▶ cancelled
 *
 * Shipped and cancelled are final. Every change of an order's status is asked of
 * `nextExchangeStatus` (see src/app/exchanges/changeExchangeStatus.ts).
 */
export const EXCHANGE_STATUSES = ['awaiting_payment', 'reserved', 'ready', 'shipped', 'cancelled'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];

/** The order holds on to stock: from its creation until it ships or is cancelled. */
export const RESERVING_STATUSES: readonly ExchangeStatus[] = ['awaiting_payment', 'reserved', 'ready'];

/** No way leads out: the goods went out, or never will. */
export const FINAL_EXCHANGE_STATUSES: readonly ExchangeStatus[] = ['shipped', 'cancelled'];

/** An instant exchange's goods may be out with the shopper before the old item is back. */
export const GOODS_OUT_OR_DUE_STATUSES: readonly ExchangeStatus[] = ['ready', 'shipped'];

/** How the price difference stands: none asked yet (or none owed, then `paid`), a link open at
 * the provider, paid, or a link that closed unpaid. */
export const EXCHANGE_PAYMENT_STATUSES = ['none', 'open', 'paid', 'closed'] as const;
export type ExchangePaymentStatus = (typeof EXCHANGE_PAYMENT_STATUSES)[number];

/** An instant exchange's charge for an item not sent back: its link is open, or it was paid. */
export const EXCHANGE_CHARGE_STATUSES = ['open', 'paid'] as const;
export type ExchangeChargeStatus = (typeof EXCHANGE_CHARGE_STATUSES)[number];

/** What decides whether an order may go out: its lines' moment, and how far the return is. */
export interface MomentFacts {
  instant: boolean;
  /** The moment the lines' policy lets goods (and a surplus) go out. */
  moment: RefundTiming;
  /** The moment the return has reached. */
  reached: RefundTiming | null;
}

/** Where a new or just-paid order stands: waiting for payment, for its moment, or ready to ship. */
export function settleStatus(facts: MomentFacts & { difference: number; paid: boolean }): ExchangeStatus {
  if (facts.difference > 0 && !facts.paid) return 'awaiting_payment';
  if (facts.instant || momentReached(facts.reached, facts.moment)) return 'ready';
  return 'reserved';
}

/** What can happen to an order. */
export type ExchangeOrderEvent =
  | ({ type: 'pay' } & MomentFacts)
  | ({ type: 'reach_moment' } & MomentFacts)
  | { type: 'ship' }
  | { type: 'cancel' };
export type ExchangeOrderAction = ExchangeOrderEvent['type'];

const FROM: Record<ExchangeOrderAction, readonly ExchangeStatus[]> = {
  pay: ['awaiting_payment'],
  reach_moment: ['reserved'],
  ship: ['ready'],
  cancel: RESERVING_STATUSES,
};

/** Whether the action may be taken in this status (guards on facts aside). */
export const allowsAction = (status: ExchangeStatus, action: ExchangeOrderAction): boolean => FROM[action].includes(status);

/** The status an order moves to on an event, or a conflict saying why it may not. */
export function nextExchangeStatus(status: ExchangeStatus, event: ExchangeOrderEvent): ExchangeStatus {
  switch (event.type) {
    case 'pay':
      if (!allowsAction(status, 'pay')) {
        throw new RetourError('conflict', 'EXCHANGE_NOT_AWAITING_PAYMENT', `This exchange is ${status}`, [], { status });
      }
      return settleStatus({ ...event, difference: 0, paid: true });
    case 'reach_moment':
      if (!allowsAction(status, 'reach_moment') || !(event.instant || momentReached(event.reached, event.moment))) {
        throw new RetourError(
          'conflict',
          'EXCHANGE_MOMENT_NOT_REACHED',
          `This exchange cannot be made ready: it is ${status}`,
          [],
          {
            status,
          },
        );
      }
      return 'ready';
    case 'ship':
      requireShippable(status);
      return 'shipped';
    case 'cancel':
      requireCancellable(status);
      return 'cancelled';
  }
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
