import { RetourError } from '../../domain/errors.js';
import { decideLines } from '../../domain/returnLifecycle.js';
import { UNDECIDED_ACCEPTANCES } from '../../domain/returnLine.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit } from '../kernel/transaction.js';
import { loadReturnForUpdate } from './returnStore.js';
import { persistTransition } from './transitionReturn.js';

export interface BulkDecisionInput {
  action: 'approve' | 'reject';
  returnIds: string[];
  reason?: string | null;
}

export type BulkOutcome =
  | { returnId: string; ok: true; status: string; lines: number }
  | { returnId: string; ok: false; code: string; message: string };

/** Approves or rejects every undecided line of many returns with one reason. Returns that cannot
 * be decided (already decided, on hold, unknown) are reported and skipped; the rest are written
 * together, so a retried request changes nothing twice. */
export async function bulkDecideReturns(ctx: AppContext, meta: CommandMeta, input: BulkDecisionInput) {
  const reason = input.reason?.trim() || null;
  if (input.action === 'reject' && !reason) {
    throw new RetourError('invalid', 'REASON_REQUIRED', 'A rejection needs a reason', [
      { path: 'reason', message: 'required when rejecting' },
    ]);
  }
  const ids = [...new Set(input.returnIds)];
  return inUnit(ctx, meta, async (unit) => {
    const outcomes: BulkOutcome[] = [];
    // Locked in id order, so two bulk actions over overlapping returns cannot deadlock.
    for (const returnId of [...ids].sort()) {
      try {
        const loaded = await loadReturnForUpdate(unit.tx, returnId);
        const open = loaded.state.lines.filter((l) => UNDECIDED_ACCEPTANCES.includes(l.acceptance));
        if (open.length === 0) {
          outcomes.push({ returnId, ok: false, code: 'NOTHING_TO_DECIDE', message: 'No line is waiting for a decision' });
          continue;
        }
        const result = decideLines(
          loaded.state,
          open.map((l) => ({ returnLineId: l.id, decision: input.action, reason })),
        );
        await persistTransition(unit, loaded, {
          ...result,
          events: result.events.map((e) => ({ ...e, data: { ...e.data, bulk: true } })),
        });
        outcomes.push({ returnId, ok: true, status: result.state.status, lines: open.length });
      } catch (err) {
        // Domain refusals are checked before anything is written for that return.
        if (!(err instanceof RetourError)) throw err;
        outcomes.push({ returnId, ok: false, code: err.code, message: err.message });
      }
    }
    const order = new Map(ids.map((id, i) => [id, i]));
    outcomes.sort((a, b) => (order.get(a.returnId) ?? 0) - (order.get(b.returnId) ?? 0));
    return {
      action: input.action,
      decided: outcomes.filter((o) => o.ok).length,
      skipped: outcomes.filter((o) => !o.ok).length,
      results: outcomes,
    };
  });
}
