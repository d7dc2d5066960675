import { describe, expect, it } from 'vitest';
import { wholeMonths } from '../src/app/analytics/narrowFacts.js';
import { addDays } from '../src/domain/calendar.js';

describe('the whole months inside a period (read from the monthly sales rows)', () => {
  it('names the first days of the first and last whole month, or none', () => {
    expect(wholeMonths('2026-01-01', '2026-12-31')).toEqual({ first: '2026-01-01', last: '2026-12-01' });
    expect(wholeMonths('2025-12-08', '2026-12-07')).toEqual({ first: '2026-01-01', last: '2026-11-01' });
    expect(wholeMonths('2026-02-01', '2026-02-28')).toEqual({ first: '2026-02-01', last: '2026-02-01' });
    expect(wholeMonths('2024-02-01', '2024-02-28')).toBeNull();
    expect(wholeMonths('2024-02-01', '2024-02-29')).toEqual({ first: '2024-02-01', last: '2024-02-01' });
    expect(wholeMonths('2026-01-02', '2026-02-27')).toBeNull();
    expect(wholeMonths('2026-01-31', '2026-03-30')).toEqual({ first: '2026-02-01', last: '2026-02-01' });
  });

  it('covers every day of the period once with its months and edge days, and leaves no whole month to the days', () => {
    const monthOf = (day: string) => day.slice(0, 7);
    for (let start = 0; start < 400; start += 3)
      for (const length of [0, 27, 30, 31, 59, 61, 120, 365]) {
        const from = addDays('2025-01-01', start);
        const to = addDays(from, length);
        const months = wholeMonths(from, to);
        const days = new Map<string, number>();
        for (let day = from; day <= to; day = addDays(day, 1)) days.set(day, 0);
        // As salesRows reads: the whole months, the days before the first and after the last.
        if (months) {
          for (let day = months.first; monthOf(day) <= monthOf(months.last); day = addDays(day, 1))
            days.set(day, (days.get(day) ?? 100) + 1);
          for (let day = from; day < months.first; day = addDays(day, 1)) days.set(day, (days.get(day) ?? 100) + 1);
          const afterLast = `${monthOf(addDays(months.last, 40))}-01`;
          for (let day = afterLast; day <= to; day = addDays(day, 1)) days.set(day, (days.get(day) ?? 100) + 1);
        } else for (const day of days.keys()) days.set(day, 1);
        const wrong = [...days].filter(([, n]) => n !== 1);
        expect(wrong, `${from}..${to}`).toEqual([]);
        // Every month wholly inside the period is among the whole months.
        for (let day = from; day <= to; day = addDays(day, 1))
          if (day.endsWith('-01') && addDays(`${monthOf(addDays(day, 40))}-01`, -1) <= to)
            expect(months !== null && day >= months.first && day <= months.last, `${from}..${to}: ${day}`).toBe(true);
      }
  });
});
