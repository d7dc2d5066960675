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

  it('covers every day of the period once with its months and edge days', () => {
    for (let start = 0; start < 400; start += 7)
      for (const length of [0, 27, 31, 59, 120, 365]) {
        const from = addDays('2025-01-01', start);
        const to = addDays(from, length);
        const months = wholeMonths(from, to);
        for (let day = from; day <= to; day = addDays(day, 1)) {
          const inMonth =
            months !== null && day.slice(0, 8) >= months.first.slice(0, 8) && day.slice(0, 8) <= months.last.slice(0, 8);
          if (inMonth) expect(day.slice(0, 8) >= from.slice(0, 8), `${from}..${to}: ${day}`).toBe(true);
        }
        if (months) {
          expect(months.first >= from).toBe(true);
          const lastMonthEnd = addDays(addDays(months.last, 40).slice(0, 8).concat('01'), -1);
          expect(lastMonthEnd <= to, `${from}..${to}`).toBe(true);
        }
      }
  });
});
