import { expire } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Expires an approved return that was not sent by its ship-by date. */
export function expireReturn(ctx: AppContext, meta: CommandMeta, input: { returnId: string }) {
  return transitionReturn(ctx, meta, input.returnId, (state, loaded, unit) => expire(state, loaded.row.ship_by, unit.now));
}
