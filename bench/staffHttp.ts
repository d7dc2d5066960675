import { randomUUID } from 'node:crypto';
import { Agent } from 'node:http';
import { type Answer, callJson, type Method } from './loadClient.js';

/** Sends one call; answers with the cookies the server set. */
export type Send = (
  method: Method,
  path: string,
  body: unknown,
  headers: Record<string, string>,
) => Promise<Answer & { setCookie: string[] }>;

/** Throws with the route and the answer when the status is not the one expected. */
export function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
  }
}

/** A signed-in back-office session: the session cookie on every call, the CSRF token and a fresh
 * Idempotency-Key on every write, as the back office sends them. */
export interface StaffSession {
  get(path: string): Promise<Answer>;
  post(path: string, body: unknown): Promise<Answer>;
}

/** Signs a staff member in as the back office does and answers calls made in that session. */
export async function staffSession(send: Send, email: string, password: string): Promise<StaffSession> {
  const login = await send('POST', '/api/v1/auth/login', { email, password }, {});
  expectStatus(login, 200, `login ${email}`);
  const cookie = login.setCookie.map((c) => c.split(';')[0]).join('; ');
  const csrf = (login.json as { csrfToken: string }).csrfToken;
  return {
    get: (path) => send('GET', path, undefined, { cookie }),
    post: (path, body) => send('POST', path, body, { cookie, 'x-csrf-token': csrf, 'idempotency-key': randomUUID() }),
  };
}

/** Signs a staff member in at `baseUrl` over at most `connections` kept-alive sockets of its own. */
export async function staffSessionAt(
  baseUrl: string,
  connections: number,
  email: string,
  password: string,
): Promise<StaffSession & { close: () => void }> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(baseUrl);
  const session = await staffSession((...call) => callJson(agent, base, ...call), email, password);
  return { ...session, close: () => agent.destroy() };
}

/** What the receiving station shows of a return. */
export interface StationView {
  detail: { status: string; lines: { id: string; grade: string | null; disposition: string | null }[] };
  setup: { warehouseId: string | null };
}

/** What the receiving station loads for a return when it opens: the return and its inspection
 * setup, side by side; `label` names the return in an error. */
export async function loadStation(session: StaffSession, returnId: string, label: string): Promise<StationView> {
  const [detail, setup] = await Promise.all([
    loadReturn(session, returnId, label),
    session.get(`/api/v1/returns/${returnId}/inspection`),
  ]);
  expectStatus(setup, 200, `inspection of ${label}`);
  return { detail, setup: setup.json as StationView['setup'] };
}

/** What the station loads again after each step (received, graded): the return alone, as the
 * setup does not change with them. */
export async function loadReturn(session: StaffSession, returnId: string, label: string): Promise<StationView['detail']> {
  const detail = await session.get(`/api/v1/returns/${returnId}`);
  expectStatus(detail, 200, `return ${label}`);
  return detail.json as StationView['detail'];
}
