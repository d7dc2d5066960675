import type { Worker } from 'node:cluster';

/** How many clients each limited route remembers at most (as @fastify/rate-limit's own store). */
const KEYS_PER_ROUTE = 5000;

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
type Callback = (err: Error | null, result?: { current: number; ttl: number }) => void;

const isCountAsked = (m: unknown): m is CountAsked =>
  typeof m === 'object' && m !== null && (m as CountAsked).retour === 'rate-limit' && typeof (m as CountAsked).key === 'string';
const isCountAnswered = (m: unknown): m is CountAnswered =>
  typeof m === 'object' &&
  m !== null &&
  (m as CountAnswered).retour === 'rate-limit' &&
  typeof (m as CountAnswered).current === 'number';

/**
 * The counts of the rate-limited routes (shopper lookup, staff login, …) when several server
 * processes share one port: kept by the primary, so a client meets the same limit whichever process
 * its connections land on, as with one process. Each process asks over its IPC channel (no database
 * statement on the shopper's path). A fixed window per client, like @fastify/rate-limit's own
 * store. Answers the listener to give each server process's messages to.
 */
export function rateLimitCounts(): (worker: Worker, message: unknown) => void {
  const routes = new Map<string, Map<string, { current: number; startedAt: number }>>();
  return (worker, message) => {
    if (!isCountAsked(message)) return;
    let counts = routes.get(message.route);
    if (!counts) {
      counts = new Map();
      routes.set(message.route, counts);
    }
    const now = Date.now();
    const seen = counts.get(message.key);
    const count =
      seen && seen.startedAt + message.timeWindow > now ? { ...seen, current: seen.current + 1 } : { current: 1, startedAt: now };
    // Most recent last: the client not seen for longest goes first when the route is full.
    counts.delete(message.key);
    counts.set(message.key, count);
    if (counts.size > KEYS_PER_ROUTE) counts.delete(counts.keys().next().value as string);
    const answer: CountAnswered = {
      retour: 'rate-limit',
      id: message.id,
      current: count.current,
      ttl: message.timeWindow - (now - count.startedAt),
    };
    if (worker.isConnected()) worker.send(answer);
  };
}

let nextId = 1;
const waiting = new Map<number, Callback>();
let listening = false;

function ask(route: string, key: string, timeWindow: number, cb: Callback): void {
  if (!process.send) {
    cb(new Error('the rate limit is shared by the primary process, and this process has none'));
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
  waiting.set(id, cb);
  const asked: CountAsked = { retour: 'rate-limit', id, route, key, timeWindow };
  process.send(asked, undefined, undefined, (err: Error | null) => {
    if (!err) return;
    waiting.delete(id);
    cb(err);
  });
}

/** A @fastify/rate-limit store (its `store` option) for a server process of several: each
 * route's counts are kept by the primary (see rateLimitCounts). */
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
