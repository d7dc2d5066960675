import http from 'node:http';
import https from 'node:https';
import { guardedLookup, refuseLiteralTarget } from '../../kernel/egress.js';

/** Connections kept open to one receiving server at most: a slow receiver gets a bounded share,
 * and requests beyond it wait for a free connection (within their own deadline). */
export const SOCKETS_PER_ORIGIN = 8;
/** How long an idle connection is kept. Below the 5 s a Node.js server keeps one (and a receiver's
 * `Keep-Alive: timeout=` hint shortens it further), so Retour closes first rather than writing
 * into a connection the receiver is closing. */
const IDLE_MS = 4_000;
/** Receiving servers with a pool: past it, the one used longest ago is closed. */
const MAX_ORIGINS = 200;

/** What a receiver answered (`status`), or why there was no answer (`error`, shown to staff). */
export type PostOutcome = { status: number; error: null } | { status: null; error: string };

/**
 * One pool of keep-alive connections per receiving server (scheme, host and port), so a stream of
 * deliveries to an endpoint reuses its connections instead of opening (and for HTTPS, negotiating)
 * one per event. Certificates are checked as Node.js does by default.
 */
class OriginPools {
  private readonly agents = new Map<string, http.Agent>();

  agentFor(url: URL): http.Agent {
    const origin = url.origin;
    let agent = this.agents.get(origin);
    if (agent) {
      // Most recently used last: the first is the one to close when there are too many.
      this.agents.delete(origin);
    } else {
      // Each connection resolves through the guard: an endpoint's name that now points at a
      // private address is not called (DNS rebinding).
      const options = {
        keepAlive: true,
        maxSockets: SOCKETS_PER_ORIGIN,
        maxFreeSockets: SOCKETS_PER_ORIGIN,
        timeout: IDLE_MS,
        lookup: guardedLookup as never,
      };
      agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
      if (this.agents.size >= MAX_ORIGINS) {
        const [oldest] = this.agents;
        if (oldest) {
          this.agents.delete(oldest[0]);
          oldest[1].destroy();
        }
      }
    }
    this.agents.set(origin, agent);
    return agent;
  }

  /** Closes every kept connection (tests, and a process that stops). */
  closeAll(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

const pools = new OriginPools();

/** Closes the kept connections to every receiver. */
export function closeWebhookConnections(): void {
  pools.closeAll();
}

/** One request; `started` hands out the request so the caller's deadline can end it. */
function requestOnce(
  url: URL,
  headers: Record<string, string>,
  body: string,
  started: (req: http.ClientRequest) => void,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const req = client.request(
      url,
      {
        method: 'POST',
        agent: pools.agentFor(url),
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // Read (and drop) the answer so the connection goes back to the pool; its content is not
        // kept. An answer cut off after its status still counts as that status.
        res.resume();
        res.on('end', () => resolve(status));
        res.on('close', () => resolve(status));
        res.on('error', () => resolve(status));
      },
    );
    req.on('error', (err) => reject(Object.assign(err, { reusedSocket: req.reusedSocket })));
    started(req);
    req.end(body);
  });
}

/**
 * POSTs a body to a URL and answers its status. Redirects are not followed (a 3xx is the answer).
 * A request waits at most `waitMs` for a free connection of its receiver's pool (the requests ahead
 * of it each end within their own deadline), and from the moment it has one, connecting and the
 * answer must come within `timeoutMs`, else the request is ended. A kept connection that is reset
 * as it is used is tried once more on a fresh one, within the same deadline: most often the
 * receiver closed it idle just then and never read the request, but it may have read it (and acted
 * on it) before the reset, so the retry can deliver it twice. Delivery is at least once; a receiver
 * drops a repeat by its Retour-Delivery header.
 */
export async function postWebhook(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  waitMs = timeoutMs,
): Promise<PostOutcome> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: null, error: 'could not be reached' };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') return { status: null, error: 'could not be reached' };
  try {
    refuseLiteralTarget(target);
  } catch (err) {
    return { status: null, error: (err as Error).message };
  }
  let current: http.ClientRequest | null = null;
  /** Why the request was ended: it found no free connection, or no answer, in time. */
  let late: 'waiting' | 'answering' | null = null;
  let answerTimer: NodeJS.Timeout | null = null;
  // A request ended while it waits for a connection settles only once the pool hands it one: the
  // wait's end is told here instead.
  let waitedOut: () => void = () => undefined;
  const waited = new Promise<'waited'>((resolve) => {
    waitedOut = () => resolve('waited');
  });
  const end = (why: 'waiting' | 'answering') => {
    late = why;
    current?.destroy();
    if (why === 'waiting') waitedOut();
  };
  const waitTimer = setTimeout(() => end('waiting'), waitMs);
  const started = (req: http.ClientRequest) => {
    current = req;
    if (late) {
      req.destroy();
      return;
    }
    // The deadline runs from the first connection the pool gives: waiting behind the requests
    // ahead is bounded apart, so a busy receiver's queue does not eat a request's own time.
    req.once('socket', () => {
      if (answerTimer || late) return;
      clearTimeout(waitTimer);
      answerTimer = setTimeout(() => end('answering'), timeoutMs);
    });
  };
  const waitError = (): PostOutcome => ({ status: null, error: `no free connection to it within ${waitMs / 1000} s` });
  try {
    for (let tries = 1; ; tries++) {
      try {
        const sending = requestOnce(target, headers, body, started);
        sending.catch(() => undefined);
        const status = await Promise.race([sending, waited]);
        if (status === 'waited') return waitError();
        return { status, error: null };
      } catch (err) {
        // A reset on a reused connection: most often it was closed idle, but the request may have
        // reached the receiver; the one retry may deliver it a second time (at least once).
        const stale =
          (err as { reusedSocket?: boolean; code?: string }).reusedSocket && (err as { code?: string }).code === 'ECONNRESET';
        if (late === 'waiting') return waitError();
        if (late === 'answering') return { status: null, error: `no answer within ${timeoutMs / 1000} s` };
        if ((err as { code?: string }).code === 'URL_NOT_ALLOWED') return { status: null, error: (err as Error).message };
        if (!stale || tries > 1) return { status: null, error: 'could not be reached' };
      }
    }
  } finally {
    clearTimeout(waitTimer);
    if (answerTimer) clearTimeout(answerTimer);
  }
}
