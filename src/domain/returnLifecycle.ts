import { RetourError } from './errors.js';
import type { Disposition, Grade, Reception, Resolution } from './returnLine.js';
import { AWAITED_RECEPTIONS, awaitingGoods, hasGoods } from './returnLine.js';
import {
  findLine,
  type LifecycleEvent,
  type LineState,
  type ReturnState,
  rejectDuplicates,
  requireNotOnHold,
  requireStatus,
  statusAfterDecisions,
  statusEvent,
  type TransitionResult,
  withLines,
} from './returnState.js';
import {
  CANCELLABLE_STATUSES,
  CLOSABLE_STATUSES,
  DISPUTABLE_STATUSES,
  HOLDABLE_STATUSES,
  INSPECTABLE_STATUSES,
  RECEIVABLE_STATUSES,
  REVIEWABLE_STATUSES,
  type ReturnStatus,
} from './returnStatus.js';

// Statuses, line axes, the state and the money's transitions have their own modules; they are
// re-exported for the transitions' users.
export type { Acceptance, Disposition, Grade, Reception, Resolution, SettlementState } from './returnLine.js';
export { DISPOSITIONS, GRADES, RESOLUTIONS } from './returnLine.js';
export {
  beginSettlement,
  completeSettlement,
  failSettlement,
  recordSettlement,
  type SettlementPart,
} from './returnSettlements.js';
export type { LifecycleEvent, LineState, ReturnState, TransitionResult } from './returnState.js';
export { RETURN_STATUSES, type ReturnStatus, TERMINAL_STATUSES } from './returnStatus.js';

/** Where a freshly requested return goes: straight to approved when every line passed the
 * policy and the shop auto-approves, otherwise to review. */
export function submitRequest(state: ReturnState, autoApprove: boolean): TransitionResult {
  requireStatus(state, 'be submitted', ['requested']);
  const allClear = state.lines.every((l) => l.acceptance === 'pending');
  if (autoApprove && allClear && !state.onHold) {
    const lines = state.lines.map((l) => ({
      ...l,
      acceptance: 'approved' as const,
      grantedResolution: l.requestedResolution,
    }));
    return {
      state: withLines(state, lines, { status: 'approved' }),
      events: [statusEvent('requested', 'approved', { lineIds: lines.map((l) => l.id), automatic: true })],
    };
  }
  return {
    state: withLines(state, state.lines, { status: 'under_review' }),
    events: [statusEvent('requested', 'under_review', {})],
  };
}

export interface LineDecision {
  returnLineId: string;
  decision: 'approve' | 'reject';
  reason?: string | null;
  resolution?: Resolution | null;
}

/** Approves or rejects lines; the header follows once no line is undecided. */
export function decideLines(state: ReturnState, decisions: LineDecision[]): TransitionResult {
  const action = decisions.every((d) => d.decision === 'reject') ? 'reject lines' : 'approve lines';
  requireStatus(state, action, REVIEWABLE_STATUSES);
  requireNotOnHold(state, action);
  rejectDuplicates(
    decisions.map((d) => d.returnLineId),
    'lines',
  );
  const byId = new Map<string, LineDecision>();
  decisions.forEach((d, i) => {
    const line = findLine(state, d.returnLineId, i, 'lines');
    if (line.acceptance === 'approved' || line.acceptance === 'rejected') {
      throw new RetourError('conflict', 'LINE_ALREADY_DECIDED', `Line ${line.id} is already ${line.acceptance}`, [
        { path: `lines.${i}.returnLineId`, message: `already ${line.acceptance}` },
      ]);
    }
    if (d.decision === 'reject' && !d.reason?.trim()) {
      throw new RetourError('invalid', 'REASON_REQUIRED', 'A rejection needs a reason', [
        { path: `lines.${i}.reason`, message: 'required when rejecting' },
      ]);
    }
    byId.set(line.id, d);
  });
  const lines = state.lines.map((l): LineState => {
    const d = byId.get(l.id);
    if (!d) return l;
    if (d.decision === 'approve') {
      return {
        ...l,
        acceptance: 'approved',
        acceptanceReason: d.reason ?? null,
        grantedResolution: d.resolution ?? l.requestedResolution,
      };
    }
    return { ...l, acceptance: 'rejected', acceptanceReason: d.reason ?? null, reception: 'cancelled' };
  });
  const status = statusAfterDecisions(lines);
  const data = { decisions: decisions.map((d) => ({ ...d })) };
  const events: LifecycleEvent[] = [{ type: 'return.lines_decided', data }];
  if (status !== state.status) {
    const reason = status === 'rejected' ? decisions.map((d) => d.reason).find(Boolean) : null;
    events.push(statusEvent(state.status, status, {}, reason));
  }
  return { state: withLines(state, lines, { status }), events };
}

