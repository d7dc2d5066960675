import type { Reason } from '../../../src/http/routes/admin/reasons/schema.js';
import type { OrderDetail } from '../../../src/http/routes/catalog/orders/schema.js';
import type { UploadedPhoto } from '../../../src/http/routes/returns/backoffice/schema.js';
import type { RequestedReturn } from '../../../src/http/routes/returns/returns/schema.js';
import type {
  ExchangeChoice,
  ExchangeOptions,
  OrderToken,
  PickupSlots,
  PortalShop,
  PricedShopperEvaluation,
  ShopperEvaluation,
  ShopperReturn,
} from '../../../src/http/routes/returns/shopper/schema.js';

/** The shopper API as the portal uses it: JSON in, JSON or an RFC 9457 problem out. */

export interface Problem {
  status: number;
  code: string;
  title: string;
  errors?: { path: string; message: string; code?: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.title);
  }
}

let token: string | null = null;
export const setToken = (t: string | null) => {
  token = t;
};
const authHeader = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

async function problemOf(res: Response): Promise<ApiError> {
  return new ApiError((await res.json().catch(() => null)) ?? { status: res.status, code: 'NETWORK', title: res.statusText });
}

/** Sends a photo as it is (the API takes the image itself as the body). */
export async function uploadPhoto(file: Blob): Promise<UploadedPhoto> {
  const res = await fetch('/api/v1/shopper/photos', {
    method: 'POST',
    headers: { 'content-type': file.type, 'idempotency-key': crypto.randomUUID(), ...authHeader() },
    body: file,
  });
  if (!res.ok) throw await problemOf(res);
  return (await res.json()) as UploadedPhoto;
}

/** A file the shopper's token may see, as an object URL for an <img> (the token travels in a
 * header, never in a URL). The caller revokes it. */
export async function objectUrl(path: string): Promise<string> {
  const res = await fetch(`/api/v1${path}`, { headers: authHeader() });
  if (!res.ok) throw await problemOf(res);
  return URL.createObjectURL(await res.blob());
}

const DEVICE_KEY = 'retour.device';

/** A random id for this browser, kept in localStorage, sent on order lookups and return requests:
 * the shop sees (as a keyed hash, never as sent) when one device looks up many orders or asks returns
 * for several accounts. No id when storage is off: the request goes without. */
function deviceId(): string | null {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return null;
  }
}

/** The calls the device id goes with. */
const SEEN_PATHS = new Set(['/shopper/lookup', '/shopper/returns']);

function deviceHeader(): Record<string, string> {
  const id = deviceId();
  return id ? { 'x-retour-device': id } : {};
}

export async function api<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await fetch(`/api/v1${path}`, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(method === 'POST' && SEEN_PATHS.has(path) ? deviceHeader() : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError((data as Problem | null) ?? { status: res.status, code: 'NETWORK', title: res.statusText });
  return data as T;
}

/** Fetches a file with the shopper's token and hands it to the browser as a download. */
/** Saves a document the API answers with. `filename` may be made from the answer's content type,
 * where the route answers with more than one kind (a label as PDF or ZPL). */
export async function download(path: string, filename: string | ((contentType: string | null) => string)): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { headers: authHeader() });
  if (!res.ok) throw await problemOf(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = typeof filename === 'string' ? filename : filename(res.headers.get('content-type'));
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The answers of the shopper routes, typed by the schemas the server declares beside them. */
export type { ExchangeChoice, ExchangeOptions, OrderToken, PickupSlots, Reason, UploadedPhoto };
export type Order = OrderDetail;
export type OrderLine = Order['lines'][number];
export type Evaluation = ShopperEvaluation;
export type LineVerdict = Evaluation['lines'][number];
export type VerdictReason = Evaluation['reasons'][number];
export type PricedEvaluation = PricedShopperEvaluation;
export type CreatedReturn = RequestedReturn;
export type Shop = PortalShop;
export type Store = Shop['stores'][number];
export type Address = Store['address'];
export type ExchangeVariant = ExchangeOptions['sameProduct'][number];
export type PickupSlot = PickupSlots['slots'][number];
export type ReturnView = ShopperReturn;
