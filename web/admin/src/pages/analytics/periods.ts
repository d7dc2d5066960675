import type { TrendInterval } from '../../../../../src/domain/analytics/intervals.js';
import { nextBucket } from '../../../../../src/domain/analytics/intervals.js';
import { addDays } from '../../../../../src/domain/calendar.js';

export const PRESETS = ['7d', '30d', '90d', '365d', 'year'] as const;
export type Preset = (typeof PRESETS)[number];

/** The days a preset covers, up to and including `today` (the shop's, 'YYYY-MM-DD'). */
export function presetRange(preset: Preset, today: string): { from: string; to: string } {
  if (preset === 'year') return { from: `${today.slice(0, 4)}-01-01`, to: today };
  const days = Number(preset.slice(0, -1));
  return { from: addDays(today, -(days - 1)), to: today };
}

/** The preset a period is, or null for a period chosen by hand. */
export function presetOf(period: { from: string; to: string }, today: string): Preset | null {
  return (
    PRESETS.find((p) => {
      const r = presetRange(p, today);
      return r.from === period.from && r.to === period.to;
    }) ?? null
  );
}

/** The days of a trend bucket (named by its first day), within the period asked. */
export function bucketRange(bucket: string, interval: TrendInterval, period: { from: string; to: string }) {
  const end = addDays(nextBucket(bucket, interval), -1);
  // Days as 'YYYY-MM-DD' sort as text.
  const [, from] = [bucket, period.from].sort();
  const [to] = [end, period.to].sort();
  return { from: from ?? bucket, to: to ?? end };
}
