import { type ShopCredentials, ShopError } from '../../../app/catalog/connections/port.js';
import { shopFetch } from '../http.js';

/**
 * The Admin API version Retour speaks. 2026-01 is the first with refundCreate's `@idempotent`
 * key (required from 2026-04, so it is always sent) and takes return reasons as
 * `returnReasonDefinitionId`; a connection may pin a newer one (credentials.apiVersion).
 */
export const SHOPIFY_API_VERSION = '2026-01';

/** How often a throttled call waits for the cost bucket to refill before it gives up. */
const THROTTLE_RETRIES = 3;
/** The longest wait for the bucket within one call; a longer one is the caller's to schedule. */
const MAX_THROTTLE_WAIT_MS = 10_000;

interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

interface GraphqlAnswer {
  /** Set for a 429, whose body is not read: the wait its Retry-After asks for. */
  retryAfterMs?: number;
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string } }[] | string;
  extensions?: { cost?: { requestedQueryCost?: number; throttleStatus?: ThrottleStatus } };
}

export interface UserError {
  field?: string[] | null;
  message?: string;
  code?: string | null;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls to one shop's GraphQL Admin API. Shopify meters calls by query cost in a leaky bucket per
 * app and shop: a THROTTLED answer (an error with HTTP 200, or a 429) waits until the bucket holds
 * the query's cost again, computed from the restore rate, and tries again a few times before it
 * fails as transient with the wait still needed.
 */
export class ShopifyGraphql {
  readonly version: string;
  readonly endpoint: string;

  constructor(private readonly credentials: ShopCredentials) {
    this.version = credentials.apiVersion || SHOPIFY_API_VERSION;
    const base = (credentials.baseUrl ?? `https://${credentials.shop}`).replace(/\/+$/, '');
    this.endpoint = `${base}/admin/api/${this.version}/graphql.json`;
  }

  async request<T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.post(query, variables);
      const throttledMs = throttleWait(answer);
      if (throttledMs === null) return readData<T>(answer);
      if (attempt >= THROTTLE_RETRIES || throttledMs > MAX_THROTTLE_WAIT_MS) {
        throw new ShopError('transient', 'SHOP_THROTTLED', 'Shopify throttled the call (query cost over the bucket)', {
          status: 200,
          retryAfterMs: throttledMs,
        });
      }
      await wait(throttledMs);
    }
  }

  /** A mutation: its payload, or a rejected ShopError naming the field of the first userError. */
  async mutate<T extends object = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown>,
    payloadName: string,
  ): Promise<T> {
    const data = await this.request<Record<string, (T & { userErrors?: UserError[] }) | null>>(query, variables);
    const payload = data[payloadName];
    if (!payload) throw new ShopError('transient', 'SHOP_BAD_ANSWER', `Shopify sent no ${payloadName} payload`);
    const [first] = payload.userErrors ?? [];
    if (first) throw userErrorToShopError(first);
    return payload;
  }

  private async post(query: string, variables: Record<string, unknown>): Promise<GraphqlAnswer> {
    try {
      const res = await shopFetch('Shopify', this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-shopify-access-token': this.credentials.apiKey,
        },
        body: JSON.stringify({ query, variables }),
      });
      if (res.status >= 400) {
        throw new ShopError('rejected', 'SHOP_REQUEST_REFUSED', `Shopify refused the request (${res.status})`, {
          status: res.status,
        });
      }
      if (!res.body || typeof res.body !== 'object') {
        throw new ShopError('transient', 'SHOP_BAD_ANSWER', 'Shopify answered without JSON', { status: res.status });
      }
      return res.body as GraphqlAnswer;
    } catch (err) {
      // A 429 may come as the HTTP status instead of a THROTTLED error: both wait alike.
      if (err instanceof ShopError && err.details.status === 429) {
        const waitMs = err.details.retryAfterMs ?? 1000;
        return { errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }], retryAfterMs: waitMs };
      }
      throw err;
    }
  }
}

/** Null when the answer is not throttled; otherwise how long until the bucket holds the query's cost. */
function throttleWait(answer: GraphqlAnswer): number | null {
  const errors = Array.isArray(answer.errors) ? answer.errors : [];
  if (!errors.some((e) => e.extensions?.code === 'THROTTLED')) return null;
  if (answer.retryAfterMs !== undefined) return answer.retryAfterMs;
  const cost = answer.extensions?.cost;
  const status = cost?.throttleStatus;
  if (!status?.restoreRate) return 1000;
  const needed = Math.max(1, (cost?.requestedQueryCost ?? status.maximumAvailable) - status.currentlyAvailable);
  return Math.ceil((needed / status.restoreRate) * 1000);
}

function readData<T>(answer: GraphqlAnswer): T {
  if (typeof answer.errors === 'string') throw topLevelError(answer.errors, undefined);
  const [first] = answer.errors ?? [];
  if (first) throw topLevelError(first.message ?? 'GraphQL error', first.extensions?.code);
  if (!answer.data) throw new ShopError('transient', 'SHOP_BAD_ANSWER', 'Shopify answered without data');
  return answer.data as T;
}

function topLevelError(message: string, code: string | undefined): ShopError {
  if (code === 'ACCESS_DENIED') return new ShopError('auth', 'SHOP_ACCESS_DENIED', `Shopify: ${message}`);
  if (code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE' || code === 'TIMEOUT')
    return new ShopError('transient', 'SHOP_UNAVAILABLE', `Shopify: ${message}`);
  return new ShopError('rejected', `SHOP_${code ?? 'GRAPHQL_ERROR'}`, `Shopify: ${message}`);
}

/** A userError as a rejected ShopError; the field path is joined with dots (returnInput.orderId). */
export function userErrorToShopError(error: UserError): ShopError {
  const field = error.field?.length ? error.field.join('.') : null;
  return new ShopError('rejected', `SHOP_${error.code ?? 'INVALID'}`, `Shopify: ${error.message ?? 'refused'}`, {
    field,
  });
}
