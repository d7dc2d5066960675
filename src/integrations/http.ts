import { egressDispatcher, refusedByEgress } from '../app/kernel/egressDispatcher.js';

/** How long one call to an outside API may take before it counts as no answer. */
const TIMEOUT_MS = 15_000;
/** The largest answer read: a label PDF or a page of orders is far smaller; a host sending more
 * is not one Retour should keep in memory. */
export const MAX_ANSWER_BYTES = 10 * 1024 * 1024;

export interface ApiResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON where the answer was JSON; otherwise null (see `bytes`). */
  body: unknown;
  /** The raw answer, for documents (PDF, ZPL, PNG) and signatures over it. */
  bytes: Buffer;
}

/** What an adapter's calls fail with, made from what went wrong (its port's own error class). */
export type ApiFailure = (
  kind: 'transient' | 'rejected' | 'auth',
  code: 'UNREACHABLE' | 'URL_NOT_ALLOWED' | 'REDIRECTED' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'AUTH_FAILED' | 'BAD_ANSWER',
  message: string,
  status: number | null,
  retryAfterMs: number | null,
) => Error;

/**
 * One HTTP call to an outside API, with a time-out. A network failure, a time-out, a 5xx, a 408 or
 * a 429 fails as transient (with the Retry-After, in ms, where one was sent); 401 and 403 as auth;
 * other answers are returned for the adapter to read (5xx too with `answerServerErrors`). Credentials go in headers only, never in a
 * URL or an error message; a redirect of a call with headers is not followed (it would take the
 * auth headers to another host), and an answer over MAX_ANSWER_BYTES is cut off as a bad answer.
 */
export async function apiFetch(
  name: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  fail: ApiFailure,
  options: { answerServerErrors?: boolean } = {},
): Promise<ApiResponse> {
  let res: Response;
  try {
    // A call without headers (a signed file link) carries nothing to leak and may be redirected.
    const redirect = Object.keys(init.headers).length === 0 ? 'follow' : 'manual';
    // Through the guarded dispatcher: no call (nor a redirect followed) reaches a private address.
    res = await fetch(url, {
      ...init,
      redirect,
      signal: AbortSignal.timeout(TIMEOUT_MS),
      dispatcher: egressDispatcher,
    } as RequestInit);
  } catch (err) {
    throw unreachable(name, err, fail);
  }
  if (res.status >= 300 && res.status < 400) {
    await res.body?.cancel();
    throw fail(
      'rejected',
      'REDIRECTED',
      `${name} answered with a redirect (${res.status}), which Retour does not follow: check the API address`,
      res.status,
      null,
    );
  }
  const bytes = await readCapped(name, res, fail);
  let body: unknown = null;
  if ((res.headers.get('content-type') ?? '').includes('json') || bytes[0] === 0x7b || bytes[0] === 0x5b) {
    try {
      body = bytes.length ? JSON.parse(bytes.toString('utf8')) : null;
    } catch {
      body = null;
    }
  }
  if (res.status === 429) throw fail('transient', 'RATE_LIMITED', `${name} asks to slow down`, 429, retryAfterMs(res.headers));
  // Some APIs say in a 5xx body that they refused for good (WooCommerce's failed gateway refund):
  // the caller that asks for it reads such answers itself.
  if (options.answerServerErrors && res.status >= 500) return { status: res.status, headers: res.headers, body, bytes };
  if (res.status >= 500 || res.status === 408)
    throw fail('transient', 'UNAVAILABLE', `${name} answered ${res.status}`, res.status, retryAfterMs(res.headers));
  if (res.status === 401 || res.status === 403)
    throw fail('auth', 'AUTH_FAILED', `${name} refused the credentials (${res.status})`, res.status, null);
  return { status: res.status, headers: res.headers, body, bytes };
}

function unreachable(name: string, err: unknown, fail: ApiFailure): Error {
  if (refusedByEgress(err))
    return fail(
      'rejected',
      'URL_NOT_ALLOWED',
      `${name}'s address is a private one Retour does not call (RETOUR_ALLOW_PRIVATE_URLS)`,
      null,
      null,
    );
  const reason = (err as Error).name === 'TimeoutError' ? 'timed out' : 'could not be reached';
  return fail('transient', 'UNREACHABLE', `${name} ${reason}`, null, null);
}

/** The answer's bytes, read only up to MAX_ANSWER_BYTES (a Content-Length over it is refused unread). */
async function readCapped(name: string, res: Response, fail: ApiFailure): Promise<Buffer> {
  const tooLarge = () =>
    fail('transient', 'BAD_ANSWER', `${name} sent an answer over ${MAX_ANSWER_BYTES} bytes`, res.status, null);
  if (Number(res.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) {
    await res.body?.cancel();
    throw tooLarge();
  }
  if (!res.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body.getReader();
  let cut = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        cut = true;
        await reader.cancel();
        break;
      }
      chunks.push(Buffer.from(value));
    }
  } catch (err) {
    throw unreachable(name, err, fail);
  }
  if (cut) throw tooLarge();
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

/** Decimal string for minor units ("12.34"), for APIs that quote in currencies with two decimals. */
export const toDecimal = (amount: number) => (amount / 100).toFixed(2);
export const fromDecimal = (value: string | number) => Math.round(Number(value) * 100);
