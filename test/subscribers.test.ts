import { describe, expect, it } from 'vitest';
import { dispatchInUnit, type InUnitSubscriber, returnIdsOf, takes } from '../src/app/kernel/subscribers.js';
import type { RecordedEvent, Unit } from '../src/app/kernel/unit.js';

function unitRecording(events: RecordedEvent[]): Unit {
  return { tx: null as never, now: new Date(0), caches: null as never, record: (e) => events.push(e) };
}

const event = (type: string, returnId: string | null = 'ret_1'): RecordedEvent => ({
  type,
  subjectType: type.split('.')[0] ?? '',
  subjectId: returnId ?? 'x',
  returnId,
});

describe('in-unit subscribers', () => {
  it('take the events they name, or those their test accepts', () => {
    expect(takes(['return.approved'], { type: 'return.approved', subjectType: 'return' })).toBe(true);
    expect(takes(['return.approved'], { type: 'return.rejected', subjectType: 'return' })).toBe(false);
    expect(takes((e) => e.subjectType === 'return', { type: 'return.tagged', subjectType: 'return' })).toBe(true);
  });

  it('handle what was recorded, then what they recorded themselves, once per round', async () => {
    const events = [event('return.approved'), event('return.lines_decided')];
    const unit = unitRecording(events);
    const seen: string[][] = [];
    const opener: InUnitSubscriber = {
      name: 'opener',
      on: ['return.approved'],
      handle: async (u, batch) => {
        seen.push(batch.map((e) => e.type));
        u.record(event('exchange_order.created'));
      },
    };
    const follower: InUnitSubscriber = {
      name: 'follower',
      on: (e) => e.subjectType === 'exchange_order',
      handle: async (_u, batch) => {
        seen.push(batch.map((e) => e.type));
      },
    };
    await dispatchInUnit(unit, [opener, follower], events);
    expect(seen).toEqual([['return.approved'], ['exchange_order.created']]);
    expect(events.map((e) => e.type)).toEqual(['return.approved', 'return.lines_decided', 'exchange_order.created']);
  });

  it('stop subscribers that keep recording instead of looping', async () => {
    const events = [event('return.approved')];
    const echo: InUnitSubscriber = {
      name: 'echo',
      on: ['return.approved'],
      handle: async (u) => u.record(event('return.approved')),
    };
    await expect(dispatchInUnit(unitRecording(events), [echo], events)).rejects.toThrow(/still record events/);
  });

  it('name each return once', () => {
    expect(
      returnIdsOf([event('return.approved', 'a'), event('repair.opened', null), event('return.held', 'a'), event('x.y', 'b')]),
    ).toEqual(['a', 'b']);
  });
});
