import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  json: unknown;
}

type Method = 'GET' | 'POST';

/** One HTTP call over a keep-alive agent; the body is read whole and parsed as JSON when it is JSON. */
function call(agent: Agent, base: URL, method: Method, path: string, body: unknown, headers: Record<string, string>) {
  const payload = body === undefined ? null : JSON.stringify(body);
  return new Promise<Answer & { setCookie: string[] }>((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        agent,
        headers: payload === null ? headers : { 'content-type': 'application/json', ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          let json: unknown = text;
          try {
            json = text ? JSON.parse(text) : null;
          } catch {
            // not JSON: kept as text for the error message
          }
          resolve({ status: res.statusCode ?? 0, json, setCookie: res.headers['set-cookie'] ?? [] });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload ?? undefined);
  });
}

/** Throws with the route and the answer when the status is not the one expected. */
export function expectStatus(answer: Answer, status: number, what: string): void {
  if (answer.status !== status) {
    throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.json).slice(0, 300)}`);
  }
}

export interface SoakHttp {
  /** HTTP calls answered so far, shoppers' and staff's. */
  calls(): number;
  /** A shopper's call: JSON in and out, with the portal token when there is one. */
  shopper(method: Method, path: string, body?: unknown, token?: string): Promise<Answer>;
  close(): void;
}

/** The calls a shopper's browser makes to one server, over at most `sockets` kept-alive connections. */
export function soakHttp(baseUrl: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const base = new URL(baseUrl);
  let answered = 0;
  const counted = async (method: Method, path: string, body: unknown, headers: Record<string, string>) => {
    const answer = await call(agent, base, method, path, body, headers);
    answered++;
    return answer;
  };
  return {
    counted,
    calls: () => answered,
    shopper: (method: Method, path: string, body?: unknown, token?: string) =>
      counted(method, path, body, token ? { authorization: `Bearer ${token}` } : {}),
    close: () => agent.destroy(),
  };
}

export interface StaffSession {
  get(path: string): Promise<Answer>;
  /** A write as the back office sends it: session cookie, CSRF token and a fresh idempotency key. */
  post(path: string, body: unknown): Promise<Answer>;
}

/** Signs a staff member in as the back office does and answers calls made in that session. */
export async function staffSession(http: ReturnType<typeof soakHttp>, email: string, password: string): Promise<StaffSession> {
  const login = await http.counted('POST', '/api/v1/auth/login', { email, password }, {});
  expectStatus(login, 200, `login ${email}`);
  const cookie = login.setCookie.map((c) => c.split(';')[0]).join('; ');
  const csrf = (login.json as { csrfToken: string }).csrfToken;
  return {
    get: (path) => http.counted('GET', path, undefined, { cookie }),
    post: (path, body) => http.counted('POST', path, body, { cookie, 'x-csrf-token': csrf, 'idempotency-key': randomUUID() }),
  };
}
