import type { RetourDb } from '../../db/connection.js';
import type { ErasureBlockers } from '../../domain/privacy/erasure.js';
import { TERMINAL_STATUSES } from '../../domain/returnStatus.js';
import type { Tx } from '../kernel/transaction.js';

/** What stops erasing these customers now: returns that have not reached a final state (the
 * shopper must still be reached, sent a label or paid) and settlements whose money is still on
 * its way; each by the return's number, for staff to finish first. */
export async function erasureBlockers(db: Tx | RetourDb, customerIds: string[]): Promise<ErasureBlockers> {
  if (customerIds.length === 0) return { openReturns: [], pendingSettlements: [] };
  const open = await db
    .selectFrom('returns')
    .select('number')
    .where('customer_id', 'in', customerIds)
    .where('status', 'not in', TERMINAL_STATUSES)
    .orderBy('number')
    .execute();
  const pending = await db
    .selectFrom('settlements')
    .innerJoin('returns', 'returns.id', 'settlements.return_id')
    .select('returns.number')
    .distinct()
    .where('returns.customer_id', 'in', customerIds)
    .where('settlements.status', '=', 'pending')
    .orderBy('returns.number')
    .execute();
  return { openReturns: open.map((r) => r.number), pendingSettlements: pending.map((r) => r.number) };
}
