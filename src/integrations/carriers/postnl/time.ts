/**
 * PostNL writes times without a zone, in Dutch local time, and in more than one layout: status
 * timestamps as "07-11-2022 19:10:28" (day first), `updatedshipments` creation dates as
 * "11/07/2022 00:00:00" (month first), and periods as ISO "2022-12-25T10:00:00". These helpers read
 * all of them as Europe/Amsterdam and write what its requests expect.
 */

const ZONE = 'Europe/Amsterdam';

const zoneParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The wall clock in Amsterdam at an instant. */
function wallClock(at: Date): { y: string; m: string; d: string; h: string; mi: string; s: string } {
  const p = Object.fromEntries(zoneParts.formatToParts(at).map((x) => [x.type, x.value]));
  return { y: p.year ?? '', m: p.month ?? '', d: p.day ?? '', h: p.hour ?? '', mi: p.minute ?? '', s: p.second ?? '' };
}

/** Amsterdam's offset from UTC (ms) at an instant: +1 h in winter, +2 h in summer. */
function offsetAt(at: Date): number {
  const w = wallClock(at);
  return Date.UTC(+w.y, +w.m - 1, +w.d, +w.h, +w.mi, +w.s) - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant an Amsterdam wall-clock time stands for. */
export function fromAmsterdam(y: number, m: number, d: number, h: number, mi: number, s: number): Date {
  const asUtc = Date.UTC(y, m - 1, d, h, mi, s);
  const first = asUtc - offsetAt(new Date(asUtc));
  // Near a clock change the offset at the first guess can differ from the one at the answer.
  return new Date(asUtc - offsetAt(new Date(first)));
}

const DAY_FIRST = /^(\d{1,2})-(\d{1,2})-(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const MONTH_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const ISO_LOCAL = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?$/;

/** A PostNL timestamp as an instant; null when it is none of the layouts PostNL uses. */
export function parsePostNLTime(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  let m = DAY_FIRST.exec(text);
  if (m) return fromAmsterdam(+m[3]!, +m[2]!, +m[1]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  m = MONTH_FIRST.exec(text);
  if (m) return fromAmsterdam(+m[3]!, +m[1]!, +m[2]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  m = ISO_LOCAL.exec(text);
  if (m) return fromAmsterdam(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +(m[6] ?? 0));
  // With a zone or offset it says which instant it is.
  if (/^\d{4}-\d{2}-\d{2}T.*(?:Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const at = new Date(text);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  return null;
}

/** "dd-MM-yyyy HH:mm:ss" in Amsterdam time: the layout of `MessageTimeStamp` and collection times. */
export function toPostNLTime(at: Date): string {
  const w = wallClock(at);
  return `${w.d}-${w.m}-${w.y} ${w.h}:${w.mi}:${w.s}`;
}

/** "yyyy-MM-ddTHH:mm:ss" in Amsterdam time: the layout of `updatedshipments` periods. */
export function toPostNLPeriod(at: Date): string {
  const w = wallClock(at);
  return `${w.y}-${w.m}-${w.d}T${w.h}:${w.mi}:${w.s}`;
}
