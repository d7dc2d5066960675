import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { WithdrawnLineFacts } from '../../domain/refund.js';
import { ARRIVED_RECEPTIONS, type Reception, type Resolution } from '../../domain/returnLine.js';

/** The units a return line sends back: those that arrived once it is known (and only those are
 * refunded), else those asked. */
export const unitsBack = (l: { reception: Reception; quantity_received: number; quantity: number }) =>
  ARRIVED_RECEPTIONS.includes(l.reception) ? l.quantity_received : l.quantity;

/** Of a return line `rl` of the return `r`: declared as a withdrawal, or asked within the
 * withdrawal period as the policy verdict found. */
export const withinWithdrawalPeriod = sql<boolean>`r.withdrawal_declared_at is not null
  or coalesce((rl.verdict->>'withinStatutoryPeriod')::boolean, false)`.as('within_withdrawal_period');

/** The lines of every return of an order, with what decides whether they withdraw their units.
 * The policy judges a new request on them and the refund of the order's delivery cost reads them. */
export function returnLinesOfOrder(db: Kysely<Database>, orderId: string) {
  return db
    .selectFrom('return_lines as rl')
    .innerJoin('returns as r', 'r.id', 'rl.return_id')
    .select([
      'rl.order_line_id',
      'rl.return_id',
      'rl.quantity',
      'rl.quantity_received',
      'rl.reception',
      'rl.settlement',
      'rl.acceptance',
      'rl.granted_resolution',
      'rl.requested_resolution',
      'r.status',
      withinWithdrawalPeriod,
    ])
    .where('r.order_id', '=', orderId);
}

/** What of a return line (and its return's status) decides whether it withdraws its units. */
export interface WithdrawingReturnLine {
  order_line_id: string;
  quantity: number;
  quantity_received: number;
  reception: Reception;
  status: string;
  acceptance: string;
  granted_resolution: Resolution | null;
  requested_resolution: Resolution;
  within_withdrawal_period: boolean | null;
}

/** A return line as the withdrawal of the whole order sees it (see wholeOrderWithdrawn). */
export const withdrawalFacts = (l: WithdrawingReturnLine): WithdrawnLineFacts => ({
  orderLineId: l.order_line_id,
  units: unitsBack(l),
  returnStatus: l.status,
  acceptance: l.acceptance,
  resolution: l.granted_resolution ?? l.requested_resolution,
  withinWithdrawalPeriod: Boolean(l.within_withdrawal_period),
});
