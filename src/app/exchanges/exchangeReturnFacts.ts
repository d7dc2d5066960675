import type { ExchangeOrderRow } from '../../db/schema.js';
import type { ReturnStatus } from '../../domain/returnStatus.js';
import type { RecordedEvent, Tx } from '../kernel/unit.js';

/** What keeping a return's exchange orders in step needs to know of the return. */
export interface ReturnFacts {
  id: string;
  number: string;
  status: ReturnStatus;
  on_hold: boolean;
  currency: string;
  customer_id: string;
  ship_by: Date | null;
  payment_provider: string | null;
  payment_reference: string | null;
}

export async function returnFactsOf(tx: Tx, returnId: string): Promise<ReturnFacts> {
  return tx
    .selectFrom('returns')
    .innerJoin('orders', 'orders.id', 'returns.order_id')
    .select([
      'returns.id',
      'returns.number',
      'returns.status',
      'returns.on_hold',
      'returns.currency',
      'returns.customer_id',
      'returns.ship_by',
      'orders.payment_provider',
      'orders.payment_reference',
    ])
    .where('returns.id', '=', returnId)
    .executeTakeFirstOrThrow();
}

/** An event about an exchange order, on its return's timeline too. */
export function orderEvent(
  type: string,
  o: Pick<ExchangeOrderRow, 'id' | 'number'>,
  ret: Pick<ReturnFacts, 'id' | 'number'>,
  data: Record<string, unknown>,
): RecordedEvent {
  return {
    type,
    subjectType: 'exchange_order',
    subjectId: o.id,
    returnId: ret.id,
    data: { number: ret.number, exchangeOrderId: o.id, exchangeOrderNumber: o.number, ...data },
  };
}
