import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a fake carrier saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  rawBody: Buffer;
  /** The body parsed as JSON, or null. */
  body: unknown;
}

/** What a route answers: JSON by default; `raw` for documents (PDF, ZPL, PNG). */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
  /** Close the connection without an answer (the work was done, the caller never hears of it). */
  drop?: boolean;
}

type Handler = (req: SeenRequest, params: Record<string, string>) => FakeAnswer | Promise<FakeAnswer>;

/** An answer to give instead of the real one, before the route runs (nothing is changed). */
export interface InjectedFailure {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Only requests whose path matches. */
  path?: RegExp;
}

/**
 * The HTTP part every fake carrier shares: a real server on a free local port, routes with
 * `:params`, a log of requests, and failures a test queues (a 429 with Retry-After, a 503) that
 * answer the next matching requests before the route runs. Each fake carrier adds its API's routes,
 * authentication and objects on top.
 */
export class FakeHttpServer {
  private server: Server | null = null;
  private readonly routes: { method: string; pattern: RegExp; keys: string[]; handler: Handler }[] = [];
  readonly seen: SeenRequest[] = [];
  readonly failures: InjectedFailure[] = [];
  /** Checks every request before its route; returns an answer to refuse it (bad credentials). */
  authenticate: (req: SeenRequest) => FakeAnswer | null = () => null;

  route(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp(
      `^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, key: string) => {
        keys.push(key);
        return '([^/]+)';
      })}$`,
    );
    this.routes.push({ method, pattern, keys, handler });
    return this;
  }

  /** Answers the next request (matching `path`, if given) with this failure instead. */
  failNext(failure: InjectedFailure, times = 1): void {
    for (let i = 0; i < times; i++) this.failures.push(failure);
  }

  get url(): string {
    if (!this.server) throw new Error('fake server not started');
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  requests(method: string, path: RegExp): SeenRequest[] {
    return this.seen.filter((r) => r.method === method && path.test(r.path));
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://fake');
    let body: unknown = null;
    try {
      body = rawBody.length ? JSON.parse(rawBody.toString('utf8')) : null;
    } catch {
      body = null;
    }
    const seen: SeenRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      rawBody,
      body,
    };
    this.seen.push(seen);
    let answer: FakeAnswer;
    try {
      answer = await this.answer(seen);
    } catch (err) {
      answer = { status: 500, body: { error: String(err) } };
    }
    if (answer.drop) {
      req.socket.destroy();
      return;
    }
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.raw) {
      res.writeHead(answer.status, { 'content-type': 'application/octet-stream', ...headers });
      res.end(answer.raw);
    } else {
      res.writeHead(answer.status, answer.body === undefined ? headers : { 'content-type': 'application/json', ...headers });
      res.end(answer.body === undefined ? undefined : JSON.stringify(answer.body));
    }
  }

  private async answer(seen: SeenRequest): Promise<FakeAnswer> {
    const failureAt = this.failures.findIndex((f) => !f.path || f.path.test(seen.path));
    if (failureAt >= 0) {
      const [failure] = this.failures.splice(failureAt, 1);
      if (failure) return { status: failure.status, body: failure.body ?? { error: 'injected' }, headers: failure.headers };
    }
    const refused = this.authenticate(seen);
    if (refused) return refused;
    for (const route of this.routes) {
      if (route.method !== seen.method) continue;
      const m = route.pattern.exec(seen.path);
      if (!m) continue;
      const params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(m[i + 1] ?? '')]));
      return route.handler(seen, params);
    }
    return { status: 404, body: { error: `no route ${seen.method} ${seen.path}` } };
  }
}
