import type { OpeningHours, ServicePoint, ServicePointQuery } from '../../../app/logistics/carriers/port.js';
import { badAnswer, isObject, type SendcloudClient } from './client.js';

type Json = Record<string, unknown>;

const KINDS: Record<string, ServicePoint['kind']> = {
  servicepoint: 'service_point',
  locker: 'locker',
  post_office: 'post_office',
  carrier_depot: 'depot',
};

/** Drop-off points near an address, from v3's service point finder: one carrier's, or those of
 * every carrier the integration has enabled. */
export async function findServicePoints(client: SendcloudClient, query: ServicePointQuery): Promise<ServicePoint[]> {
  const answer = (
    await client.json('GET', '/api/v3/service-points', {
      query: {
        country_code: query.country.toUpperCase(),
        address_postal_code: query.postcode,
        address_house_number: query.houseNumber ?? undefined,
        ...(query.carrier ? { carrier_code: query.carrier } : { use_integration_carriers: 'true' }),
        radius: query.radiusMeters ? String(query.radiusMeters) : undefined,
        limit: query.limit ? String(query.limit) : undefined,
      },
    })
  ).body;
  const data = isObject(answer) ? answer.data : answer;
  const results = isObject(data) ? data.results : data;
  if (!Array.isArray(results)) throw badAnswer('a list of service points');
  return results.filter(isObject).map(readPoint);
}

function readPoint(point: Json): ServicePoint {
  const address = isObject(point.address) ? point.address : {};
  const position = isObject(point.position) ? point.position : {};
  const carrier = isObject(point.carrier) ? point.carrier.code : point.carrier;
  const street = [address.street ?? address.address_line_1, address.house_number].filter(Boolean).join(' ');
  const distance = Number(point.distance);
  return {
    id: String(point.id),
    carrier: String(carrier ?? ''),
    name: String(point.name ?? ''),
    kind: KINDS[String(point.general_shop_type)] ?? 'service_point',
    address: {
      line1: street,
      postcode: String(address.postal_code ?? ''),
      city: String(address.city ?? ''),
      country: String(address.country_code ?? ''),
    },
    latitude: coordinate(position.latitude ?? point.latitude),
    longitude: coordinate(position.longitude ?? point.longitude),
    distanceMeters: Number.isFinite(distance) && point.distance !== null ? Math.round(distance) : null,
    openingHours: openingHours(point.opening_times ?? point.formatted_opening_times),
  };
}

function coordinate(value: unknown): number | null {
  const n = Number(value);
  return value === null || value === undefined || !Number.isFinite(n) ? null : n;
}

/** Opening times keyed by weekday ("0" = Monday): v3 lists `{start, end}` periods, v2 strings like
 * "09:00 - 18:00"; both are read. */
export function openingHours(times: unknown): OpeningHours[] {
  if (!isObject(times)) return [];
  const hours: OpeningHours[] = [];
  for (const [key, periods] of Object.entries(times)) {
    const day = Number(key);
    if (!Number.isInteger(day) || day < 0 || day > 6 || !Array.isArray(periods)) continue;
    for (const period of periods) {
      if (isObject(period) && typeof period.start === 'string' && typeof period.end === 'string')
        hours.push({ day, open: period.start.slice(0, 5), close: period.end.slice(0, 5) });
      else if (typeof period === 'string') {
        const m = /(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})/.exec(period);
        if (m?.[1] && m[2]) hours.push({ day, open: m[1].padStart(5, '0'), close: m[2].padStart(5, '0') });
      }
    }
  }
  return hours.sort((a, b) => a.day - b.day || a.open.localeCompare(b.open));
}
