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
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError((data as Problem | null) ?? { status: res.status, code: 'NETWORK', title: res.statusText });
  return data as T;
}

/** Fetches a file with the shopper's token and hands it to the browser as a download. */
export async function download(path: string, filename: string): Promise<void> {
  const res = await fetch(`/api/v1${path}`, { headers: authHeader() });
  if (!res.ok) throw await problemOf(res);
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export interface OrderLine {
  id: string;
  sku: string;
  title: string;
  quantity: number;
  paidAmount: number;
  options: Record<string, string>;
  deliveredAt: string | null;
}
export interface Order {
  id: string;
  orderNumber: string;
  currency: string;
  lines: OrderLine[];
}
export interface Reason {
  code: string;
  parentCode: string | null;
  labels: Record<string, string>;
  requiresPhoto: boolean;
  /** A reason that reports a defect: claims under the legal guarantee are filed under it. */
  defect?: boolean;
}
export interface VerdictReason {
  code: string;
  severity: string;
  message: string;
}
export interface LineVerdict {
  orderLineId: string;
  returnableQuantity: number;
  eligible: boolean;
  flow: 'return' | 'warranty';
  withinStatutoryPeriod: boolean;
  statutoryDeadline: string | null;
  /** The last day a defect can be reported under the legal guarantee. */
  guaranteeEnds: string | null;
  deadline: string | null;
  resolutions: string[];
  methods: string[];
  value: number;
  restockingFee: number;
  bonus: Record<string, number>;
  keepItem: boolean;
  photoRequired: boolean;
  reasons: VerdictReason[];
}
export interface Evaluation {
  locale: string;
  currency: string;
  eligible: boolean;
  methods: { method: string; fee: number; waived: boolean }[];
  reasons: VerdictReason[];
  totals: {
    value: number;
    restockingFees: number;
    returnShippingFee: number;
    bonus: number;
    /** The standard delivery cost that comes back with the return (whole order withdrawn). */
    deliveryRefund: number;
    /** What the settlement pays, delivery cost included. */
    refund: number;
    storeCredit: number;
  };
  lines: LineVerdict[];
}
export interface ExchangeChoice {
  orderLineId: string;
  variantId: string;
  title: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** What the returned units are worth towards the new item, and the exchange bonus on top. */
  returnedValue: number;
  bonus: number;
  /** New units − returned value − bonus: what the exchange order will ask (or give back). */
  difference: number;
}
export interface PricedEvaluation extends Evaluation {
  exchanges: ExchangeChoice[];
  exchangeDifference: number;
  /** The policy's exchange bonus taken off the difference. */
  exchangeBonus: number;
}
export interface CreatedReturn {
  returnId: string;
  number: string;
  status: string;
  withdrawal: { declaredAt: string } | null;
  statusToken: string | null;
}
export interface UploadedPhoto {
  id: string;
  width: number;
  height: number;
  bytes: number;
}
export interface Address {
  name?: string;
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
  country: string;
}
export interface Store {
  id: string;
  name: string;
  address: Address;
  openingHours: string | null;
}
export interface Shop {
  name: string;
  logoUrl: string | null;
  brandColor: string | null;
  supportEmail: string | null;
  defaultLocale: string;
  locales: string[];
  timezone: string;
  returnAddress: Address | null;
  stores: Store[];
}
export interface ExchangeVariant {
  variantId: string;
  productTitle: string;
  title: string;
  sku: string;
  options: Record<string, string>;
  unitPrice: number;
  available: number;
}
export interface ExchangeOptions {
  orderLineId: string;
  paidPerUnit: number;
  sameProduct: ExchangeVariant[];
  otherProducts: { productId: string; title: string; variants: ExchangeVariant[] }[];
}
export interface PickupSlot {
  start: string;
  end: string;
}
export interface ReturnView {
  id: string;
  number: string;
  status: string;
  method: string | null;
  currency: string;
  shipBy: string | null;
  pickupSlot: PickupSlot | null;
  withdrawalDeclaredAt: string | null;
  timeZone: string;
  statusToken: string;
  feedbackGiven: boolean;
  next: { code: string; by: string | null };
  store: Store | null;
  order: { id: string; orderNumber: string };
  lines: {
    id: string;
    sku: string;
    title: string;
    quantity: number;
    requestedResolution: string;
    /** What staff granted, when it differs from the request (e.g. a repair became a replacement). */
    grantedResolution: string | null;
    acceptance: string;
    exchange: { title: string | null; sku: string | null } | null;
  }[];
  timeline: { id: string; type: string; occurredAt: string }[];
  onHold: boolean;
  /** The shopper's dispute of a deduction waits for the shop. */
  disputeOpen: boolean;
  settlements: {
    id: string;
    kind: string;
    status: string;
    amount: number;
    currency: string;
    reference: string | null;
    breakdown: Record<string, unknown> | null;
    createdAt: string;
    succeededAt: string | null;
  }[];
  /** Messages the shop's staff sent about this return. */
  notes: { id: string; body: string; createdAt: string }[];
  /** What the shop sends instead of money. */
  exchangeOrders: {
    id: string;
    number: string;
    status: 'awaiting_payment' | 'reserved' | 'ready' | 'shipped' | 'cancelled';
    instant: boolean;
    priceDifference: number;
    payment: { status: string; url: string | null };
    returnBy: string | null;
    overdue: { action: string; chargeAmount: number | null; chargeUrl: string | null } | null;
    shipment: { trackingNumber: string | null; carrier: string | null; shippedAt: string | null };
    lines: { returnLineId: string; title: string; sku: string; quantity: number }[];
  }[];
  /** Repairs under the legal guarantee. */
  repairs?: {
    id: string;
    returnLineId: string;
    status: 'awaiting_item' | 'in_repair' | 'shipped_back' | 'unrepairable' | 'cancelled';
    fallback: 'replacement' | 'refund' | null;
    trackingNumber: string | null;
  }[];
}
