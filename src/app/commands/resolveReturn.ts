import { resolve } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../context.js';
import { transitionReturn } from './transitionReturn.js';

/** Resolves an inspected return, or an approved one whose goods the shopper keeps. */
export function resolveReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string; returnless?: boolean }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => resolve(state, { returnless: input.returnless ?? false }));
}
