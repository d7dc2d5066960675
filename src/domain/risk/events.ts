import { dayOfDate, localDay } from '../calendar.js';
import type { RiskEventDate } from './settings.js';

/** The event a return follows, if any: the order was placed in the days before an event date and
 * the return asked in the days after it, both counted as local dates in the shop's time zone — the
 * pattern of a dress bought for a party and sent back the week after. A yearly event counts in
 * every year, a 29 February one on 1 March in other years. Answers the event's name. */
export function eventFollowed(placedAt: Date, returnAt: Date, events: readonly RiskEventDate[], timeZone: string): string | null {
  const placed = localDay(placedAt.getTime(), timeZone);
  const asked = localDay(returnAt.getTime(), timeZone);
  if (asked < placed) return null;
  for (const e of events) {
    for (const day of eventDays(e, placed, asked)) {
      // Asked on the day itself the item may not have been used yet: only the days after count.
      if (placed >= day - e.daysBefore && placed <= day && asked > day && asked <= day + e.daysAfter) return e.name;
    }
  }
  return null;
}

/** The event's day numbers that could lie between an order and its return. */
function eventDays(e: RiskEventDate, from: number, to: number): number[] {
  if (!e.yearly) return [dayOfDate(e.date)];
  const monthDay = e.date.slice(5);
  const firstYear = new Date(from * 86_400_000).getUTCFullYear();
  const lastYear = new Date(to * 86_400_000).getUTCFullYear();
  const days: number[] = [];
  for (let year = firstYear - 1; year <= lastYear; year++) days.push(dayOfYearDate(year, monthDay));
  return days;
}

function dayOfYearDate(year: number, monthDay: string): number {
  const [month, day] = monthDay.split('-').map(Number);
  // Date.UTC rolls 29 February over to 1 March in a year without it.
  return Date.UTC(year, (month ?? 1) - 1, day ?? 1) / 86_400_000;
}
