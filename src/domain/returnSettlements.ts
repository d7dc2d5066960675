import { RetourError } from './errors.js';
import { SETTLEMENT_STARTABLE, type SettlementState } from './returnLine.js';
import {
  findLine,
  type LifecycleEvent,
  type LineState,
  type ReturnState,
  rejectDuplicates,
  requireNotOnHold,
  requireStatus,
  statusEvent,
  type TransitionResult,
  withLines,
} from './returnState.js';
import { SETTLEABLE_STATUSES } from './returnStatus.js';

/* The transitions of a return's money: recorded outside Retour, or begun through a provider and
 * then completed or failed. */

export interface SettlementPart {
  returnLineId: string;
  amount: number;
}

/** Checks the parts name approved lines of this return once each, in a state that allows them. */
function settleableParts(state: ReturnState, parts: SettlementPart[], allowed: readonly SettlementState[]) {
  rejectDuplicates(
    parts.map((p) => p.returnLineId),
    'lines',
  );
  const byId = new Map<string, SettlementPart>();
  parts.forEach((p, i) => {
    const line = findLine(state, p.returnLineId, i, 'lines');
    if (line.acceptance !== 'approved') {
      throw new RetourError('conflict', 'LINE_NOT_APPROVED', `Line ${line.id} is not approved`, [
        { path: `lines.${i}.returnLineId`, message: `line is ${line.acceptance}` },
      ]);
    }
    if (line.settlement === 'succeeded') {
      throw new RetourError('conflict', 'LINE_ALREADY_SETTLED', `Line ${line.id} is already settled`, [
        { path: `lines.${i}.returnLineId`, message: 'already settled' },
      ]);
    }
    if (!allowed.includes(line.settlement)) {
      throw new RetourError('conflict', 'SETTLEMENT_IN_PROGRESS', `A settlement for line ${line.id} is already under way`, [
        { path: `lines.${i}.returnLineId`, message: `settlement is ${line.settlement}` },
      ]);
    }
    byId.set(line.id, p);
  });
  return byId;
}

/** The money of these parts moved: their lines are settled with the amounts, recorded as one event. */
function settled(state: ReturnState, parts: SettlementPart[], byId: Map<string, SettlementPart>): TransitionResult {
  const lines = state.lines.map((l): LineState => {
    const p = byId.get(l.id);
    return p ? { ...l, settlement: 'succeeded', settledAmount: l.settledAmount + p.amount } : l;
  });
  return settledResult(state, lines, [{ type: 'return.settlement_recorded', data: partsData(parts) }]);
}

const partsData = (parts: SettlementPart[]) => ({
  lines: parts.map((p) => ({ ...p })),
  amount: parts.reduce((s, p) => s + p.amount, 0),
});

/** After the money moved: the return resolves itself when inspection is done and nothing is owed. */
function settledResult(state: ReturnState, lines: LineState[], events: LifecycleEvent[]): TransitionResult {
  const allSettled = lines.filter((l) => l.acceptance === 'approved').every((l) => l.settlement === 'succeeded');
  if (state.status === 'inspected' && allSettled) {
    events.push(statusEvent('inspected', 'resolved', { automatic: true }));
    return { state: withLines(state, lines, { status: 'resolved' }), events };
  }
  return { state: withLines(state, lines), events };
}

/** Records money that moved outside Retour for approved lines; resolves the return when it was the last. */
export function recordSettlement(state: ReturnState, parts: SettlementPart[]): TransitionResult {
  requireStatus(state, 'record a settlement', SETTLEABLE_STATUSES);
  requireNotOnHold(state, 'record a settlement');
  return settled(state, parts, settleableParts(state, parts, SETTLEMENT_STARTABLE));
}

/** Starts a settlement through a payment provider (or one staff will confirm): its lines are
 * pending until the provider answers, so nobody can start a second one for them. */
export function beginSettlement(state: ReturnState, parts: SettlementPart[]): TransitionResult {
  requireStatus(state, 'be settled', SETTLEABLE_STATUSES);
  requireNotOnHold(state, 'be settled');
  const byId = settleableParts(state, parts, SETTLEMENT_STARTABLE);
  const lines = state.lines.map((l): LineState => (byId.has(l.id) ? { ...l, settlement: 'pending' } : l));
  return {
    state: withLines(state, lines),
    events: [{ type: 'return.settlement_started', data: partsData(parts) }],
  };
}

/** The provider paid (or staff confirmed the transfer). Money that moved is recorded whatever
 * happened to the return meanwhile (a hold cannot undo a refund). */
export function completeSettlement(state: ReturnState, parts: SettlementPart[]): TransitionResult {
  return settled(state, parts, settleableParts(state, parts, ['pending']));
}

/** The provider refused: the lines may be settled again (another way, or after a fix). */
export function failSettlement(state: ReturnState, parts: SettlementPart[], error: string): TransitionResult {
  const byId = settleableParts(state, parts, ['pending']);
  const lines = state.lines.map((l): LineState => (byId.has(l.id) ? { ...l, settlement: 'failed' } : l));
  return {
    state: withLines(state, lines),
    events: [{ type: 'return.settlement_failed', reason: error, data: { lines: parts.map((p) => ({ ...p })) } }],
  };
}
