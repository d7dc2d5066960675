import { type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { type CarrierResponse, carrierFetch } from '../http.js';

const API = 'https://api.shipstation.com';

/** One entry of ShipStation's error envelope `{request_id, errors: [...]}`. */
interface ShipStationErrorItem {
  error_source?: string;
  error_type?: string;
  error_code?: string;
  message?: string;
  field_name?: string;
}

/**
 * ShipStation API v2 over HTTP: the `API-Key` header, JSON bodies, and its error envelope read into
 * CarrierErrors that name the field ShipStation blamed. The key only ever travels in the header.
 */
export class ShipStationClient {
  readonly base: string;

  constructor(private readonly credentials: CarrierCredentials) {
    this.base = (credentials.baseUrl ?? API).replace(/\/+$/, '');
  }

  /** A JSON call; answers other than 2xx become CarrierErrors. Returns the parsed body. */
  async call(method: string, path: string, body?: unknown): Promise<unknown> {
    const res = await this.send(method, `${this.base}${path}`, body);
    if (res.status === 404) throw new CarrierError('rejected', 'CARRIER_NOT_FOUND', errorMessage(res) ?? 'not found', 404);
    if (res.status < 200 || res.status >= 300) throw toCarrierError(res);
    if (res.body === null || typeof res.body !== 'object')
      throw new CarrierError(
        'transient',
        'CARRIER_BAD_ANSWER',
        `shipstation answered ${method} ${path} without JSON`,
        res.status,
      );
    return res.body;
  }

  /** Like `call`, but a 404 is an answer (nothing found), not an error. */
  async find(path: string): Promise<unknown | null> {
    try {
      return await this.call('GET', path);
    } catch (err) {
      if (err instanceof CarrierError && err.code === 'CARRIER_NOT_FOUND') return null;
      throw err;
    }
  }

  /** Downloads a document. The key is sent only to ShipStation's own host, never to a file host. */
  async download(url: string): Promise<Buffer> {
    const sameHost = new URL(url, this.base).origin === new URL(this.base).origin;
    const res = await carrierFetch('shipstation', new URL(url, this.base).toString(), {
      method: 'GET',
      headers: sameHost ? { 'API-Key': this.credentials.apiKey } : {},
    });
    if (res.status !== 200) throw toCarrierError(res);
    return res.bytes;
  }

  private send(method: string, url: string, body?: unknown): Promise<CarrierResponse> {
    const headers: Record<string, string> = { 'API-Key': this.credentials.apiKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return carrierFetch('shipstation', url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }
}

function errorItems(res: CarrierResponse): ShipStationErrorItem[] {
  const errors = (res.body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors.filter((e): e is ShipStationErrorItem => !!e && typeof e === 'object') : [];
}

function errorMessage(res: CarrierResponse): string | null {
  const messages = errorItems(res)
    .map((e) => e.message)
    .filter((m): m is string => typeof m === 'string' && m.length > 0);
  return messages.length ? messages.join('; ') : null;
}

/** A 4xx ShipStation answer: rejected, with its message and the field it names. */
export function toCarrierError(res: CarrierResponse): CarrierError {
  const first = errorItems(res)[0];
  const message = errorMessage(res) ?? `shipstation refused the request (${res.status})`;
  const code = first?.error_code ? `SHIPSTATION_${first.error_code.toUpperCase()}` : 'CARRIER_REJECTED';
  return new CarrierError('rejected', code, message, res.status, null, first?.field_name ?? null);
}
