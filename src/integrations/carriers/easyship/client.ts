import { type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { type CarrierResponse, carrierFetch } from '../http.js';

const API = 'https://public-api.easyship.com';
/** The API version every path is under. */
export const VERSION = '/2024-09';

/** Easyship's error envelope `{error: {type, code, message, details, request_id}}`. */
interface EasyshipErrorBody {
  type?: string;
  code?: string;
  message?: string;
  details?: unknown[];
}

/**
 * Easyship's public API over HTTP: a Bearer token, JSON bodies, and its error envelope read into
 * CarrierErrors that name the field a detail blames. The token only ever travels in the header,
 * and only to Easyship's API host.
 */
export class EasyshipClient {
  readonly base: string;

  constructor(private readonly credentials: CarrierCredentials) {
    this.base = (credentials.baseUrl ?? API).replace(/\/+$/, '');
  }

  /** A JSON call to `VERSION + path`; answers other than 2xx become CarrierErrors. */
  async call(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.credentials.apiKey}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await carrierFetch('easyship', `${this.base}${VERSION}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status < 200 || res.status >= 300) throw toCarrierError(res);
    if (res.body === null || typeof res.body !== 'object' || Array.isArray(res.body))
      throw new CarrierError(
        'transient',
        'CARRIER_BAD_ANSWER',
        `easyship answered ${method} ${path} without a JSON object`,
        res.status,
      );
    return res.body as Record<string, unknown>;
  }

  /** Downloads a document (a label URL): the token goes along only to Easyship's own host. */
  async download(url: string): Promise<Buffer> {
    const target = new URL(url, this.base);
    const sameHost = target.origin === new URL(this.base).origin;
    const res = await carrierFetch('easyship', target.toString(), {
      method: 'GET',
      headers: sameHost ? { authorization: `Bearer ${this.credentials.apiKey}` } : {},
    });
    if (res.status !== 200) throw toCarrierError(res);
    return res.bytes;
  }
}

/** The field a detail blames: `{field|path|parameter}` objects, or strings that start with one
 * ("origin_address.postal_code is missing"). */
function fieldOf(details: unknown[]): string | null {
  for (const d of details) {
    if (d && typeof d === 'object') {
      const f =
        (d as Record<string, unknown>).field ?? (d as Record<string, unknown>).path ?? (d as Record<string, unknown>).parameter;
      if (typeof f === 'string' && f) return f;
    }
    if (typeof d === 'string') {
      const m = /^([a-z_][\w.[\]]*)\s/i.exec(d);
      if (m?.[1]?.includes('_') || m?.[1]?.includes('.')) return m[1];
    }
  }
  return null;
}

/** A 4xx Easyship answer: rejected, with its message, details and the field they name. */
export function toCarrierError(res: CarrierResponse): CarrierError {
  const error = ((res.body as { error?: EasyshipErrorBody } | null)?.error ?? {}) as EasyshipErrorBody;
  const details = Array.isArray(error.details) ? error.details : [];
  const said = [error.message, ...details.map((d) => (typeof d === 'string' ? d : (d as { message?: string })?.message))]
    .filter((m): m is string => typeof m === 'string' && m.length > 0)
    .join(' — ');
  const code = error.code ? `EASYSHIP_${error.code.toUpperCase()}` : 'CARRIER_REJECTED';
  return new CarrierError(
    'rejected',
    code,
    said || `easyship refused the request (${res.status})`,
    res.status,
    null,
    fieldOf(details),
  );
}
