/** Calendar days in a shop's time zone, and the Dutch working days legal deadlines move to.
 * Pure: instants are passed in; only `Intl` is used to read time zones. Dates are 'YYYY-MM-DD'. */

const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(instant: Date, timeZone: string) {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);
// Date strings are built and read on every policy check: plain arithmetic, no splitting or padding helpers.
const fromUtcMs = (ms: number) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
};
const toUtcMs = (date: string) => Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10));

/** How far the zone's wall clock is ahead of UTC at an instant, in ms, read through Intl (which
 * gives whole seconds, hence the instant is floored to one). */
function measureOffset(instant: number, timeZone: string): number {
  const p = parts(new Date(instant), timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/** Zone offsets by six-hour span: reading one through Intl costs microseconds on a path every
 * policy check takes, and bulk work (seeding, simulation) spreads instants over months. A span whose
 * two ends disagree holds an offset change and is measured at the instant, never cached; no zone
 * changes its offset twice within six hours. */
const OFFSET_SPAN_MS = 6 * 3_600_000;
/** Offsets by zone, then by span number: a numeric key, no string built per look-up. */
const offsetCache = new Map<string, Map<number, number>>();
let cachedOffsets = 0;

function offsetAt(instant: number, timeZone: string): number {
  const span = Math.floor(instant / OFFSET_SPAN_MS);
  let zone = offsetCache.get(timeZone);
  const hit = zone?.get(span);
  if (hit !== undefined) return hit;
  const first = span * OFFSET_SPAN_MS;
  const offset = measureOffset(first, timeZone);
  if (measureOffset(first + OFFSET_SPAN_MS - 1000, timeZone) !== offset) return measureOffset(instant, timeZone);
  if (cachedOffsets > 50_000) {
    offsetCache.clear();
    cachedOffsets = 0;
    zone = undefined;
  }
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  zone.set(span, offset);
  cachedOffsets++;
  return offset;
}

/** 'YYYY-MM-DD' of the calendar day an instant falls on in the given IANA time zone. */
export function localDate(instant: Date, timeZone: string): string {
  return fromUtcMs(instant.getTime() + offsetAt(instant.getTime(), timeZone));
}

/** Adds whole calendar days to a 'YYYY-MM-DD' date. */
export function addDays(date: string, days: number): string {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** The first instant the zone's clock shows a wall-clock time (ms since the epoch as if UTC). The
 * offsets a day either side cover a change near it: a wall time that clocks turning back repeat is
 * taken at its first showing; one that clocks jumping forward skip is moved on by the jump, so where
 * clocks jump at midnight (Chile, Cuba, Samoa in 2011) a day starts the moment they jump. */
function wallToInstant(wallMs: number, timeZone: string): Date {
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  for (const candidate of [wallMs - Math.max(before, after), wallMs - Math.min(before, after)])
    if (candidate + offsetAt(candidate, timeZone) === wallMs) return new Date(candidate);
  return new Date(wallMs - before);
}

/** The first millisecond (00:00 local) of a day in the time zone. */
export function startOfLocalDay(date: string, timeZone: string): Date {
  return wallToInstant(toUtcMs(date), timeZone);
}

/** The last millisecond of a day in the time zone: one ms before the next day starts, so a day of
 * 23 or 25 hours (daylight-saving changes) still ends at local midnight. */
export function endOfLocalDay(date: string, timeZone: string): Date {
  return new Date(startOfLocalDay(addDays(date, 1), timeZone).getTime() - 1);
}

/** Day numbers (days since 1970-01-01) stand for local dates where a date is worked with many
 * times, as in the policy engine: arithmetic on them needs no strings. They agree with the
 * 'YYYY-MM-DD' functions above for four-digit years. */

/** The day number of the calendar day an instant (ms) falls on in the time zone (see localDate). */
export function localDay(instant: number, timeZone: string): number {
  return Math.floor((instant + offsetAt(instant, timeZone)) / DAY_MS);
}

/** 'YYYY-MM-DD' of a day number. */
export function dayDate(day: number): string {
  return fromUtcMs(day * DAY_MS);
}

/** The day number of a 'YYYY-MM-DD' date. */
export function dayOfDate(date: string): number {
  return toUtcMs(date) / DAY_MS;
}

/** Ends of days by zone and day number: each costs several offset look-ups. */
const dayEnds = new Map<string, Map<number, number>>();
let cachedDayEnds = 0;

/** The last millisecond of a local day given by its number (see endOfLocalDay). */
export function endOfLocalDayMs(day: number, timeZone: string): number {
  let zone = dayEnds.get(timeZone);
  const hit = zone?.get(day);
  if (hit !== undefined) return hit;
  const end = wallToInstant((day + 1) * DAY_MS, timeZone).getTime() - 1;
  if (cachedDayEnds > 50_000) {
    dayEnds.clear();
    cachedDayEnds = 0;
    zone = undefined;
  }
  if (!zone) {
    zone = new Map();
    dayEnds.set(timeZone, zone);
  }
  zone.set(day, end);
  cachedDayEnds++;
  return end;
}

/** Easter Sunday (Gregorian), by the anonymous (Meeus/Jones/Butcher) algorithm. */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

const weekday = (date: string) => new Date(toUtcMs(date)).getUTCDay();

const holidayCache = new Map<number, { date: string; name: string }[]>();

/** Dutch public holidays of a year that move legal deadlines: those of the Algemene termijnenwet
 * (art. 3) plus Good Friday, which a decree under that act adds. */
export function dutchPublicHolidays(year: number): { date: string; name: string }[] {
  const hit = holidayCache.get(year);
  if (hit) return hit;
  const easter = easterSunday(year);
  const kingsDay = weekday(`${year}-04-27`) === 0 ? `${year}-04-26` : `${year}-04-27`;
  const list = [
    { date: `${year}-01-01`, name: "New Year's Day" },
    { date: addDays(easter, -2), name: 'Good Friday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: kingsDay, name: "King's Day" },
    { date: `${year}-05-05`, name: 'Liberation Day' },
    { date: addDays(easter, 39), name: 'Ascension Day' },
    { date: addDays(easter, 50), name: 'Whit Monday' },
    { date: `${year}-12-25`, name: 'Christmas Day' },
    { date: `${year}-12-26`, name: 'Boxing Day' },
  ].sort((x, y) => x.date.localeCompare(y.date));
  holidayCache.set(year, list);
  return list;
}

/** Whether a day is a Saturday, Sunday or Dutch public holiday. */
export function isNonWorkingDay(date: string): boolean {
  const day = weekday(date);
  if (day === 0 || day === 6) return true;
  return dutchPublicHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
}

/** The day itself when it is a working day, else the next working day (a deadline that falls on a
 * weekend or holiday moves on). */
export function nextWorkingDay(date: string): string {
  let d = date;
  while (isNonWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/** A legal period of `days` days counted from the day after `start` (a local date): its last day,
 * moved to the next working day when it is not one. Delivered Monday 2 March 2026 with 14 days →
 * Monday 16 March 2026. */
export function statutoryDeadlineDate(start: string, days: number): string {
  return nextWorkingDay(addDays(start, days));
}
