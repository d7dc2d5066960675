import { type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { type CarrierResponse, carrierFetch } from '../http.js';

const SHIPPO_URL = 'https://api.goshippo.com';
/** The API version the official SDK pins; the shapes this adapter reads are those of this version. */
const API_VERSION = '2018-02-08';

/** A JSON object as Shippo sends it; every field is read defensively (see `text`, `list`). */
export type ShippoObject = Record<string, unknown>;

export const isObject = (v: unknown): v is ShippoObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const text = (o: ShippoObject, key: string): string | null => {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;
};
export const list = (o: ShippoObject, key: string): ShippoObject[] => {
  const v = o[key];
  return Array.isArray(v) ? v.filter(isObject) : [];
};

export const badAnswer = (what: string) =>
  new CarrierError('transient', 'CARRIER_BAD_ANSWER', `shippo sent an answer Retour cannot read (${what})`);

/** Shippo's carrier-side messages (`messages[]{source, code, text}` on shipments and transactions). */
export function messagesOf(o: ShippoObject): string {
  return list(o, 'messages')
    .map((m) => [text(m, 'source'), text(m, 'text')].filter(Boolean).join(': '))
    .filter(Boolean)
    .join('; ');
}

/**
 * The first complaint in a Shippo error body and the field it names. Shippo's 4xx bodies are not
 * documented precisely, so all the shapes seen are read: `{detail}`, field → [messages] (nested for
 * addresses and parcels, e.g. `{address_to: {zip: ["…"]}}`), `{__all__: [...]}`, `{messages: [...]}`,
 * or a bare list of messages.
 */
export function complaintOf(body: unknown, path: string[] = []): { field: string | null; message: string } | null {
  if (typeof body === 'string') return { field: path.length ? path.join('.') : null, message: body };
  if (Array.isArray(body)) {
    for (const [i, item] of body.entries()) {
      const found = complaintOf(item, typeof item === 'string' || path.length === 0 ? path : [...path, String(i)]);
      if (found) return found;
    }
    return null;
  }
  if (!isObject(body)) return null;
  if (path.length === 0) {
    const detail = text(body, 'detail');
    if (detail) return { field: null, message: detail };
    const messages = messagesOf(body);
    if (messages) return { field: null, message: messages };
  }
  for (const [key, value] of Object.entries(body)) {
    if (key === 'detail' || key === 'messages' || key === 'status') continue;
    const found = complaintOf(value, key === '__all__' || key === 'non_field_errors' ? path : [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Authenticated JSON calls to Shippo's API, with its errors as CarrierErrors. */
export class ShippoClient {
  private readonly base: string;

  constructor(private readonly credentials: CarrierCredentials) {
    this.base = (credentials.baseUrl ?? SHIPPO_URL).replace(/\/+$/, '');
  }

  async get(path: string, query: Record<string, string | number | boolean> = {}): Promise<ShippoObject> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
    return this.call('GET', `${path}${qs ? `?${qs}` : ''}`);
  }

  async post(path: string, body: unknown): Promise<ShippoObject> {
    return this.call('POST', path, body);
  }

  /** A file Shippo links to (label, QR code, invoice). These live on a storage host with signed
   * URLs, so the API token is never sent along. */
  async download(url: string): Promise<Buffer> {
    const res = await carrierFetch('shippo', url, { method: 'GET', headers: {} }).catch((err: unknown) => {
      // A 403 here is an expired file link, not a refused API token.
      if (err instanceof CarrierError && err.code === 'CARRIER_AUTH_FAILED')
        throw new CarrierError('rejected', 'CARRIER_DOCUMENT_MISSING', "shippo's file link is no longer valid", err.status);
      throw err;
    });
    if (res.status !== 200)
      throw new CarrierError('rejected', 'CARRIER_DOCUMENT_MISSING', `shippo's file answered ${res.status}`, res.status);
    return res.bytes;
  }

  private async call(method: string, path: string, body?: unknown): Promise<ShippoObject> {
    const res = await carrierFetch('shippo', `${this.base}${path}`, {
      method,
      headers: {
        authorization: `ShippoToken ${this.credentials.apiKey}`,
        'shippo-api-version': API_VERSION,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 400) throw refusal(res);
    if (!isObject(res.body)) throw badAnswer(`${method} ${path.split('?')[0]} is not a JSON object`);
    return res.body;
  }
}

function refusal(res: CarrierResponse): CarrierError {
  const complaint = complaintOf(res.body);
  if (res.status === 404)
    return new CarrierError(
      'rejected',
      'CARRIER_NOT_FOUND',
      `shippo does not know it: ${complaint?.message ?? 'not found'}`,
      404,
    );
  const field = complaint?.field ?? null;
  const message = complaint ? `${field ? `${field}: ` : ''}${complaint.message}` : `answered ${res.status}`;
  return new CarrierError('rejected', 'CARRIER_REJECTED', `shippo refused: ${message}`, res.status, null, field);
}
