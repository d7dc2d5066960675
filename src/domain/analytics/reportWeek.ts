import { addDays, localDate, startOfLocalDay } from '../calendar.js';
import { bucketOf } from './intervals.js';

/** When the weekly report goes: a weekday (1 Monday … 7 Sunday) and an hour, in the shop's time zone. */
export interface ReportSchedule {
  weekday: number;
  hour: number;
}

/** The week a weekly report covers (Monday to Sunday) and the week before it, to compare. */
export interface ReportWeek {
  from: string;
  to: string;
  previous: { from: string; to: string };
}

/**
 * The week whose report is due at `now`: the last whole week (Monday–Sunday) before the current
 * one, once the current week's send moment has come; null before it. A report not sent in its
 * week (the server was down) is still sent later that week, never in a later one: by then a newer
 * week is due. The hour is counted from the day's start, so on a day the clocks change it may go
 * an hour early or late.
 */
export function dueReportWeek(now: Date, timeZone: string, schedule: ReportSchedule): ReportWeek | null {
  const monday = bucketOf(localDate(now, timeZone), 'week');
  const sendDay = addDays(monday, schedule.weekday - 1);
  const sendAt = startOfLocalDay(sendDay, timeZone).getTime() + schedule.hour * 3_600_000;
  if (now.getTime() < sendAt) return null;
  return {
    from: addDays(monday, -7),
    to: addDays(monday, -1),
    previous: { from: addDays(monday, -14), to: addDays(monday, -8) },
  };
}