/** Cancels a return before anything was received or paid. */
export function cancel(state: ReturnState, reason: string | null): TransitionResult {
  requireStatus(state, 'be cancelled', CANCELLABLE_STATUSES);
  // An exchange not yet shipped only holds stock (its settlement is pending until it ships): the
  // return may still be cancelled, which frees the stock.
  const reservedOnly = (l: LineState) =>
    l.settlement === 'pending' && (l.grantedResolution ?? l.requestedResolution) === 'exchange';
  if (state.lines.some((l) => l.quantityReceived > 0 || (l.settlement !== 'none' && !reservedOnly(l)))) {
    throw new RetourError('conflict', 'ILLEGAL_TRANSITION', 'Goods were received or money moved: too late to cancel', [], {
      returnStatus: state.status,
      action: 'be cancelled',
    });
  }
  const lines = state.lines.map((l) => ({
    ...l,
    reception: 'cancelled' as const,
    settlement: reservedOnly(l) ? ('none' as const) : l.settlement,
  }));
  return {
    state: withLines(state, lines, { status: 'cancelled', statusReason: reason }),
    events: [statusEvent(state.status, 'cancelled', {}, reason)],
  };
}

/** Puts a return on hold (a flag, not a state): review and money wait until release. */
export function hold(state: ReturnState, reason: string): TransitionResult {
  requireStatus(state, 'be put on hold', HOLDABLE_STATUSES);
  const holdReasons = state.holdReasons.includes(reason) ? state.holdReasons : [...state.holdReasons, reason];
  return {
    state: { ...state, onHold: true, holdReasons },
    events: [{ type: 'return.held', reason, data: { holdReasons } }],
  };
}

/** The hold reason a shopper's dispute of a deduction sets; staff release it when decided. */
export const DISPUTE_HOLD = 'dispute';

/** A shopper disputes what was deducted: the return opens again (a resolved one goes back to
 * inspected) and waits on hold until staff decide; it cannot resolve while the dispute is open. */
export function openDispute(state: ReturnState, message: string): TransitionResult {
  requireStatus(state, 'be disputed', DISPUTABLE_STATUSES);
  if (state.holdReasons.includes(DISPUTE_HOLD)) {
    throw new RetourError('conflict', 'DISPUTE_ALREADY_OPEN', 'A dispute about this return is already open');
  }
  const holdReasons = [...state.holdReasons, DISPUTE_HOLD];
  const events: LifecycleEvent[] = [{ type: 'return.dispute_opened', reason: message, data: { holdReasons } }];
  if (state.status === 'resolved') events.push(statusEvent('resolved', 'inspected', { reopened: true }, 'dispute'));
  return { state: { ...state, status: 'inspected', onHold: true, holdReasons }, events };
}

export function release(state: ReturnState, reason: string | null): TransitionResult {
  if (!state.onHold) {
    throw new RetourError('conflict', 'NOT_ON_HOLD', 'The return is not on hold', [], { returnStatus: state.status });
  }
  return {
    state: { ...state, onHold: false, holdReasons: [] },
    events: [{ type: 'return.released', reason, data: { releasedHoldReasons: state.holdReasons } }],
  };
}

/** Lifts one reason of a hold: what it waited for was decided (a person cleared a score); other
 * reasons stay, and the return stays held while any does. A return not held for it is left as it is. */
export function liftHold(state: ReturnState, reason: string, note: string | null): TransitionResult {
  if (!state.holdReasons.includes(reason)) return { state, events: [] };
  const holdReasons = state.holdReasons.filter((r) => r !== reason);
  return {
    state: { ...state, onHold: holdReasons.length > 0, holdReasons },
    events: [{ type: 'return.released', reason: note, data: { releasedHoldReasons: [reason], holdReasons } }],
  };
}

/** The shopper handed the parcel to the carrier. */
export function markInTransit(state: ReturnState, trackingNumber: string | null): TransitionResult {
  requireStatus(state, 'be marked in transit', ['approved']);
  const lines = state.lines.map((l) =>
    l.acceptance === 'approved' && l.reception === 'expected' ? { ...l, reception: 'in_transit' as const } : l,
  );
  return {
    state: withLines(state, lines, { status: 'in_transit', trackingNumber: trackingNumber ?? state.trackingNumber }),
    events: [statusEvent(state.status, 'in_transit', { trackingNumber })],
  };
}

export interface LineReceipt {
  returnLineId: string;
  quantity: number;
  wrongItem?: boolean;
  note?: string | null;
}

/** Records what arrived per line: full, partial, none (missing) or the wrong item. */
export function receive(state: ReturnState, receipts: LineReceipt[]): TransitionResult {
  requireStatus(state, 'receive goods', RECEIVABLE_STATUSES);
  rejectDuplicates(
    receipts.map((r) => r.returnLineId),
    'lines',
  );
  const byId = new Map<string, LineReceipt>();
  receipts.forEach((r, i) => {
    const line = findLine(state, r.returnLineId, i, 'lines');
    if (line.acceptance !== 'approved' || !AWAITED_RECEPTIONS.includes(line.reception)) {
      throw new RetourError('conflict', 'LINE_NOT_EXPECTED', `Line ${line.id} is not awaiting goods`, [
        { path: `lines.${i}.returnLineId`, message: `line is ${line.acceptance} / ${line.reception}` },
      ]);
    }
    if (r.quantity > line.quantity) {
      throw new RetourError('invalid', 'QUANTITY_EXCEEDS_LINE', `At most ${line.quantity} can be received`, [
        { path: `lines.${i}.quantity`, message: `must be at most ${line.quantity}` },
      ]);
    }
    byId.set(line.id, r);
  });
  const lines = state.lines.map((l): LineState => {
    const r = byId.get(l.id);
    if (!r) return l;
    const reception: Reception = r.wrongItem ? 'wrong_item' : r.quantity === l.quantity ? 'received' : 'short_received';
    return { ...l, reception, quantityReceived: r.quantity };
  });
  const events: LifecycleEvent[] = [{ type: 'return.lines_received', data: { receipts: receipts.map((r) => ({ ...r })) } }];
  if (state.status !== 'received') events.push(statusEvent(state.status, 'received', {}));
  return { state: withLines(state, lines, { status: 'received' }), events };
}

