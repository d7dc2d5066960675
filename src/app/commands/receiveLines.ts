import { type LineReceipt, receive } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../context.js';
import { transitionReturn } from './transitionReturn.js';

/** Records what arrived at the dock per line: full, partial, missing or the wrong item. */
export function receiveLines(ctx: AppContext, meta: CommandMeta, input: { returnId: string; lines: LineReceipt[] }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => receive(state, input.lines));
}
