import { type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { type CarrierResponse, carrierFetch } from '../http.js';

const PANEL = 'https://panel.sendcloud.sc';

type Json = Record<string, unknown>;

export const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A field of a Sendcloud answer, or a CarrierError saying the answer is not what the API documents. */
export function badAnswer(what: string): CarrierError {
  return new CarrierError('transient', 'CARRIER_BAD_ANSWER', `sendcloud answered without ${what}`);
}

/** v3 answers come as the object itself or wrapped in `data`; both readings are taken. */
export function unwrap(body: unknown): Json {
  if (isObject(body) && isObject(body.data)) return body.data;
  if (isObject(body)) return body;
  throw badAnswer('a JSON object');
}

/**
 * Sendcloud's HTTP API: Basic auth with the integration's public and secret key, v3 for returns,
 * documents, service points, options and pickups, v2 where v3 has no counterpart (the account, a
 * QR code, a parcel of a multi-collo return). Its two error envelopes (v3 `errors[]`, v2 `error{}`)
 * become a CarrierError naming the field Sendcloud blamed.
 */
export class SendcloudClient {
  private readonly base: string;
  private readonly auth: string;

  constructor(credentials: CarrierCredentials) {
    this.base = (credentials.baseUrl ?? PANEL).replace(/\/+$/, '');
    const secret = credentials.apiSecret ?? '';
    this.auth = `Basic ${Buffer.from(`${credentials.apiKey}:${secret}`).toString('base64')}`;
  }

  /** The full address of a path on the API's host (no credentials in it). */
  url(path: string): string {
    return `${this.base}${path}`;
  }

  /** A JSON call; answers other than 2xx become CarrierErrors (`expect` lets a caller read some itself). */
  async json(
    method: string,
    path: string,
    options: { body?: unknown; query?: Record<string, string | string[] | undefined>; expect?: number[] } = {},
  ): Promise<CarrierResponse> {
    const res = await this.call(method, path, options.query, {
      accept: 'application/json',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    if ((res.status >= 200 && res.status < 300) || options.expect?.includes(res.status)) return res;
    throw refusal(res);
  }

  /** A document (PDF, ZPL, PNG) as bytes. */
  async document(path: string, accept: string, query?: Record<string, string | string[] | undefined>): Promise<Buffer> {
    const res = await this.call('GET', path, query, { accept });
    if (res.status < 200 || res.status >= 300) throw refusal(res);
    if (res.bytes.length === 0) throw badAnswer('the document');
    return res.bytes;
  }

  private call(
    method: string,
    path: string,
    query: Record<string, string | string[] | undefined> | undefined,
    options: { accept: string; body?: string },
  ): Promise<CarrierResponse> {
    const url = new URL(`${this.base}${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, one);
    }
    const headers: Record<string, string> = { authorization: this.auth, accept: options.accept };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return carrierFetch('sendcloud', url.toString(), { method, headers, body: options.body });
  }
}

/** A 4xx answer as the CarrierError it means, with Sendcloud's own message and the field it blamed. */
export function refusal(res: CarrierResponse): CarrierError {
  const body = res.body;
  if (isObject(body) && Array.isArray(body.errors) && isObject(body.errors[0])) {
    const first = body.errors[0];
    const source = isObject(first.source) ? first.source : {};
    const pointer =
      typeof source.pointer === 'string' ? source.pointer : typeof source.parameter === 'string' ? source.parameter : null;
    const field = pointer ? pointer.replace(/^\/+(data\/)?/, '').replace(/\//g, '.') || null : null;
    const message = String(first.detail ?? first.title ?? first.code ?? 'refused');
    return new CarrierError(
      'rejected',
      codeOf(res.status, String(first.code ?? '')),
      `sendcloud: ${message}`,
      res.status,
      null,
      field,
    );
  }
  if (isObject(body) && isObject(body.error)) {
    const message = String(body.error.message ?? 'refused');
    return new CarrierError('rejected', codeOf(res.status, ''), `sendcloud: ${message}`, res.status, null, v2Field(message));
  }
  return new CarrierError('rejected', codeOf(res.status, ''), `sendcloud refused the request (${res.status})`, res.status);
}

function codeOf(status: number, carrierCode: string): string {
  if (status === 404 || carrierCode === 'not_found') return 'CARRIER_NOT_FOUND';
  if (status === 409) return 'CARRIER_CONFLICT';
  return 'CARRIER_REJECTED';
}

/** v2 messages name the field first ("to_country: This field is required."). */
function v2Field(message: string): string | null {
  const m = /^([a-z_][a-z0-9_.]*):/i.exec(message);
  return m?.[1] ?? null;
}
