import { localDate, startOfLocalDay } from './calendar.js';

/** Until this hour (shop time) on the day before a pickup, the shopper can move or cancel it: the
 * carrier plans its drivers' rounds overnight. */
export const PICKUP_CHANGE_CUTOFF_HOUR = 22;

/** The last moment a pickup starting at `slotStart` can be changed or cancelled. */
export function pickupChangeCutoff(slotStart: Date | string, timeZone: string): Date {
  const slotDay = localDate(new Date(slotStart), timeZone);
  // Counted back from the slot day's midnight: clocks change in the small hours, never before midnight.
  return new Date(startOfLocalDay(slotDay, timeZone).getTime() - (24 - PICKUP_CHANGE_CUTOFF_HOUR) * 3_600_000);
}

/** Whether a pickup can still be changed or cancelled at `now`. */
export function canChangePickup(slotStart: Date | string, now: Date, timeZone: string): boolean {
  return now.getTime() < pickupChangeCutoff(slotStart, timeZone).getTime();
}
