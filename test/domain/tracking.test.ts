import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  nextTrackingState,
  returnStepOf,
  TRACKING_STATES,
  type TrackingState,
  trackingProgress,
} from '../../src/domain/tracking.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

describe('tracking state of a parcel', () => {
  it('takes newer news, and older news only when it is further along the way', () => {
    expect(nextTrackingState({ state: null, at: null }, { state: 'in_transit', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'in_transit', at: at(5) }, { state: 'handed_in', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'handed_in', at: at(5) }, { state: 'in_transit', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'in_transit', at: at(1) }, { state: 'exception', occurredAt: at(5) })).toBe('exception');
    expect(nextTrackingState({ state: 'exception', at: at(5) }, { state: 'in_transit', occurredAt: at(9) })).toBe('in_transit');
  });

  it('never moves back for newer news of an earlier step, nor for news it cannot place', () => {
    // An Easyship checkpoint without a status, and a "label created" sent again after the first scan.
    expect(nextTrackingState({ state: 'in_transit', at: at(1) }, { state: 'unknown', occurredAt: at(5) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'in_transit', at: at(1) }, { state: 'label_created', occurredAt: at(5) })).toBe(
      'in_transit',
    );
    expect(nextTrackingState({ state: 'handed_in', at: at(1) }, { state: 'label_created', occurredAt: at(5) })).toBe('handed_in');
    expect(nextTrackingState({ state: 'unknown', at: at(1) }, { state: 'label_created', occurredAt: at(0) })).toBe(
      'label_created',
    );
    expect(nextTrackingState({ state: null, at: null }, { state: 'unknown', occurredAt: at(0) })).toBe('unknown');
    expect(nextTrackingState({ state: 'at_pickup_point', at: at(1) }, { state: 'in_transit', occurredAt: at(5) })).toBe(
      'in_transit',
    );
  });

  it('takes a voided label when it is the newer news, and only then', () => {
    expect(nextTrackingState({ state: 'handed_in', at: at(1) }, { state: 'cancelled', occurredAt: at(5) })).toBe('cancelled');
    expect(nextTrackingState({ state: 'label_created', at: at(5) }, { state: 'cancelled', occurredAt: at(1) })).toBe(
      'label_created',
    );
    expect(nextTrackingState({ state: 'cancelled', at: at(5) }, { state: 'in_transit', occurredAt: at(9) })).toBe('in_transit');
  });

  it('never answers a state less far along than the current one, unless the label was cancelled', () => {
    const state = fc.constantFrom(...TRACKING_STATES);
    fc.assert(
      fc.property(state, state, fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (current, update, m1, m2) => {
        const next = nextTrackingState({ state: current, at: at(m1) }, { state: update, occurredAt: at(m2) });
        // Always one of the two, never something in between.
        expect([current, update]).toContain(next);
        if (update !== 'cancelled') expect(trackingProgress(next)).toBeGreaterThanOrEqual(trackingProgress(current));
        if (update === 'unknown') expect(next).toBe(current);
      }),
      { numRuns: 500 },
    );
  });

  it('never leaves delivered, whatever comes after', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TRACKING_STATES), fc.integer({ min: 0, max: 59 }), (state: TrackingState, minute) => {
        expect(nextTrackingState({ state: 'delivered', at: at(30) }, { state, occurredAt: at(minute) })).toBe('delivered');
      }),
    );
  });

  it('tells the return what a state means for it', () => {
    expect(returnStepOf('label_created')).toBe('none');
    expect(returnStepOf('handed_in')).toBe('first_scan');
    expect(returnStepOf('in_transit')).toBe('first_scan');
    expect(returnStepOf('at_pickup_point')).toBe('first_scan');
    expect(returnStepOf('delivered')).toBe('delivered');
    expect(returnStepOf('exception')).toBe('trouble');
    expect(returnStepOf('returned_to_sender')).toBe('trouble');
    expect(returnStepOf('cancelled')).toBe('none');
  });
});
