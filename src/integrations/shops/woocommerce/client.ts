import { type ShopCredentials, ShopError } from '../../../app/catalog/connections/port.js';
import type { ApiResponse } from '../../http.js';
import { shopFetch } from '../http.js';

export type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** WooCommerce's largest page (`per_page` is capped at 100). */
export const MAX_PAGE = 100;

type Query = Record<string, string | number | boolean | undefined>;

/** The site's address: the stored `shop` is the site URL, with or without its scheme. */
export function siteUrl(credentials: ShopCredentials): string {
  const site = credentials.baseUrl ?? (/^https?:\/\//i.test(credentials.shop) ? credentials.shop : `https://${credentials.shop}`);
  return site.replace(/\/+$/, '');
}

/**
 * WooCommerce's REST API v3 under the site's `/wp-json/wc/v3`, with HTTP Basic `ck:cs` (its
 * documented way over HTTPS). Its error envelope `{code, message, data{status, params}}` becomes
 * a ShopError carrying WooCommerce's code and the field it blamed.
 */
export class WooClient {
  readonly site: string;
  private readonly base: string;
  private readonly auth: string;
  /** Over plain HTTP WooCommerce wants OAuth 1.0a signatures, and Basic would send the keys in clear. */
  private readonly plainHttp: boolean;

  constructor(credentials: ShopCredentials) {
    this.site = siteUrl(credentials);
    this.plainHttp = !credentials.baseUrl && this.site.toLowerCase().startsWith('http://');
    this.base = `${this.site}/wp-json/wc/v3`;
    this.auth = `Basic ${Buffer.from(`${credentials.apiKey}:${credentials.apiSecret ?? ''}`).toString('base64')}`;
  }

  /** A JSON call; answers other than 2xx become ShopErrors. */
  async json(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<ApiResponse> {
    if (this.plainHttp) {
      throw new ShopError(
        'rejected',
        'SHOP_HTTPS_REQUIRED',
        "WooCommerce takes REST keys over HTTPS only: give the site's https:// address",
        {
          field: 'shop',
        },
      );
    }
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    const headers: Record<string, string> = { authorization: this.auth, accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    // A refund's gateway failure comes as a 500 with WooCommerce's code: read it rather than guess.
    const res = await shopFetch(
      'woocommerce',
      url.toString(),
      { method, headers, body },
      { answerServerErrors: method !== 'GET' },
    );
    if (res.status >= 200 && res.status < 300) return res;
    throw refusal(res);
  }
}

/** Codes WooCommerce answers with a 5xx when it decided, not when it broke: nothing was stored. */
const DEFINITE_SERVER_REFUSALS = new Set(['woocommerce_rest_cannot_create_order_refund']);

/** A ShopError from WooCommerce's error envelope. */
export function refusal(res: ApiResponse): ShopError {
  const body = isObject(res.body) ? res.body : {};
  const code = typeof body.code === 'string' ? body.code : `woocommerce_http_${res.status}`;
  const message = typeof body.message === 'string' ? body.message : `WooCommerce answered ${res.status}`;
  const data = isObject(body.data) ? body.data : {};
  const params = isObject(data.params) ? Object.keys(data.params) : [];
  const details = { status: res.status, field: params[0] ?? null };
  if (res.status >= 500 && !DEFINITE_SERVER_REFUSALS.has(code)) return new ShopError('transient', code, message, details);
  return new ShopError('rejected', code, message, details);
}

export function badAnswer(what: string): ShopError {
  return new ShopError('transient', 'SHOP_BAD_ANSWER', `WooCommerce answered without ${what}`);
}

/** WooCommerce's `*_gmt` dates have no zone; they are UTC. */
export function gmt(value: unknown, fallback: unknown = null): string | null {
  const text = typeof value === 'string' && value !== '' ? value : typeof fallback === 'string' ? fallback : null;
  if (!text) return null;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/** A date for `modified_after` with `dates_are_gmt=true`: ISO 8601 without a zone. */
export const gmtParam = (at: Date) => at.toISOString().slice(0, 19);

export const str = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

/** Where a listing stands: the next page and the filter it was started with. */
export interface WooCursor {
  page: number;
  modifiedAfter: string | null;
}

export function readCursor(cursor: string | null, updatedSince: Date | null | undefined): WooCursor {
  if (cursor) {
    try {
      const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<WooCursor>;
      if (typeof parsed.page === 'number' && parsed.page >= 1) {
        return { page: parsed.page, modifiedAfter: typeof parsed.modifiedAfter === 'string' ? parsed.modifiedAfter : null };
      }
    } catch {
      // Not one of ours: start again from the first page, which re-reads but never skips.
    }
  }
  return { page: 1, modifiedAfter: updatedSince ? gmtParam(updatedSince) : null };
}

export const writeCursor = (c: WooCursor) => Buffer.from(JSON.stringify(c), 'utf8').toString('base64url');

/**
 * A listing's page in id order (a change during the listing moves nothing from one page to
 * another, unlike ordering by modification), and whether there is a next one: from
 * `X-WP-TotalPages`, else the `Link` header's rel="next", else a full page.
 */
export async function listPage(
  client: WooClient,
  path: string,
  cursor: WooCursor,
  perPage: number,
  extra: Query = {},
): Promise<{ items: Json[]; next: string | null; total: number | null }> {
  const query: Query = { ...extra, page: cursor.page, per_page: perPage, orderby: 'id', order: 'asc' };
  if (cursor.modifiedAfter) Object.assign(query, { modified_after: cursor.modifiedAfter, dates_are_gmt: true });
  const res = await client.json('GET', path, { query });
  if (!Array.isArray(res.body)) throw badAnswer('a list');
  const items = res.body.filter(isObject);
  const totalHeader = res.headers.get('x-wp-total');
  const pagesHeader = res.headers.get('x-wp-totalpages');
  const link = res.headers.get('link') ?? '';
  const more =
    pagesHeader !== null ? cursor.page < Number(pagesHeader) : link ? /rel="?next"?/.test(link) : items.length >= perPage;
  return {
    items,
    next: more && items.length > 0 ? writeCursor({ ...cursor, page: cursor.page + 1 }) : null,
    total: totalHeader !== null && Number.isFinite(Number(totalHeader)) ? Number(totalHeader) : null,
  };
}
