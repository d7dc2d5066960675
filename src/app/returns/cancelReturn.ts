import { cancel } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Cancels a return while nothing has been received or paid. */
export function cancelReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string; reason?: string | null }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => cancel(state, input.reason ?? null));
}
