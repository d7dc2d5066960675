/** The staff API as the back office uses it: the session cookie travels by itself, writes carry
 * the CSRF token and an idempotency key, errors are RFC 9457 problems. */

export interface Problem {
  status: number;
  code: string;
  title: string;
  detail?: string;
  errors?: { path: string; message: string; code?: string }[];
}

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

let csrf: string | null = null;
export const setCsrf = (token: string | null) => {
  csrf = token;
};

/** Called when the session has ended (401): the app shows the sign-in form again. */
let onSignedOut: () => void = () => {};
export const whenSignedOut = (handler: () => void) => {
  onSignedOut = handler;
};

/** Called when the session may only enrol in two-factor sign-in (403 TWO_FACTOR_REQUIRED). */
let onTwoFactorRequired: () => void = () => {};
export const whenTwoFactorRequired = (handler: () => void) => {
  onTwoFactorRequired = handler;
};

async function send(method: string, path: string, body: BodyInit | undefined, headers: Record<string, string>) {
  const res = await fetch(`/api/v1${path}`, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(method !== 'GET' && csrf ? { 'x-csrf-token': csrf } : {}),
      ...(method === 'POST' ? { 'idempotency-key': crypto.randomUUID() } : {}),
      ...headers,
    },
    body,
  });
  if (res.status === 401 && path !== '/auth/login' && path !== '/auth/me') onSignedOut();
  if (res.status === 403) {
    // A rule made while signed in (two-factor for this role) holds the session to enrolment.
    const problem = (await res
      .clone()
      .json()
      .catch(() => null)) as Problem | null;
    if (problem?.code === 'TWO_FACTOR_REQUIRED') onTwoFactorRequired();
  }
  return res;
}

async function read<T>(res: Response): Promise<T> {
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  if (!res.ok) throw new ApiError((data as Problem | null) ?? { status: res.status, code: 'NETWORK', title: res.statusText });
  return data as T;
}

/** `headers` may carry an Idempotency-Key of the caller's own, for a write that must run once however
 * often it is sent (each POST gets a fresh key otherwise). */
export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const res = await send(
    method,
    path,
    body === undefined ? undefined : JSON.stringify(body),
    body === undefined ? headers : { 'content-type': 'application/json', ...headers },
  );
  return read<T>(res);
}

/** Sends an image as the request body (the API takes the file itself). */
export async function upload<T>(path: string, file: Blob): Promise<T> {
  return read<T>(await send('POST', path, file, { 'content-type': file.type }));
}

/** Query string from filters, leaving out empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The message to show for a failed call: the problem's detail and the fields at fault. */
export function problemText(err: unknown): string {
  if (err instanceof ApiError) {
    const fields = err.problem.errors?.map((e) => `${e.path}: ${e.message}`).join('; ');
    return [err.problem.detail ?? err.problem.title, fields].filter(Boolean).join(' — ');
  }
  return err instanceof Error ? err.message : String(err);
}
