import type { RetourDb } from '../../db/connection.js';
import { notFound } from '../../domain/errors.js';
import { type ErasureBlockCode, type ErasureBlockers, erasureBlockCode } from '../../domain/privacy/erasure.js';
import { erasureBlockers } from './erasureBlockers.js';
import { customersOfPerson, erasureScope } from './erasureScope.js';

export interface ErasureStatus {
  customerId: string;
  /** Every customer row of the person, which the erasure covers. */
  customerIds: string[];
  erasedAt: Date | null;
  /** The code of what blocks an erasure now, null when it may go ahead (or was done). */
  blockedBy: ErasureBlockCode | null;
  blockers: ErasureBlockers;
  /** What an erasure would take: how many of each there are now. */
  holds: { orders: number; returns: number; photos: number; emails: number };
}

/** Whether the customer can be erased now, what blocks it, and what it would touch. */
export async function erasureStatus(db: RetourDb, customerId: string): Promise<ErasureStatus> {
  const people = await customersOfPerson(db, { customerId });
  if (people.length === 0) throw notFound('Customer', customerId);
  const customerIds = people.map((p) => p.id);
  const erasedAt = people.every((p) => p.erased_at) ? (people[0]?.erased_at ?? null) : null;
  const blockers = erasedAt ? { openReturns: [], pendingSettlements: [] } : await erasureBlockers(db, customerIds);
  const scope = erasedAt ? null : await erasureScope(db, customerIds, false);
  const emails = scope?.returnIds.length
    ? Number(
        (
          await db
            .selectFrom('emails')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('return_id', 'in', scope.returnIds)
            .executeTakeFirstOrThrow()
        ).n,
      )
    : 0;
  return {
    customerId,
    customerIds,
    erasedAt,
    blockedBy: erasureBlockCode(blockers),
    blockers,
    holds: {
      orders: scope?.orderIds.length ?? 0,
      returns: scope?.returnIds.length ?? 0,
      photos: scope?.photoIds.length ?? 0,
      emails,
    },
  };
}
