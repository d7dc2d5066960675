import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isNonWorkingDay, localDate } from '../../src/domain/calendar.js';
import { canChangePickup, pickupChangeCutoff } from '../../src/domain/pickupCutoff.js';
import { isBookableSlot, isOfferedSlot, pickupSlots } from '../../src/domain/pickupSlots.js';

const AMS = 'Europe/Amsterdam';
const days = (now: Date, zone = AMS) => [...new Set(pickupSlots(now, zone).map((s) => localDate(new Date(s.start), zone)))];

describe('pickup slots and the change cut-off', () => {
  it('starts tomorrow until 22:00 the evening before, and the day after from 22:00', () => {
    // Monday 15 June 2026; Amsterdam is UTC+2 in summer.
    expect(days(new Date('2026-06-15T19:59:59Z'))).toEqual([
      '2026-06-16',
      '2026-06-17',
      '2026-06-18',
      '2026-06-19',
      '2026-06-22',
    ]);
    const late = new Date('2026-06-15T20:00:00Z');
    expect(days(late)[0]).toBe('2026-06-17');
    expect(days(late)).toHaveLength(5);
    // Every slot offered at 22:30 can still be moved or cancelled, so changing it is never refused at once.
    const slots = pickupSlots(new Date('2026-06-15T20:30:00Z'), AMS);
    for (const slot of slots) expect(canChangePickup(slot.start, new Date('2026-06-15T20:30:00Z'), AMS)).toBe(true);
    expect(slots[0]).toEqual({ start: '2026-06-17T07:00:00.000Z', end: '2026-06-17T11:00:00.000Z' });
  });

  it('skips weekends and holidays; Friday night still offers Monday, whose cut-off is Sunday 22:00', () => {
    expect(days(new Date('2026-06-19T21:30:00Z'))[0]).toBe('2026-06-22');
    expect(days(new Date('2026-06-21T19:59:00Z'))[0]).toBe('2026-06-22');
    expect(days(new Date('2026-06-21T20:00:00Z'))[0]).toBe('2026-06-23');
    // King's Day, Monday 27 April 2026, has no pickups.
    expect(days(new Date('2026-04-24T10:00:00Z'))).not.toContain('2026-04-27');
  });

  it('accepts a slot only while it is offered', () => {
    const offered = pickupSlots(new Date('2026-06-15T19:00:00Z'), AMS)[0];
    if (!offered) throw new Error('no slot offered');
    expect(isOfferedSlot(offered, new Date('2026-06-15T19:00:00Z'), AMS)).toBe(true);
    expect(isBookableSlot(offered, new Date('2026-06-15T19:59:00Z'), AMS)).toBe(true);
    // After the cut-off of its day it is neither offered nor bookable (as a carrier's window).
    expect(isOfferedSlot(offered, new Date('2026-06-15T20:00:00Z'), AMS)).toBe(false);
    expect(isBookableSlot(offered, new Date('2026-06-15T20:00:00Z'), AMS)).toBe(false);
  });

  it('offers, at any instant and in any zone, the first working days whose cut-off is ahead', () => {
    const zones = fc.constantFrom(AMS, 'Europe/London', 'America/New_York', 'Asia/Tokyo', 'UTC');
    const instants = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2030-12-31') }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(instants, zones, (now, zone) => {
        const slots = pickupSlots(now, zone);
        expect(slots).toHaveLength(15);
        for (const slot of slots) expect(canChangePickup(slot.start, now, zone)).toBe(true);
        const offeredDays = days(now, zone);
        // No working day between today and the first offered one could still have been changed.
        for (let d = addDays(localDate(now, zone), 1); d < (offeredDays[0] as string); d = addDays(d, 1))
          if (!isNonWorkingDay(d))
            expect(pickupChangeCutoff(`${d}T12:00:00Z`, zone).getTime()).toBeLessThanOrEqual(now.getTime());
        for (const d of offeredDays) expect(isNonWorkingDay(d)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
