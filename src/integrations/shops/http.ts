import { ShopError } from '../../app/catalog/connections/port.js';
import { type ApiResponse, apiFetch } from '../http.js';

export { fromDecimal, retryAfterMs, toDecimal } from '../http.js';

/**
 * One HTTP call to a shop platform (see apiFetch): a network failure, a time-out, a 5xx, a 408 or
 * a 429 becomes a transient ShopError (with Retry-After), 401 and 403 an auth one; other answers
 * are returned for the adapter to read (GraphQL's THROTTLED comes with 200 and is the adapter's).
 */
export function shopFetch(
  platform: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  options: { answerServerErrors?: boolean } = {},
): Promise<ApiResponse> {
  return apiFetch(
    platform,
    url,
    init,
    (kind, code, message, status, retryAfterMs) => new ShopError(kind, `SHOP_${code}`, message, { status, retryAfterMs }),
    options,
  );
}
