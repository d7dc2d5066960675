import type { Updateable } from 'kysely';
import type { ExchangeOrdersTable } from '../../db/schema.js';
import { RetourError } from '../../domain/errors.js';
import { type ExchangeOrderEvent, type ExchangeStatus, nextExchangeStatus } from '../../domain/exchangeOrderLifecycle.js';
import type { Unit } from '../kernel/transaction.js';

/** Columns that change with the status; the status and its time are set here. */
export type ExchangeOrderChanges = Omit<
  Updateable<ExchangeOrdersTable>,
  'id' | 'status' | 'updated_at' | 'ready_at' | 'shipped_at' | 'cancelled_at'
>;

/** The time each status is reached is kept in its own column. */
const REACHED_AT: Partial<Record<ExchangeStatus, 'ready_at' | 'shipped_at' | 'cancelled_at'>> = {
  ready: 'ready_at',
  shipped: 'shipped_at',
  cancelled: 'cancelled_at',
};

/**
 * The one way an exchange order changes status: its state machine is asked whether the event is
 * allowed in the status the caller read (under the lock of its return), and the new status is
 * written with the time it was reached and the columns that go with it. The write holds only while
 * the row still has the status asked about, so a change made meanwhile is a conflict, never
 * silently undone.
 */
export async function changeExchangeStatus(
  unit: Unit,
  order: { id: string; status: ExchangeStatus },
  event: ExchangeOrderEvent,
  changes: ExchangeOrderChanges = {},
): Promise<ExchangeStatus> {
  const status = nextExchangeStatus(order.status, event);
  const column = REACHED_AT[status];
  const reachedAt = column ? { [column]: unit.now } : {};
  const result = await unit.tx
    .updateTable('exchange_orders')
    .set({ ...changes, ...reachedAt, status, updated_at: unit.now })
    .where('id', '=', order.id)
    .where('status', '=', order.status)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) {
    throw new RetourError('conflict', 'EXCHANGE_ORDER_CHANGED', 'The exchange order changed meanwhile: try again', [], {
      exchangeOrderId: order.id,
      status: order.status,
    });
  }
  return status;
}
