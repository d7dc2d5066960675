import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  dutchPublicHolidays,
  endOfLocalDay,
  isNonWorkingDay,
  localDate,
  nextWorkingDay,
  startOfLocalDay,
  statutoryDeadlineDate,
} from '../../src/domain/calendar.js';

const AMS = 'Europe/Amsterdam';
const dayOfWeek = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** Any day from 1900 to 2199. */
const anyDate = fc.integer({ min: 0, max: 109_500 }).map((n) => addDays('1900-01-01', n));

describe('localDate', () => {
  it('gives the calendar day in the zone, not in UTC, near midnight', () => {
    // Winter: Amsterdam is UTC+1.
    expect(localDate(new Date('2026-01-31T22:59:59.999Z'), AMS)).toBe('2026-01-31');
    expect(localDate(new Date('2026-01-31T23:00:00.000Z'), AMS)).toBe('2026-02-01');
    expect(localDate(new Date('2026-01-31T23:00:00.000Z'), 'UTC')).toBe('2026-01-31');
    // Summer: UTC+2, so 22:30 UTC is already tomorrow in Amsterdam.
    expect(localDate(new Date('2026-06-30T22:30:00Z'), AMS)).toBe('2026-07-01');
    expect(localDate(new Date('2026-06-30T22:30:00Z'), 'UTC')).toBe('2026-06-30');
    // West of UTC the day lags behind.
    expect(localDate(new Date('2026-01-01T03:00:00Z'), 'America/New_York')).toBe('2025-12-31');
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // across the DST change: still whole days
    expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
  });

  it('is undone by adding the opposite', () => {
    fc.assert(
      fc.property(anyDate, fc.integer({ min: -1000, max: 1000 }), (date, days) => {
        expect(addDays(addDays(date, days), -days)).toBe(date);
      }),
    );
  });
});

