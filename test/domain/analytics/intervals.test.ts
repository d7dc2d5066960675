import { describe, expect, it } from 'vitest';
import { bucketOf, bucketsOf, nextBucket, periodDays, trendInterval } from '../../../src/domain/analytics/intervals.js';

describe('trend intervals', () => {
  it('buckets by day up to 31 days, by week up to 182, else by month', () => {
    expect(trendInterval('2026-01-01', '2026-01-31')).toBe('day');
    expect(trendInterval('2026-01-01', '2026-02-01')).toBe('week');
    expect(periodDays('2026-01-01', '2026-07-01')).toBe(182);
    expect(trendInterval('2026-01-01', '2026-07-01')).toBe('week');
    expect(trendInterval('2026-01-01', '2026-07-02')).toBe('month');
  });

  it('names a bucket by its first day: weeks start on Monday, months on the 1st', () => {
    expect(bucketOf('2026-03-01', 'week')).toBe('2026-02-23'); // a Sunday
    expect(bucketOf('2026-03-02', 'week')).toBe('2026-03-02'); // a Monday
    expect(bucketOf('1970-01-01', 'week')).toBe('1969-12-29');
    expect(bucketOf('2026-03-17', 'month')).toBe('2026-03-01');
    expect(bucketOf('2026-03-17', 'day')).toBe('2026-03-17');
    expect(nextBucket('2026-12-01', 'month')).toBe('2027-01-01');
  });

  it('lists every bucket a period touches, gaps included', () => {
    expect(bucketsOf('2026-11-15', '2027-02-01', 'month')).toEqual(['2026-11-01', '2026-12-01', '2027-01-01', '2027-02-01']);
    expect(bucketsOf('2026-03-01', '2026-03-10', 'week')).toEqual(['2026-02-23', '2026-03-02', '2026-03-09']);
    expect(bucketsOf('2026-03-01', '2026-03-03', 'day')).toEqual(['2026-03-01', '2026-03-02', '2026-03-03']);
    expect(bucketsOf('2026-03-03', '2026-03-01', 'day')).toEqual([]);
  });

  it('agrees with a walk over every day of a period', () => {
    for (let i = 0; i < 200; i++) {
      const start = Date.UTC(2024, 0, 1) + Math.floor(Math.random() * 900) * 86_400_000;
      const from = new Date(start).toISOString().slice(0, 10);
      const to = new Date(start + Math.floor(Math.random() * 400) * 86_400_000).toISOString().slice(0, 10);
      const interval = trendInterval(from, to);
      const walked: string[] = [];
      for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000) {
        const day = new Date(d);
        let first: Date;
        if (interval === 'day') first = day;
        else if (interval === 'month') first = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
        else first = new Date(d - ((day.getUTCDay() + 6) % 7) * 86_400_000);
        const bucket = first.toISOString().slice(0, 10);
        if (walked.at(-1) !== bucket) walked.push(bucket);
      }
      expect(bucketsOf(from, to, interval)).toEqual(walked);
    }
  });
});
