import { RetourError } from '../../domain/errors.js';
import { decideLines, type Resolution } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

export interface ApproveLinesInput {
  returnId: string;
  lines: {
    returnLineId: string;
    reason?: string | null;
    resolution?: Resolution | null;
    /** Required when granting a resolution the policy did not allow for the line. */
    justification?: string | null;
  }[];
}

/** Approves lines of a return under review, optionally granting another resolution. Granting one
 * the policy's verdict did not allow overrides the policy: that needs a justification, which
 * goes on the record with the decision. */
export function approveLines(ctx: AppContext, meta: CommandMeta, input: ApproveLinesInput) {
  return transitionReturn(ctx, meta, input.returnId, (state, loaded) => {
    const allowed = new Map(
      loaded.lines.map((l) => [l.id, (l.verdict as { resolutions?: string[] } | null)?.resolutions ?? null]),
    );
    const decisions = input.lines.map((l, i) => {
      const permitted = allowed.get(l.returnLineId);
      const override = Boolean(l.resolution && permitted && !permitted.includes(l.resolution));
      if (override && !l.justification?.trim()) {
        throw new RetourError(
          'invalid',
          'OVERRIDE_JUSTIFICATION_REQUIRED',
          `The policy allows ${permitted?.join(', ') || 'no resolution'} for this line; say why you grant ${l.resolution}`,
          [{ path: `lines.${i}.justification`, message: 'required to override the policy' }],
        );
      }
      return {
        returnLineId: l.returnLineId,
        decision: 'approve' as const,
        reason: override ? (l.justification?.trim() ?? null) : (l.reason ?? null),
        resolution: l.resolution ?? null,
        ...(override ? { override: true } : {}),
      };
    });
    return decideLines(state, decisions);
  });
}
