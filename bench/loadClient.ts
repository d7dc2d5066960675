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

export interface JsonResponse {
  status: number;
  json: unknown;
}

/** A keep-alive JSON client for one server: one socket per concurrent client at most. */
export function jsonClient(baseUrl: string, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(baseUrl);
  return {
    post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
      const payload = JSON.stringify(body);
      return new Promise((resolve, reject) => {
        const req = request(
          {
            host: url.hostname,
            port: url.port,
            path,
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              text += c;
            });
            res.on('end', () => {
              try {
                resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : null });
              } catch {
                resolve({ status: res.statusCode ?? 0, json: text });
              }
            });
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(payload);
      });
    },
    close: () => agent.destroy(),
  };
}
