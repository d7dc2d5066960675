import { addDays, isNonWorkingDay, localDate, startOfLocalDay } from './calendar.js';
import { canChangePickup } from './pickupCutoff.js';

export interface PickupSlot {
  start: string;
  end: string;
}

/** The carrier's pickup windows on a working day, as local wall-clock hours. */
export const PICKUP_WINDOWS: readonly (readonly [number, number])[] = [
  [9, 13],
  [13, 17],
  [17, 21],
];

/** Pickup slots a shopper can choose: the windows of the next `workingDays` working days whose
 * change cut-off (see pickupCutoff.ts) is still ahead, so a slot booked now can still be moved or
 * cancelled; before 22:00 that starts tomorrow, later the day after. Weekends and public holidays
 * have none. Times are instants; the portal shows them in the shop's zone. */
export function pickupSlots(now: Date, timeZone: string, workingDays = 5): PickupSlot[] {
  const slots: PickupSlot[] = [];
  let day = localDate(now, timeZone);
  for (let found = 0; found < workingDays; ) {
    day = addDays(day, 1);
    if (isNonWorkingDay(day)) continue;
    const midnight = startOfLocalDay(day, timeZone).getTime();
    if (!canChangePickup(new Date(midnight), now, timeZone)) continue;
    found++;
    for (const [from, to] of PICKUP_WINDOWS) {
      // Wall-clock hours from local midnight; a daylight-saving change never falls in these hours.
      slots.push({
        start: new Date(midnight + from * 3_600_000).toISOString(),
        end: new Date(midnight + to * 3_600_000).toISOString(),
      });
    }
  }
  return slots;
}

/** Whether a chosen slot is one of those offered now. */
export function isOfferedSlot(slot: PickupSlot, now: Date, timeZone: string): boolean {
  const start = new Date(slot.start).getTime();
  const end = new Date(slot.end).getTime();
  return pickupSlots(now, timeZone).some((s) => new Date(s.start).getTime() === start && new Date(s.end).getTime() === end);
}

/** Whether a slot (the carrier's own or Retour's) can still be booked at `now`: its change cut-off
 * is ahead, so the shopper is never handed a pickup they cannot move or cancel. */
export function isBookableSlot(slot: PickupSlot, now: Date, timeZone: string): boolean {
  return canChangePickup(slot.start, now, timeZone);
}
