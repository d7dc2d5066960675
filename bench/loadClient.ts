import { Agent, request } from 'node:http';

export interface LevelResult {
  concurrency: number;
  /** Operations that succeeded (only these are timed). */
  ops: number;
  failures: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  firstFailure: string | null;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Runs `op` from `concurrency` clients, each starting its next operation when the previous one
 * is answered, until `maxOps` operations have started or `maxMs` has passed (operations under
 * way then still finish and count). Every operation is timed; a thrown error is a failure. */
export async function runLevel(
  concurrency: number,
  limits: { maxOps: number; maxMs: number },
  op: (index: number) => Promise<void>,
): Promise<LevelResult> {
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = started + limits.maxMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < limits.maxOps && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await op(i);
          latencies.push(performance.now() - t0);
        } catch (err) {
          failures++;
          firstFailure ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    concurrency,
    ops: latencies.length,
    failures,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstFailure,
  };
}

/** A server's answer: its status and its body, parsed when it is JSON, as text otherwise. */
export interface Answer {
  status: number;
  json: unknown;
}

export type Method = 'GET' | 'POST';

/** One HTTP call over a keep-alive agent; the body is read whole and parsed as JSON when it is
 * JSON. Answers with the cookies the server set. */
export function callJson(
  agent: Agent,
  base: URL,
  method: Method,
  path: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<Answer & { setCookie: string[] }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: base.hostname,
        port: base.port,
        path,
        method,
        agent,
        headers:
          payload === undefined
            ? headers
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
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
    req.end(payload);
  });
}

/** A keep-alive JSON client for one server: one socket per concurrent client at most. */
export function jsonClient(baseUrl: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  return {
    post: (path: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> =>
      callJson(agent, url, 'POST', path, body, headers),
    close: () => agent.destroy(),
  };
}