export interface LineInspection {
  returnLineId: string;
  grade: Grade;
  disposition: Disposition;
  note?: string | null;
  /** Checklist answers by item code, kept on the record of the inspection. */
  checklist?: Record<string, boolean> | null;
  /** What the disposition rules suggested; differs from `disposition` when overridden. */
  suggestedDisposition?: Disposition | null;
}

/** Grades received goods and sets their disposition; the header is inspected once every line
 * that arrived is graded and nothing is still on its way. */
export function inspect(state: ReturnState, inspections: LineInspection[]): TransitionResult {
  requireStatus(state, 'inspect goods', INSPECTABLE_STATUSES);
  rejectDuplicates(
    inspections.map((r) => r.returnLineId),
    'lines',
  );
  const byId = new Map<string, LineInspection>();
  inspections.forEach((insp, i) => {
    const line = findLine(state, insp.returnLineId, i, 'lines');
    if (!hasGoods(line)) {
      throw new RetourError('conflict', 'LINE_NOT_RECEIVED', `Line ${line.id} has no goods to inspect`, [
        { path: `lines.${i}.returnLineId`, message: `line is ${line.reception}` },
      ]);
    }
    byId.set(line.id, insp);
  });
  const lines = state.lines.map((l): LineState => {
    const insp = byId.get(l.id);
    return insp ? { ...l, grade: insp.grade, disposition: insp.disposition } : l;
  });
  const complete = lines.filter(hasGoods).every((l) => l.grade && l.disposition) && !lines.some(awaitingGoods);
  const status: ReturnStatus = complete ? 'inspected' : state.status;
  const events: LifecycleEvent[] = [
    { type: 'return.lines_inspected', data: { inspections: inspections.map((x) => ({ ...x })) } },
  ];
  if (status !== state.status) events.push(statusEvent(state.status, status, {}));
  return { state: withLines(state, lines, { status }), events };
}

/** Resolves a return: after inspection, or straight from approval when the shopper keeps the
 * goods (returnless). No settlement may still be pending or failed. */
export function resolve(state: ReturnState, options: { returnless: boolean }): TransitionResult {
  requireStatus(
    state,
    options.returnless ? 'be resolved without goods' : 'be resolved',
    options.returnless ? ['approved'] : ['inspected'],
  );
  requireNotOnHold(state, 'be resolved');
  if (state.lines.some((l) => l.settlement === 'pending' || l.settlement === 'failed')) {
    throw new RetourError('conflict', 'SETTLEMENT_OUTSTANDING', 'A settlement is still pending or failed');
  }
  const lines = options.returnless
    ? state.lines.map((l) => (l.acceptance === 'approved' ? { ...l, reception: 'not_required' as const } : l))
    : state.lines;
  return {
    state: withLines(state, lines, { status: 'resolved' }),
    events: [statusEvent(state.status, 'resolved', { returnless: options.returnless })],
  };
}

export function close(state: ReturnState): TransitionResult {
  requireStatus(state, 'be closed', CLOSABLE_STATUSES);
  return { state: { ...state, status: 'closed' }, events: [statusEvent(state.status, 'closed', {})] };
}

/** An approved return that was not sent by its ship-by date expires. */
export function expire(state: ReturnState, shipBy: Date | null, now: Date): TransitionResult {
  requireStatus(state, 'expire', ['approved']);
  if (shipBy && now.getTime() <= shipBy.getTime()) {
    throw new RetourError('conflict', 'SHIP_BY_NOT_PASSED', `The ship-by date ${shipBy.toISOString()} has not passed`, [], {
      shipBy: shipBy.toISOString(),
    });
  }
  const lines = state.lines.map((l) => (l.reception === 'expected' ? { ...l, reception: 'expired' as const } : l));
  return {
    state: withLines(state, lines, { status: 'expired' }),
    events: [statusEvent(state.status, 'expired', { shipBy: shipBy?.toISOString() ?? null })],
  };
}

/** The carrier lost the parcel. */
export function markLost(state: ReturnState, reason: string | null): TransitionResult {
  requireStatus(state, 'be marked lost', ['in_transit']);
  const lines = state.lines.map((l) => (l.reception === 'in_transit' ? { ...l, reception: 'lost' as const } : l));
  return {
    state: withLines(state, lines, { status: 'lost' }),
    events: [statusEvent(state.status, 'lost', {}, reason)],
  };
}
