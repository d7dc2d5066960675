import { decideLines, type Resolution } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../context.js';
import { transitionReturn } from './transitionReturn.js';

export interface ApproveLinesInput {
  returnId: string;
  lines: { returnLineId: string; reason?: string | null; resolution?: Resolution | null }[];
}

/** Approves lines of a return under review, optionally granting another resolution. */
export function approveLines(ctx: AppContext, meta: CommandMeta, input: ApproveLinesInput) {
  return transitionReturn(ctx, meta, input.returnId, (state) =>
    decideLines(
      state,
      input.lines.map((l) => ({ ...l, decision: 'approve' as const })),
    ),
  );
}
