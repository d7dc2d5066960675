import { CarrierError } from '../../app/logistics/carriers/port.js';

/** How long one carrier call may take before it counts as no answer. */
const TIMEOUT_MS = 15_000;

export interface CarrierResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON where the answer was JSON; otherwise null (see `bytes`). */
  body: unknown;
  /** The raw answer, for documents (PDF, ZPL, PNG). */
  bytes: Buffer;
}

/**
 * One HTTP call to a carrier, with a time-out. A network failure, a time-out, a 5xx, a 408 or a 429
 * becomes a transient CarrierError (with the carrier's Retry-After, in ms, where it sent one); other
 * answers are returned for the adapter to read. Credentials go in headers only, never in a URL or
 * an error message.
 */
export async function carrierFetch(
  carrier: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<CarrierResponse> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
    throw new CarrierError('transient', 'CARRIER_UNREACHABLE', `${carrier} ${reason}`);
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  let body: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json') || bytes[0] === 0x7b || bytes[0] === 0x5b) {
    try {
      body = bytes.length ? JSON.parse(bytes.toString('utf8')) : null;
    } catch {
      body = null;
    }
  }
  if (res.status === 429)
    throw new CarrierError('transient', 'CARRIER_RATE_LIMITED', `${carrier} asks to slow down`, 429, retryAfterMs(res.headers));
  if (res.status >= 500 || res.status === 408)
    throw new CarrierError(
      'transient',
      'CARRIER_UNAVAILABLE',
      `${carrier} answered ${res.status}`,
      res.status,
      retryAfterMs(res.headers),
    );
  if (res.status === 401 || res.status === 403)
    throw new CarrierError('rejected', 'CARRIER_AUTH_FAILED', `${carrier} refused the credentials (${res.status})`, res.status);
  return { status: res.status, headers: res.headers, body, bytes };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(headers: Headers): number | null {
  const value = headers.get('retry-after');
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Decimal string for minor units ("12.34"); carriers quote in currencies with two decimals. */
export const toDecimal = (amount: number) => (amount / 100).toFixed(2);
export const fromDecimal = (value: string | number) => Math.round(Number(value) * 100);

/** Splits "Keizersgracht 12a" into street and house number, for carriers that want them apart. */
export function splitHouseNumber(line1: string): { street: string; houseNumber: string } {
  const m = /^(.*?)[\s,]+(\d+\s*[A-Za-z]?(?:[-/]\s*\w+)?)$/.exec(line1.trim());
  return m?.[1] && m[2] ? { street: m[1], houseNumber: m[2].replace(/\s+/g, '') } : { street: line1.trim(), houseNumber: '' };
}
