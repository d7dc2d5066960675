import { describe, expect, it } from 'vitest';
import { RetourError } from '../../src/domain/errors.js';
import * as lc from '../../src/domain/returnLifecycle.js';
import { requestedLine } from '../../src/domain/returnState.js';
import {
  ACTIVE_STATUSES,
  CALLED_OFF_STATUSES,
  CANCELLABLE_STATUSES,
  CLOSABLE_STATUSES,
  DISPUTABLE_STATUSES,
  FINISHED_STATUSES,
  GOODS_NOT_COMING_STATUSES,
  HOLDABLE_STATUSES,
  INSPECTABLE_STATUSES,
  MONEY_DONE_STATUSES,
  OPEN_STATUSES,
  RECEIVABLE_STATUSES,
  RETURN_STATUSES,
  REVIEWABLE_STATUSES,
  type ReturnStatus,
  SETTLEABLE_STATUSES,
  TERMINAL_STATUSES,
} from '../../src/domain/returnStatus.js';

/** A return in the status, with one approved line that nothing happened to yet. */
const returnIn = (status: ReturnStatus): lc.ReturnState => ({
  status,
  onHold: false,
  holdReasons: [],
  trackingNumber: null,
  statusReason: null,
  lines: [{ ...requestedLine('a', 1, 'refund', false), acceptance: 'approved', grantedResolution: 'refund' }],
});

/** The statuses in which the transition does not refuse for the return's status. */
function allowedIn(transition: (s: lc.ReturnState) => unknown): ReturnStatus[] {
  return RETURN_STATUSES.filter((status) => {
    try {
      transition(returnIn(status));
      return true;
    } catch (err) {
      if (!(err instanceof RetourError)) throw err;
      return err.code !== 'ILLEGAL_TRANSITION';
    }
  });
}

describe('return status groups', () => {
  it('name the statuses the return lifecycle allows each action in, so a screen offers what the server does', () => {
    expect(allowedIn((s) => lc.decideLines(s, []))).toEqual(REVIEWABLE_STATUSES);
    expect(allowedIn((s) => lc.cancel(s, null))).toEqual(CANCELLABLE_STATUSES);
    expect(allowedIn((s) => lc.hold(s, 'check'))).toEqual(HOLDABLE_STATUSES);
    expect(allowedIn((s) => lc.openDispute(s, 'too much'))).toEqual(DISPUTABLE_STATUSES);
    expect(allowedIn((s) => lc.receive(s, []))).toEqual(RECEIVABLE_STATUSES);
    expect(allowedIn((s) => lc.inspect(s, []))).toEqual(INSPECTABLE_STATUSES);
    expect(allowedIn((s) => lc.recordSettlement(s, []))).toEqual(SETTLEABLE_STATUSES);
    expect(allowedIn(lc.close)).toEqual(CLOSABLE_STATUSES);
  });

  it('no transition leads out of a terminal status, and every other status has one', () => {
    const anyTransition = (s: lc.ReturnState) => {
      const attempts = [
        () => lc.decideLines(s, []),
        () => lc.cancel(s, null),
        () => lc.hold(s, 'check'),
        () => lc.openDispute(s, 'too much'),
        () => lc.receive(s, []),
        () => lc.inspect(s, []),
        () => lc.recordSettlement(s, []),
        () => lc.close(s),
        () => lc.submitRequest(s, false),
        () => lc.markInTransit(s, null),
        () => lc.markLost(s, null),
        () => lc.expire(s, null, new Date()),
        () => lc.resolve(s, { returnless: true }),
      ];
      const refusals = attempts.filter((attempt) => {
        try {
          attempt();
          return false;
        } catch (err) {
          if (!(err instanceof RetourError)) throw err;
          return err.code === 'ILLEGAL_TRANSITION';
        }
      });
      if (refusals.length === attempts.length) throw new RetourError('conflict', 'ILLEGAL_TRANSITION', 'none');
    };
    expect(allowedIn(anyTransition)).toEqual(OPEN_STATUSES);
    expect(RETURN_STATUSES.filter((s) => !OPEN_STATUSES.includes(s))).toEqual(TERMINAL_STATUSES);
  });

  it('decide lost once: it went ahead, but no goods will come, and it is still to be closed', () => {
    expect(GOODS_NOT_COMING_STATUSES).toContain('lost');
    expect(FINISHED_STATUSES).toContain('lost');
    expect(HOLDABLE_STATUSES).toContain('lost');
    expect(CLOSABLE_STATUSES).toContain('lost');
    for (const group of [CALLED_OFF_STATUSES, TERMINAL_STATUSES, MONEY_DONE_STATUSES, ACTIVE_STATUSES]) {
      expect(group).not.toContain('lost');
    }
  });

  it('groups that build on each other stay inside each other', () => {
    const within = (inner: readonly ReturnStatus[], outer: readonly ReturnStatus[]) => inner.every((s) => outer.includes(s));
    expect(within(CALLED_OFF_STATUSES, TERMINAL_STATUSES)).toBe(true);
    expect(within(CALLED_OFF_STATUSES, GOODS_NOT_COMING_STATUSES)).toBe(true);
    expect(within(CALLED_OFF_STATUSES, MONEY_DONE_STATUSES)).toBe(true);
    expect(within(TERMINAL_STATUSES, FINISHED_STATUSES)).toBe(true);
    expect(within(MONEY_DONE_STATUSES, FINISHED_STATUSES)).toBe(true);
    expect(ACTIVE_STATUSES.filter((s) => FINISHED_STATUSES.includes(s))).toEqual([]);
  });
});
