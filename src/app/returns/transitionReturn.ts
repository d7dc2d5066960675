import type { ReturnState, TransitionResult } from '../../domain/returnLifecycle.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppContext, CommandMeta } from '../kernel/context.js';
import { inUnit, type Unit } from '../kernel/transaction.js';
import { type LoadedReturn, loadReturnForUpdate, saveReturnStates } from './returnStore.js';

const DAY_MS = 86_400_000;

export interface TransitionOutcome {
  returnId: string;
  status: string;
  events: string[];
}

/** Shared shape of every lifecycle command: lock the return, ask the domain for the next state,
 * write it with its events, all in one unit. */
export async function transitionReturn(
  ctx: AppContext,
  meta: CommandMeta,
  returnId: string,
  transition: (state: ReturnState, loaded: LoadedReturn, unit: Unit) => TransitionResult,
): Promise<TransitionOutcome> {
  return inUnit(ctx, meta, async (unit) => {
    const loaded = await loadReturnForUpdate(unit.tx, returnId);
    const result = transition(loaded.state, loaded, unit);
    await persistTransition(unit, loaded, result);
    return { returnId, status: result.state.status, events: result.events.map((e) => e.type) };
  });
}

/** Saves a transition's state and records its events; starts the ship-by clock on approval. The
 * return's exchange orders and repairs follow its events (see src/app/exchanges/subscribers.ts and
 * src/app/returns/subscribers.ts), in the same unit. */
export async function persistTransition(unit: Unit, loaded: LoadedReturn, result: TransitionResult): Promise<void> {
  await persistTransitions(unit, [{ loaded, result }]);
}

/** persistTransition for several returns at once: their states in two statements, whatever their number. */
export async function persistTransitions(
  unit: Unit,
  transitions: { loaded: LoadedReturn; result: TransitionResult }[],
): Promise<void> {
  const approving = transitions.some(({ loaded, result }) => approves(loaded, result));
  const shipByDays = approving ? (await getShopSettingsCached(unit.caches, unit.tx)).shipByDays : 0;
  const shipBy = new Date(unit.now.getTime() + shipByDays * DAY_MS);
  await saveReturnStates(
    unit.tx,
    transitions.map(({ loaded, result }) => ({
      loaded,
      next: result.state,
      ...(approves(loaded, result) ? { shipBy } : {}),
    })),
    unit.now,
  );
  for (const { loaded, result } of transitions) {
    for (const event of result.events) {
      unit.record({
        type: event.type,
        subjectType: 'return',
        subjectId: loaded.row.id,
        returnId: loaded.row.id,
        reason: event.reason ?? null,
        data: { number: loaded.row.number, ...event.data },
      });
    }
  }
}

const approves = (loaded: LoadedReturn, result: TransitionResult) =>
  result.state.status === 'approved' && loaded.state.status !== 'approved';