describe('startOfLocalDay and endOfLocalDay', () => {
  it('bound an ordinary Amsterdam day', () => {
    expect(startOfLocalDay('2026-01-15', AMS).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(endOfLocalDay('2026-01-15', AMS).toISOString()).toBe('2026-01-15T22:59:59.999Z');
    expect(endOfLocalDay('2026-07-15', AMS).toISOString()).toBe('2026-07-15T21:59:59.999Z');
    expect(endOfLocalDay('2026-07-15', 'UTC').toISOString()).toBe('2026-07-15T23:59:59.999Z');
  });

  it('ends the 23-hour day of the spring change (2026-03-29) at local midnight', () => {
    const start = startOfLocalDay('2026-03-29', AMS);
    const end = endOfLocalDay('2026-03-29', AMS);
    expect(start.toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(end.toISOString()).toBe('2026-03-29T21:59:59.999Z');
    expect(end.getTime() + 1 - start.getTime()).toBe(23 * 3_600_000);
    expect(localDate(end, AMS)).toBe('2026-03-29');
    expect(localDate(new Date(end.getTime() + 1), AMS)).toBe('2026-03-30');
  });

  it('ends the 25-hour day of the autumn change (2026-10-25) at local midnight', () => {
    const start = startOfLocalDay('2026-10-25', AMS);
    const end = endOfLocalDay('2026-10-25', AMS);
    expect(start.toISOString()).toBe('2026-10-24T22:00:00.000Z');
    expect(end.toISOString()).toBe('2026-10-25T22:59:59.999Z');
    expect(end.getTime() + 1 - start.getTime()).toBe(25 * 3_600_000);
    expect(localDate(end, AMS)).toBe('2026-10-25');
    expect(localDate(new Date(end.getTime() + 1), AMS)).toBe('2026-10-26');
  });

  it('starts a day whose midnight the clocks skip when they jump', () => {
    // Chile, 8 September 2019: 00:00 -04 became 01:00 -03.
    expect(startOfLocalDay('2019-09-08', 'America/Santiago').toISOString()).toBe('2019-09-08T04:00:00.000Z');
    expect(endOfLocalDay('2019-09-07', 'America/Santiago').toISOString()).toBe('2019-09-08T03:59:59.999Z');
    // Cuba, 10 March 2019: 00:00 -05 became 01:00 -04.
    expect(startOfLocalDay('2019-03-10', 'America/Havana').toISOString()).toBe('2019-03-10T05:00:00.000Z');
    // Samoa skipped 30 December 2011: the 29th ran straight into the 31st.
    expect(endOfLocalDay('2011-12-29', 'Pacific/Apia').toISOString()).toBe('2011-12-30T09:59:59.999Z');
    expect(localDate(new Date('2011-12-30T10:00:00Z'), 'Pacific/Apia')).toBe('2011-12-31');
  });

  it('are the first and last millisecond of every local day, 2010–2022, in zones with awkward clocks', () => {
    // Every day rather than a sample: clock changes fall on a handful of days a year. Chile, Cuba,
    // Lebanon and Paraguay change(d) at midnight, Cuba turns back from 01:00 to 00:00 (midnight comes
    // twice); Lord Howe changes by half an hour; Chatham sits on quarter hours; Samoa skipped a day.
    const zones = [
      AMS,
      'America/Santiago',
      'America/Havana',
      'America/Asuncion',
      'Asia/Beirut',
      'Australia/Lord_Howe',
      'Pacific/Chatham',
      'Pacific/Apia',
    ];
    for (const zone of zones) {
      for (let date = '2010-01-01'; date <= '2022-12-31'; date = addDays(date, 1)) {
        if (zone === 'Pacific/Apia' && date === '2011-12-30') continue; // never happened there
        const start = startOfLocalDay(date, zone).getTime();
        const end = endOfLocalDay(date, zone).getTime();
        const ok =
          localDate(new Date(start), zone) === date &&
          localDate(new Date(start - 1), zone) < date &&
          localDate(new Date(end), zone) === date &&
          localDate(new Date(end + 1), zone) > date;
        if (!ok) expect.fail(`${zone} ${date}: ${new Date(start).toISOString()} – ${new Date(end).toISOString()}`);
      }
    }
  });
});

describe('dutchPublicHolidays', () => {
  it('lists 2025, with King’s Day on Saturday 26 April because 27 April is a Sunday (Easter 20 April)', () => {
    expect(dutchPublicHolidays(2025)).toEqual([
      { date: '2025-01-01', name: "New Year's Day" },
      { date: '2025-04-18', name: 'Good Friday' },
      { date: '2025-04-21', name: 'Easter Monday' },
      { date: '2025-04-26', name: "King's Day" },
      { date: '2025-05-05', name: 'Liberation Day' },
      { date: '2025-05-29', name: 'Ascension Day' },
      { date: '2025-06-09', name: 'Whit Monday' },
      { date: '2025-12-25', name: 'Christmas Day' },
      { date: '2025-12-26', name: 'Boxing Day' },
    ]);
  });

  it('lists 2026 (Easter 5 April)', () => {
    expect(dutchPublicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: "New Year's Day" },
      { date: '2026-04-03', name: 'Good Friday' },
      { date: '2026-04-06', name: 'Easter Monday' },
      { date: '2026-04-27', name: "King's Day" },
      { date: '2026-05-05', name: 'Liberation Day' },
      { date: '2026-05-14', name: 'Ascension Day' },
      { date: '2026-05-25', name: 'Whit Monday' },
      { date: '2026-12-25', name: 'Christmas Day' },
      { date: '2026-12-26', name: 'Boxing Day' },
    ]);
  });

  it('lists 2027 (Easter 28 March)', () => {
    expect(dutchPublicHolidays(2027)).toEqual([
      { date: '2027-01-01', name: "New Year's Day" },
      { date: '2027-03-26', name: 'Good Friday' },
      { date: '2027-03-29', name: 'Easter Monday' },
      { date: '2027-04-27', name: "King's Day" },
      { date: '2027-05-05', name: 'Liberation Day' },
      { date: '2027-05-06', name: 'Ascension Day' },
      { date: '2027-05-17', name: 'Whit Monday' },
      { date: '2027-12-25', name: 'Christmas Day' },
      { date: '2027-12-26', name: 'Boxing Day' },
    ]);
  });

  it('finds Easter at its known extremes and in ordinary years', () => {
    const easter = (year: number) => addDays(dutchPublicHolidays(year).find((h) => h.name === 'Easter Monday')!.date, -1);
    expect(easter(2019)).toBe('2019-04-21');
    expect(easter(2024)).toBe('2024-03-31');
    expect(easter(2038)).toBe('2038-04-25'); // latest possible
    expect(easter(2285)).toBe('2285-03-22'); // earliest possible
  });

  it('remembers each year', () => {
    expect(dutchPublicHolidays(2026)).toBe(dutchPublicHolidays(2026));
  });

  it('gives nine sorted holidays in the year, each on its weekday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2199 }), (year) => {
        const list = dutchPublicHolidays(year);
        expect(list).toHaveLength(9);
        expect(list.map((h) => h.date)).toEqual(list.map((h) => h.date).sort());
        for (const h of list) expect(h.date.slice(0, 4)).toBe(String(year));
        const on = (name: string) => dayOfWeek(list.find((h) => h.name === name)!.date);
        expect(on('Good Friday')).toBe(5);
        expect(on('Easter Monday')).toBe(1);
        expect(on('Ascension Day')).toBe(4);
        expect(on('Whit Monday')).toBe(1);
        expect(on("King's Day")).not.toBe(0);
      }),
    );
  });
});

