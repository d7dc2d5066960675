import { inspect, type LineInspection } from '../../domain/returnLifecycle.js';
import type { AppContext, CommandMeta } from '../context.js';
import { transitionReturn } from './transitionReturn.js';

/** Grades received lines and sets what happens to the goods. */
export function inspectLines(ctx: AppContext, meta: CommandMeta, input: { returnId: string; lines: LineInspection[] }) {
  return transitionReturn(ctx, meta, input.returnId, (state) => inspect(state, input.lines));
}
