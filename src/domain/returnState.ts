import { RetourError } from './errors.js';
import type { Acceptance, Disposition, Grade, Reception, Resolution, SettlementState } from './returnLine.js';
import { UNDECIDED_ACCEPTANCES } from './returnLine.js';
import type { ReturnStatus } from './returnStatus.js';

/* A return's state as its transitions see it, and the checks and pieces they share
 * (returnLifecycle.ts, returnSettlements.ts). */

export interface LineState {
  id: string;
  quantity: number;
  acceptance: Acceptance;
  acceptanceReason: string | null;
  reception: Reception;
  quantityReceived: number;
  grade: Grade | null;
  disposition: Disposition | null;
  settlement: SettlementState;
  settledAmount: number;
  requestedResolution: Resolution;
  grantedResolution: Resolution | null;
}

/** A line as the shopper asked for it: nothing decided, received or paid yet. It waits for a
 * person when its verdict says so (a manual review, or a photo to look at). */
export function requestedLine(id: string, quantity: number, resolution: Resolution, needsReview: boolean): LineState {
  return {
    id,
    quantity,
    acceptance: needsReview ? 'manual_review' : 'pending',
    acceptanceReason: null,
    reception: 'expected',
    quantityReceived: 0,
    grade: null,
    disposition: null,
    settlement: 'none',
    settledAmount: 0,
    requestedResolution: resolution,
    grantedResolution: null,
  };
}

export interface ReturnState {
  status: ReturnStatus;
  onHold: boolean;
  holdReasons: string[];
  trackingNumber: string | null;
  statusReason: string | null;
  lines: LineState[];
}

/** A fact produced by a transition, written as an event and an outbox message. */
export interface LifecycleEvent {
  type: string;
  reason?: string | null;
  data: Record<string, unknown>;
}

export interface TransitionResult {
  state: ReturnState;
  events: LifecycleEvent[];
}

export function illegal(action: string, state: ReturnState): RetourError {
  return new RetourError('conflict', 'ILLEGAL_TRANSITION', `A return in status "${state.status}" cannot ${action}`, [], {
    returnStatus: state.status,
    action,
  });
}

export function requireStatus(state: ReturnState, action: string, allowed: readonly ReturnStatus[]): void {
  if (!allowed.includes(state.status)) throw illegal(action, state);
}

export function requireNotOnHold(state: ReturnState, action: string): void {
  if (state.onHold) {
    throw new RetourError('conflict', 'RETURN_ON_HOLD', `The return is on hold and cannot ${action}`, [], {
      holdReasons: state.holdReasons,
    });
  }
}

export function findLine(state: ReturnState, lineId: string, index: number, field: string): LineState {
  const line = state.lines.find((l) => l.id === lineId);
  if (!line) {
    throw new RetourError('invalid', 'RETURN_LINE_NOT_FOUND', `Line ${lineId} is not part of this return`, [
      { path: `${field}.${index}.returnLineId`, message: 'not a line of this return' },
    ]);
  }
  return line;
}

export function rejectDuplicates(ids: string[], field: string): void {
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    if (seen.has(id)) {
      throw new RetourError('invalid', 'DUPLICATE_LINE', `Line ${id} is listed twice`, [
        { path: `${field}.${index}.returnLineId`, message: 'listed twice' },
      ]);
    }
    seen.add(id);
  });
}

export const withLines = (state: ReturnState, lines: LineState[], patch: Partial<ReturnState> = {}): ReturnState => ({
  ...state,
  ...patch,
  lines,
});

/** Header status after a review decision: waits while a line is undecided. */
export function statusAfterDecisions(lines: LineState[]): ReturnStatus {
  if (lines.some((l) => UNDECIDED_ACCEPTANCES.includes(l.acceptance))) return 'under_review';
  return lines.some((l) => l.acceptance === 'approved') ? 'approved' : 'rejected';
}

export function statusEvent(from: ReturnStatus, to: ReturnStatus, data: Record<string, unknown>, reason?: string | null) {
  const names: Partial<Record<ReturnStatus, string>> = {
    under_review: 'return.review_requested',
    approved: 'return.approved',
    rejected: 'return.rejected',
  };
  return { type: names[to] ?? `return.${to}`, reason: reason ?? null, data: { from, to, ...data } };
}