describe('working days', () => {
  it('knows weekends, holidays and ordinary days', () => {
    expect(isNonWorkingDay('2026-03-14')).toBe(true); // Saturday
    expect(isNonWorkingDay('2026-03-15')).toBe(true); // Sunday
    expect(isNonWorkingDay('2026-04-06')).toBe(true); // Easter Monday
    expect(isNonWorkingDay('2026-05-05')).toBe(true); // Liberation Day, every year
    expect(isNonWorkingDay('2026-03-16')).toBe(false); // Monday
    expect(isNonWorkingDay('2026-12-24')).toBe(false); // Christmas Eve is a working day
  });

  it('moves a day off on to the next working day', () => {
    expect(nextWorkingDay('2026-03-16')).toBe('2026-03-16'); // already a working day
    expect(nextWorkingDay('2026-03-14')).toBe('2026-03-16'); // Saturday → Monday
    expect(nextWorkingDay('2026-04-03')).toBe('2026-04-07'); // Good Friday → Tuesday after Easter Monday
    expect(nextWorkingDay('2026-04-06')).toBe('2026-04-07'); // Easter Monday → Tuesday
    expect(nextWorkingDay('2026-12-25')).toBe('2026-12-28'); // Christmas on a Friday → Monday
    expect(nextWorkingDay('2027-12-25')).toBe('2027-12-27'); // Christmas on a Saturday → Monday
    expect(nextWorkingDay('2028-01-01')).toBe('2028-01-03'); // New Year on a Saturday → Monday
  });

  it('never lands on a day off, never goes back and moves at most five days', () => {
    fc.assert(
      fc.property(anyDate, (date) => {
        const next = nextWorkingDay(date);
        expect(isNonWorkingDay(next)).toBe(false);
        expect(next >= date).toBe(true);
        expect(next <= addDays(date, 5)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('statutoryDeadlineDate', () => {
  it('counts from the day after delivery', () => {
    expect(statutoryDeadlineDate('2026-03-02', 14)).toBe('2026-03-16'); // Monday → Monday
  });

  it('moves a last day that is not a working day on', () => {
    expect(statutoryDeadlineDate('2026-02-28', 14)).toBe('2026-03-16'); // lands on Saturday 14 March
    expect(statutoryDeadlineDate('2026-03-23', 14)).toBe('2026-04-07'); // lands on Easter Monday
    expect(statutoryDeadlineDate('2026-12-11', 14)).toBe('2026-12-28'); // lands on Christmas, a Friday
    expect(statutoryDeadlineDate('2026-12-18', 14)).toBe('2027-01-04'); // New Year, a Friday, then a weekend
  });

  it('is never before the plain count and never a day off', () => {
    fc.assert(
      fc.property(anyDate, (start) => {
        const deadline = statutoryDeadlineDate(start, 14);
        expect(deadline >= addDays(start, 14)).toBe(true);
        expect(isNonWorkingDay(deadline)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
