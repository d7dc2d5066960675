import { decideLines } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

export interface RejectLinesInput {
  returnId: string;
  lines: { returnLineId: string; reason: string }[];
}

/** Rejects lines of a return under review; every rejection carries its reason. */
export function rejectLines(ctx: AppContext, meta: CommandMeta, input: RejectLinesInput) {
  return transitionReturn(ctx, meta, input.returnId, (state) =>
    decideLines(
      state,
      input.lines.map((l) => ({ ...l, decision: 'reject' as const })),
    ),
  );
}
