import { hold } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Puts a return on hold with a reason (fraud review, dispute, waiting for the shopper). */
export function holdReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string; reason: string }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => hold(state, input.reason));
}
