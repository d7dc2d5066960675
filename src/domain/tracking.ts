/**
 * One vocabulary for where a return parcel is, whatever carrier carries it (each adapter maps its
 * carrier's statuses onto it; see docs/integrations in the README and the carriers' adapters):
 *
 *   label_created ─▶ handed_in ─▶ in_transit ─▶ (at_pickup_point) ─▶ delivered
 *                                     └─▶ exception | returned_to_sender
 *   cancelled: the label was voided; unknown: the carrier said something we cannot place.
 *
 * For a return, `delivered` means the parcel reached the shop's warehouse (receiving and
 * inspection are still to come).
 */
export const TRACKING_STATES = [
  'label_created',
  'handed_in',
  'in_transit',
  'at_pickup_point',
  'delivered',
  'exception',
  'returned_to_sender',
  'cancelled',
  'unknown',
] as const;
export type TrackingState = (typeof TRACKING_STATES)[number];

/** A carrier's update, once normalised by its adapter. */
export interface TrackingUpdate {
  trackingNumber: string;
  state: TrackingState;
  /** The carrier's own code, kept as it came (e.g. Sendcloud `sorted`, PostNL `11`). */
  carrierStatus: string;
  description: string;
  occurredAt: Date;
  location: string | null;
}

/** The parcel has left the shopper: the carrier scanned it. "Refund on first scan" pays here. */
export const SCANNED_STATES: readonly TrackingState[] = ['handed_in', 'in_transit', 'at_pickup_point', 'delivered'];

/** Something went wrong on the way: staff are told and a claim may follow. */
export const TROUBLE_STATES: readonly TrackingState[] = ['exception', 'returned_to_sender'];

// How far along the way each state is: a late update about an earlier step never moves a parcel back.
const PROGRESS: Record<TrackingState, number> = {
  unknown: 0,
  label_created: 1,
  cancelled: 1,
  handed_in: 2,
  in_transit: 3,
  at_pickup_point: 3,
  exception: 3,
  returned_to_sender: 4,
  delivered: 5,
};

/** How far along the way a state is (0 = nowhere we can place, 5 = delivered). */
export function trackingProgress(state: TrackingState): number {
  return PROGRESS[state];
}

/**
 * The state a parcel is in after an update. A parcel never moves back along the way: carriers send
 * out of order (Sendcloud says so outright) and some repeat an early step after a later one (a
 * "label created" resent, an Easyship checkpoint without a status), so an update that is not as far
 * along is news only when it is newer and just as far (in transit ⇄ exception ⇄ at a point). Two
 * exceptions: a voided label (`cancelled`) is taken whenever it is the newer news, and `unknown` never
 * replaces a state we could place. Delivered is final.
 */
export function nextTrackingState(
  current: { state: TrackingState | null; at: Date | null },
  update: Pick<TrackingUpdate, 'state' | 'occurredAt'>,
): TrackingState {
  if (current.state === null || current.at === null) return update.state;
  if (current.state === 'delivered') return current.state;
  if (update.state === 'unknown') return current.state;
  const newer = update.occurredAt.getTime() >= current.at.getTime();
  if (update.state === 'cancelled') return newer ? update.state : current.state;
  const ahead = PROGRESS[update.state] - PROGRESS[current.state];
  if (ahead > 0 || (ahead === 0 && newer)) return update.state;
  return current.state;
}

/** What an update means for the return the parcel belongs to. */
export type ReturnTrackingStep = 'first_scan' | 'delivered' | 'trouble' | 'none';

export function returnStepOf(state: TrackingState): ReturnTrackingStep {
  if (state === 'delivered') return 'delivered';
  if (SCANNED_STATES.includes(state)) return 'first_scan';
  if (TROUBLE_STATES.includes(state)) return 'trouble';
  return 'none';
}
