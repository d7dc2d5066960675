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

export async function api<T>(
  method: 'GET' | 'POST',
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
  const res = await fetch(`/api/v1${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (!res.ok)
    throw new ApiError((await res.json().catch(() => null)) ?? { status: res.status, code: 'NETWORK', title: res.statusText });
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
    refund: number;
    storeCredit: number;
  };
  lines: LineVerdict[];
}
export interface CreatedReturn {
  returnId: string;
  number: string;
  status: string;
  withdrawal: { declaredAt: string } | null;
}
