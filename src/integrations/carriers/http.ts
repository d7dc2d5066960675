import { CarrierError } from '../../app/logistics/carriers/port.js';

/** How long one carrier call may take before it counts as no answer. */
const TIMEOUT_MS = 15_000;
/** The largest answer read: a label PDF or a page of tracking is far smaller; a host sending more
 * is not a carrier Retour should keep in memory. */
export const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

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
 * an error message; a redirect of a call with headers is not followed (it would take the auth
 * headers to another host),
 * and an answer over MAX_ANSWER_BYTES is cut off as a bad answer.
 */
export async function carrierFetch(
  carrier: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
): Promise<CarrierResponse> {
  let res: Response;
  try {
    // A call without headers (a signed file link) carries nothing to leak and may be redirected.
    const redirect = Object.keys(init.headers).length === 0 ? 'follow' : 'manual';
    res = await fetch(url, { ...init, redirect, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw unreachable(carrier, err);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw new CarrierError(
      'rejected',
      'CARRIER_REDIRECTED',
      `${carrier} answered with a redirect (${res.status}), which Retour does not follow: check the API address`,
      res.status,
    );
  }
  const bytes = await readCapped(carrier, res);
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

function unreachable(carrier: string, err: unknown): CarrierError {
  const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
  return new CarrierError('transient', 'CARRIER_UNREACHABLE', `${carrier} ${reason}`);
}

/** The answer's bytes, read only up to MAX_ANSWER_BYTES (a Content-Length over it is refused unread). */
async function readCapped(carrier: string, res: Response): Promise<Buffer> {
  const tooLarge = () =>
    new CarrierError('transient', 'CARRIER_BAD_ANSWER', `${carrier} sent an answer over ${MAX_ANSWER_BYTES} bytes`, res.status);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    if (err instanceof CarrierError) throw err;
    throw unreachable(carrier, err);
  }
  return Buffer.concat(chunks, size);
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
