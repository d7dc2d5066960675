import { release } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Lifts every hold of a return. */
export function releaseReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string; reason?: string | null }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => release(state, input.reason ?? null));
}
