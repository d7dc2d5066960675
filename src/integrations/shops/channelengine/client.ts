import { type ShopCredentials, ShopError } from '../../../app/catalog/connections/port.js';
import type { ApiResponse } from '../../http.js';
import { shopFetch } from '../http.js';

/** ChannelEngine's answer envelope: lists carry `content` with paging, commands only the status. */
export interface Envelope<T> {
  content?: T;
  count?: number;
  totalCount?: number;
  itemsPerPage?: number;
  statusCode?: number;
  success?: boolean;
  message?: string | null;
  validationErrors?: Record<string, string[]> | null;
}

/** One page of a listing, read from the envelope. */
export interface CePage<T> {
  items: T[];
  page: number;
  next: number | null;
  total: number | null;
}

/**
 * ChannelEngine's Merchant API over HTTP: `{shop}.channelengine.net/api`, the key in the `X-CE-KEY`
 * header (never the `apikey` query form: URLs end up in logs), JSON in its envelope. An envelope
 * with `success: false` (whatever the status) is a rejection naming the first field of its
 * validation errors; 401/403, 429 and 5xx are read by shopFetch.
 */
export class ChannelEngineClient {
  readonly base: string;

  constructor(private readonly credentials: ShopCredentials) {
    const root = credentials.baseUrl ?? `https://${encodeURIComponent(credentials.shop)}.channelengine.net`;
    this.base = `${root.replace(/\/+$/, '')}/api`;
  }

  /** A call; the envelope when ChannelEngine says it succeeded, a ShopError otherwise. */
  async call<T>(method: string, path: string, body?: unknown): Promise<Envelope<T>> {
    const headers: Record<string, string> = { 'X-CE-KEY': this.credentials.apiKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await shopFetch('channelengine', `${this.base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = readEnvelope<T>(res);
    if (res.status === 404 && !envelope?.validationErrors)
      throw new ShopError('rejected', 'CHANNELENGINE_NOT_FOUND', envelope?.message ?? `${path} was not found`, {
        status: 404,
      });
    if (res.status >= 400 || envelope?.success === false) throw rejection(res.status, envelope);
    if (!envelope)
      throw new ShopError('transient', 'CHANNELENGINE_BAD_ANSWER', `channelengine answered ${method} ${path} without JSON`, {
        status: res.status,
      });
    return envelope;
  }

  /** One page of a list (pages start at 1); `next` from totalCount, or from a full page where it is missing. */
  async page<T>(path: string, params: URLSearchParams, page: number): Promise<CePage<T>> {
    params.set('page', String(page));
    const envelope = await this.call<T[]>('GET', `${path}?${params.toString()}`);
    const items = Array.isArray(envelope.content) ? envelope.content : [];
    const perPage = envelope.itemsPerPage ?? null;
    const total = typeof envelope.totalCount === 'number' ? envelope.totalCount : null;
    let more: boolean;
    if (total !== null && perPage) more = page * perPage < total;
    else more = perPage !== null ? items.length >= perPage && items.length > 0 : false;
    return { items, page, next: more ? page + 1 : null, total };
  }
}

function readEnvelope<T>(res: ApiResponse): Envelope<T> | null {
  return res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? (res.body as Envelope<T>) : null;
}

/** A refusal: its message and validation errors, naming the first field they blame. */
function rejection(status: number, envelope: Envelope<unknown> | null): ShopError {
  const errors = Object.entries(envelope?.validationErrors ?? {});
  const field = errors[0]?.[0] ?? null;
  const detail = errors.map(([f, m]) => `${f}: ${(m ?? []).join(', ')}`).join('; ');
  const message = [envelope?.message, detail].filter(Boolean).join(' — ') || `channelengine refused the request (${status})`;
  const code = field ? 'CHANNELENGINE_INVALID' : 'CHANNELENGINE_REJECTED';
  return new ShopError('rejected', code, message, { status, field });
}
