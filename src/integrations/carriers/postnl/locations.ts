import type { OpeningHours, ServicePoint } from '../../../app/logistics/carriers/port.js';
import { badAnswer } from './client.js';
import { list, num, type Obj, obj, str } from './read.js';

const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** "08:00:00" or "8:00" as "08:00". */
function hhmm(value: string): string | null {
  const m = /^(\d{1,2}):(\d{2})/.exec(value.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}

/** One day's hours as PostNL writes them: `{string: "08:00-18:00"}`, a list of such strings (a
 * lunch break splits the day), `{From, To}` (the v2 nearest-location model), or a bare string. */
function dayHours(day: number, value: unknown): OpeningHours[] {
  const o = obj(value);
  if (o && (o.From !== undefined || o.To !== undefined)) {
    const open = hhmm(String(o.From ?? ''));
    const close = hhmm(String(o.To ?? ''));
    return open && close ? [{ day, open, close }] : [];
  }
  const raw = o ? o.string : value;
  const spans = (Array.isArray(raw) ? raw : [raw]).flatMap((s) => (typeof s === 'string' ? s.split(/[,;]/) : []));
  return spans.flatMap((span) => {
    const [from, to] = span.split('-');
    const open = from ? hhmm(from) : null;
    const close = to ? hhmm(to) : null;
    return open && close ? [{ day, open, close }] : [];
  });
}

export function openingHoursOf(value: unknown): OpeningHours[] {
  const week = obj(value);
  if (!week) return [];
  return DAYS.flatMap((name, day) => dayHours(day, week[name]));
}

/** A parcel locker (pakketautomaat): PostNL marks it with delivery option `PA`, or only by its name. */
function isLocker(location: Obj): boolean {
  const options = obj(location.DeliveryOptions)?.string ?? location.DeliveryOptions;
  const codes = (Array.isArray(options) ? options : [options]).filter((x): x is string => typeof x === 'string');
  return codes.includes('PA') || /pakketautomaat|parcel ?locker|automaat/i.test(str(location.Name) ?? '');
}

function servicePointOf(location: Obj): ServicePoint | null {
  const id = str(location.LocationCode);
  const address = obj(location.Address);
  if (!id || !address) return null;
  const number = [str(address.HouseNr), str(address.HouseNrExt)].filter(Boolean).join('');
  return {
    id,
    carrier: 'postnl',
    name: str(location.Name) ?? str(address.CompanyName) ?? 'PostNL',
    kind: isLocker(location) ? 'locker' : 'service_point',
    address: {
      line1: [str(address.Street), number].filter(Boolean).join(' '),
      postcode: str(address.Zipcode) ?? '',
      city: str(address.City) ?? '',
      country: str(address.Countrycode) ?? str(address.CountryCode) ?? '',
    },
    latitude: num(location.Latitude),
    longitude: num(location.Longitude),
    distanceMeters: num(location.Distance),
    openingHours: openingHoursOf(location.OpeningHours),
  };
}

/** The points of a `locations/nearest` answer: `{GetLocationsResult: {ResponseLocation: [...]}}`,
 * where one location may come as an object instead of a list. */
export function servicePointsOf(body: unknown): ServicePoint[] {
  const result = obj(obj(body)?.GetLocationsResult);
  if (!result) {
    if (obj(body)) return [];
    throw badAnswer('a locations answer that is not an object');
  }
  return list(result.ResponseLocation).flatMap((l) => servicePointOf(l) ?? []);
}
