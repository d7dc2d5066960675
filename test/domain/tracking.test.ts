import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextTrackingState, returnStepOf, TRACKING_STATES, type TrackingState } from '../../src/domain/tracking.js';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

describe('tracking state of a parcel', () => {
  it('takes newer news, and older news only when it is further along the way', () => {
    expect(nextTrackingState({ state: null, at: null }, { state: 'in_transit', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'in_transit', at: at(5) }, { state: 'handed_in', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'handed_in', at: at(5) }, { state: 'in_transit', occurredAt: at(1) })).toBe('in_transit');
    expect(nextTrackingState({ state: 'in_transit', at: at(1) }, { state: 'exception', occurredAt: at(5) })).toBe('exception');
    expect(nextTrackingState({ state: 'exception', at: at(5) }, { state: 'in_transit', occurredAt: at(9) })).toBe('in_transit');
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
