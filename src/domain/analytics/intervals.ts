import { addDays, dayDate, dayOfDate } from '../calendar.js';

/** Trend buckets of a period: days, weeks starting Monday, or calendar months. Pure; days are
 * 'YYYY-MM-DD' and a bucket is named by its first day. */

/** Trend buckets: chosen from the period's length (≤ 31 days: day, ≤ 182: week starting Monday, else month). */
export type TrendInterval = 'day' | 'week' | 'month';

/** Days in the inclusive period from–to (1 when from = to; 0 when to is before from). */
export function periodDays(from: string, to: string): number {
  return Math.max(0, dayOfDate(to) - dayOfDate(from) + 1);
}

/** The trend's bucket for a period: ≤ 31 days by day, ≤ 182 by week (Monday), longer by month, so
 * a chart has between a handful and a few dozen points. */
export function trendInterval(from: string, to: string): TrendInterval {
  const days = periodDays(from, to);
  if (days <= 31) return 'day';
  if (days <= 182) return 'week';
  return 'month';
}

/** The first day of the bucket a day falls in: itself, its week's Monday, or its month's first day. */
export function bucketOf(day: string, interval: TrendInterval): string {
  if (interval === 'day') return day;
  if (interval === 'month') return `${day.slice(0, 8)}01`;
  // Day 0 (1970-01-01) was a Thursday: Monday-based weekday = (n + 3) mod 7.
  const n = dayOfDate(day);
  return dayDate(n - ((((n + 3) % 7) + 7) % 7));
}

/** The first day of the bucket after the one starting at `bucket`. */
export function nextBucket(bucket: string, interval: TrendInterval): string {
  if (interval === 'day') return addDays(bucket, 1);
  if (interval === 'week') return addDays(bucket, 7);
  const year = Number(bucket.slice(0, 4));
  const month = Number(bucket.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${bucket.slice(0, 4)}-${String(month + 1).padStart(2, '0')}-01`;
}

/** Every bucket a period touches, in order, so a trend shows the empty ones too (the first may
 * start before `from` and the last run past `to`: the figures still count only days in the period). */
export function bucketsOf(from: string, to: string, interval: TrendInterval): string[] {
  const out: string[] = [];
  if (to < from) return out;
  const last = bucketOf(to, interval);
  for (let b = bucketOf(from, interval); b <= last; b = nextBucket(b, interval)) out.push(b);
  return out;
}
