import { Agent, buildConnector } from 'undici';
import { guardedLookup, refuseLiteralTarget } from './egress.js';

/** Connects as undici does, but never to an address the process may not call (see
 * src/app/kernel/egress.ts): a name through the guarded lookup, a literal address (which sockets
 * connect to without a lookup) checked here. Redirects followed reconnect through it too. */
const connectDefault = buildConnector({ lookup: guardedLookup as never });

const guardedConnect: buildConnector.connector = (options, callback) => {
  try {
    refuseLiteralTarget(`${options.protocol}//${options.hostname.includes(':') ? `[${options.hostname}]` : options.hostname}`);
  } catch (err) {
    callback(err as Error, null);
    return;
  }
  connectDefault(options, callback);
};

/** The dispatcher of every `fetch` to an outside API whose address staff may have given. */
export const egressDispatcher = new Agent({ connect: guardedConnect });

/** `fetch` through the guarded dispatcher, for libraries that take a fetch of their own. */
export const guardedFetch = (url: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
  fetch(url, { ...init, dispatcher: egressDispatcher } as RequestInit);

/** Whether a failed fetch failed on that guard (the cause fetch wraps in its TypeError). */
export function refusedByEgress(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; depth++) {
    if (e.code === 'URL_NOT_ALLOWED') return true;
    e = e.cause as typeof e;
  }
  return false;
}
