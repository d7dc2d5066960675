import type { Worker } from 'node:cluster';

/** How many clients each limited route remembers at most (as @fastify/rate-limit's own store). */
const KEYS_PER_ROUTE = 5000;
/** How long a server process waits for the primary's count before it counts by itself. */
const ASK_TIMEOUT_MS = 2_000;

interface CountAsked {
  retour: 'rate-limit';
  id: number;
  route: string;
  key: string;
  timeWindow: number;
}
interface CountAnswered {
  retour: 'rate-limit';
  id: number;
  current: number;
  ttl: number;
}
type Count = { current: number; ttl: number };
type Callback = (err: Error | null, result?: Count) => void;

const isCountAsked = (m: unknown): m is CountAsked =>
  typeof m === 'object' && m !== null && (m as CountAsked).retour === 'rate-limit' && typeof (m as CountAsked).key === 'string';
const isCountAnswered = (m: unknown): m is CountAnswered =>
  typeof m === 'object' &&
  m !== null &&
  (m as CountAnswered).retour === 'rate-limit' &&
  typeof (m as CountAnswered).current === 'number';

/** Fixed-window counts per route and client, like @fastify/rate-limit's own store: a client's
 * window starts with its first request and its count restarts after `timeWindow`; each route
 * remembers at most `keysPerRoute` clients, forgetting the one not seen for longest. */
export class RateLimitCounter {
  private readonly routes = new Map<string, Map<string, { current: number; startedAt: number }>>();

  constructor(private readonly keysPerRoute = KEYS_PER_ROUTE) {}

  /** Counts one request of `key` on `route` at `now`: its count in the window and the ms left. */
  count(route: string, key: string, timeWindow: number, now = Date.now()): Count {
    let counts = this.routes.get(route);
    if (!counts) {
      counts = new Map();
      this.routes.set(route, counts);
    }
    const seen = counts.get(key);
    const count =
      seen && seen.startedAt + timeWindow > now ? { ...seen, current: seen.current + 1 } : { current: 1, startedAt: now };
    // Most recent last: the client not seen for longest goes first when the route is full.
    counts.delete(key);
    counts.set(key, count);
    if (counts.size > this.keysPerRoute) counts.delete(counts.keys().next().value as string);
    return { current: count.current, ttl: timeWindow - (now - count.startedAt) };
  }
}

/**
 * The counts of the rate-limited routes (shopper lookup, staff login, …) when several server
 * processes share one port: kept by the primary, so a client meets the same limit whichever process
 * its connections land on, as with one process. Each process asks over its IPC channel (no database
 * statement on the shopper's path). Answers the listener to give each server process's messages to.
 */
export function rateLimitCounts(counter = new RateLimitCounter()): (worker: Worker, message: unknown) => void {
  return (worker, message) => {
    if (!isCountAsked(message)) return;
    const { current, ttl } = counter.count(message.route, message.key, message.timeWindow);
    const answer: CountAnswered = { retour: 'rate-limit', id: message.id, current, ttl };
    if (worker.isConnected()) worker.send(answer);
  };
}

let nextId = 1;
const waiting = new Map<number, Callback>();
let listening = false;
/** Counts made here when the primary does not answer: a limit per process rather than none. */
const local = new RateLimitCounter();
let warned = false;

function countLocally(route: string, key: string, timeWindow: number, cb: Callback, why: string): void {
  if (!warned) {
    warned = true;
    console.warn(`Retour: ${why}; this process counts the rate limits by itself from now on when it must`);
  }
  cb(null, local.count(route, key, timeWindow));
}

function ask(route: string, key: string, timeWindow: number, cb: Callback): void {
  if (!process.send || !process.connected) {
    countLocally(route, key, timeWindow, cb, 'no primary process to count the rate limits');
    return;
  }
  if (!listening) {
    listening = true;
    process.on('message', (m: unknown) => {
      if (!isCountAnswered(m)) return;
      const done = waiting.get(m.id);
      waiting.delete(m.id);
      done?.(null, { current: m.current, ttl: m.ttl });
    });
  }
  const id = nextId++;
  // A primary that never answers (stuck, or not Retour's) must not hold the request forever.
  const timer = setTimeout(() => {
    if (!waiting.delete(id)) return;
    countLocally(route, key, timeWindow, cb, `the primary process did not count a rate limit within ${ASK_TIMEOUT_MS} ms`);
  }, ASK_TIMEOUT_MS);
  timer.unref();
  waiting.set(id, (err, result) => {
    clearTimeout(timer);
    cb(err, result);
  });
  const asked: CountAsked = { retour: 'rate-limit', id, route, key, timeWindow };
  process.send(asked, undefined, undefined, (err: Error | null) => {
    if (!err || !waiting.delete(id)) return;
    clearTimeout(timer);
    countLocally(route, key, timeWindow, cb, `could not ask the primary process to count a rate limit (${err.message})`);
  });
}

/** A @fastify/rate-limit store (its `store` option) for a server process of several: each
 * route's counts are kept by the primary (see rateLimitCounts); when it does not answer within
 * ASK_TIMEOUT_MS the process counts by itself, with a warning once. */
export class SharedRateLimitStore {
  constructor(
    _globalOptions: unknown,
    private readonly route = 'global',
  ) {}

  incr(key: string, cb: Callback, timeWindow: number): void {
    ask(this.route, key, timeWindow, cb);
  }

  child(routeOptions: { routeInfo?: { method?: string | string[]; url?: string } }): SharedRateLimitStore {
    const info = routeOptions.routeInfo;
    return new SharedRateLimitStore(null, `${[info?.method ?? ''].flat().join(',')} ${info?.url ?? ''}`);
  }
}
