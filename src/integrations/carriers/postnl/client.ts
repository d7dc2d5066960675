import { type CarrierCredentials, CarrierError } from '../../../app/logistics/carriers/port.js';
import { type CarrierResponse, carrierFetch } from '../http.js';
import { obj, str } from './read.js';

/** PostNL's production host; the sandbox is https://api-sandbox.postnl.nl (set as `baseUrl`). */
export const POSTNL_HOST = 'https://api.postnl.nl';

type Query = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/** What PostNL's error bodies hold, whichever of its envelopes it used. */
interface PostNLProblem {
  message: string;
  code: string | null;
}

/**
 * The first problem in a PostNL answer. Its services answer errors in several shapes:
 * `{Errors:[{Error, Code, Description}]}` (labelling), `{errors:[{ErrorMsg, ErrorNumber}]}`
 * (barcodes), `{Errors:[{ErrorCode, ErrorDescription}]}`, `{fault:{faultstring, detail:{errorcode}}}`
 * (the gateway), `{message, http_status_code}`, and per shipment `ResponseShipments[].Errors[{code,
 * description}]` inside a 200.
 */
export function postnlProblem(body: unknown): PostNLProblem | null {
  const root = obj(body);
  if (!root) return null;
  const fault = obj(root.fault);
  if (fault) return { message: str(fault.faultstring) ?? 'fault', code: str(obj(fault.detail)?.errorcode) };
  for (const key of ['Errors', 'errors', 'Error']) {
    const list = Array.isArray(root[key]) ? (root[key] as unknown[]) : obj(root[key]) ? [root[key]] : [];
    const first = obj(list[0]);
    if (!first) continue;
    const message =
      str(first.Description) ??
      str(first.description) ??
      str(first.ErrorMsg) ??
      str(first.ErrorDescription) ??
      str(first.Error) ??
      str(first.message) ??
      'error';
    return { message, code: str(first.Code) ?? str(first.code) ?? str(first.ErrorNumber) ?? str(first.ErrorCode) };
  }
  for (const shipment of Array.isArray(root.ResponseShipments) ? root.ResponseShipments : []) {
    const inner = postnlProblem({ Errors: obj(shipment)?.Errors });
    if (inner) return inner;
  }
  const message = str(root.message) ?? str(root.Message);
  return message ? { message, code: null } : null;
}

/** The element PostNL names in a message ("Check failed for element Shipments[0].Addresses[1].Zipcode"). */
export function blamedElement(message: string): string | null {
  const m = /\b((?:Shipments|Customer|Message|Address|Timeframe)(?:\[\d+\])?(?:\.[A-Za-z]+(?:\[\d+\])?)*)/.exec(message);
  return m?.[1]?.includes('.') ? m[1] : null;
}

export class PostNLClient {
  readonly host: string;

  constructor(private readonly credentials: CarrierCredentials) {
    this.host = (credentials.baseUrl ?? POSTNL_HOST).replace(/\/+$/, '');
  }

  get customerCode(): string {
    return this.need('customerCode');
  }

  get customerNumber(): string {
    return this.need('customerNumber');
  }

  get(path: string, query: Query = {}): Promise<CarrierResponse> {
    return this.call('GET', path, query);
  }

  post(path: string, body: unknown, query: Query = {}): Promise<CarrierResponse> {
    return this.call('POST', path, query, body);
  }

  delete(path: string): Promise<CarrierResponse> {
    return this.call('DELETE', path, {});
  }

  /** The JSON body of a 2xx answer; anything else becomes the CarrierError PostNL's body says. */
  async json(res: Promise<CarrierResponse>, blame: (element: string | null) => string | null = () => null): Promise<unknown> {
    const answer = await res;
    if (answer.status >= 200 && answer.status < 300) {
      if (answer.body === null) throw badAnswer('an answer that is not JSON');
      return answer.body;
    }
    throw this.refusal(answer, blame);
  }

  refusal(answer: CarrierResponse, blame: (element: string | null) => string | null = () => null): CarrierError {
    const problem = postnlProblem(answer.body);
    const message = problem ? `PostNL: ${problem.message}` : `PostNL answered ${answer.status}`;
    const element = problem ? blamedElement(problem.message) : null;
    const code = answer.status === 404 ? 'CARRIER_NOT_FOUND' : 'CARRIER_REJECTED';
    return new CarrierError('rejected', code, message, answer.status, null, blame(element) ?? element);
  }

  private async call(method: string, path: string, query: Query, body?: unknown): Promise<CarrierResponse> {
    const url = new URL(`${this.host}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value === null || value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(one));
    }
    const headers: Record<string, string> = { apikey: this.credentials.apiKey, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return carrierFetch('PostNL', url.toString(), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private need(field: 'customerCode' | 'customerNumber'): string {
    const value = this.credentials[field]?.trim();
    if (!value)
      throw new CarrierError('rejected', 'CARRIER_CREDENTIALS_INCOMPLETE', `PostNL needs the ${field}`, null, null, field);
    return value;
  }
}

/** An answer PostNL should not give: missing fields, not JSON. Asking again may help. */
export function badAnswer(what: string): CarrierError {
  return new CarrierError('transient', 'CARRIER_BAD_ANSWER', `PostNL gave ${what}`);
}
