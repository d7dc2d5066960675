import { type InUnitSubscriber, returnIdsOf } from '../kernel/subscribers.js';
import type { Tx } from '../kernel/transaction.js';
import { returnsWithLinesFor } from './freshRequests.js';
import { mayHaveRepairs } from './linesInUnit.js';
import { syncRepairs } from './repairs/repairs.js';

/** Whatever happened to a return, its repairs follow in the same unit: opened for a line granted
 * a repair, started once the item arrived, ended with the return. */
const repairsInStep: InUnitSubscriber = {
  name: 'returns.repairs-in-step',
  on: (e) => e.subjectType === 'return',
  handle: async (unit, events) => {
    // A return just requested without a repair among its lines has none to open: no read needed.
    // Safe only while every change to a return's lines records an event about the return itself
    // (subject `return`): this subscriber sees no other, so a line changed in the same unit under
    // an event about the line alone would go unnoticed and its repair unopened.
    // Nor has one whose lines this unit wrote without a repair granted among them.
    const ids = returnsWithLinesFor(events, returnIdsOf(events), ['repair']).filter((id) => mayHaveRepairs(unit.tx, id));
    for (const returnId of await returnsWithRepairs(unit.tx, ids)) await syncRepairs(unit, returnId);
  },
};

/** Of many returns moved at once (a burst of carriers' scans), those with a line granted a repair
 * or a repair already open, in one read; one return is left to syncRepairs, whose first read is the same. */
async function returnsWithRepairs(tx: Tx, ids: string[]): Promise<string[]> {
  if (ids.length <= 1) return ids;
  const rows = await tx
    .selectFrom('return_lines')
    .leftJoin('repairs', 'repairs.return_line_id', 'return_lines.id')
    .select('return_lines.return_id')
    .distinct()
    .where('return_lines.return_id', 'in', ids)
    .where((eb) => eb.or([eb('return_lines.granted_resolution', '=', 'repair'), eb('repairs.id', 'is not', null)]))
    .execute();
  const wanted = new Set(rows.map((r) => r.return_id));
  return ids.filter((id) => wanted.has(id));
}

export const returnSubscribers = { inUnit: [repairsInStep] };
