import { markInTransit as toInTransit } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { transitionReturn } from './transitionReturn.js';

/** Records that the parcel is on its way, with the carrier's tracking number when known. */
export function markInTransit(ctx: AppContext, meta: CommandMeta, input: { returnId: string; trackingNumber?: string | null }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => toInTransit(state, input.trackingNumber ?? null));
}
