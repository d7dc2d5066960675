import { markLost as toLost } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Records that the carrier lost the parcel. */
export function markLost(ctx: AppContext, meta: CommandMeta, input: { returnId: string; reason?: string | null }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => toLost(state, input.reason ?? null));
}
