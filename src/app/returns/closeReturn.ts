import { close } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Closes a resolved (or lost) return for good. */
export function closeReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => close(state));
}
