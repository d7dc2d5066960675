import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AppCaches } from '../app/kernel/context.js';
import { TimedValue } from '../app/kernel/timedValue.js';

/** The PostgreSQL notification channel on which processes say which cache they changed. */
const CHANNEL = 'retour_cache_changes';
/** Pause before listening again after the connection was lost. */
const RECONNECT_MS = 1_000;
/** How long a change waits to tell the others: past it, their copies live out their lifetime (a
 * few seconds) rather than the change's answer waiting on a stuck connection. */
const NOTIFY_TIMEOUT_MS = 2_000;

interface CacheChangesLog {
  warn(obj: object, msg: string): void;
}

/** Rejects after `ms` unless `work` settled first. */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Several processes on one PostgreSQL (the server processes of `retour serve`, `retour worker`,
 * a CLI command) each keep copies of the shop's settings and reference data. A process that changes
 * one drops its own copy and says so on a notification channel; every other process drops its copy
 * when it hears it, within milliseconds of the change rather than after the copy's lifetime.
 * `forget` waits (at most NOTIFY_TIMEOUT_MS) for PostgreSQL to take the NOTIFY; the listeners
 * handle it on their own event loops, so a request another process answers in the same instant may
 * still see the old copy. LISTEN needs a session of its own: behind a pooler in transaction mode
 * (PgBouncer) nothing is heard and the copies fall back to their lifetime. A lost connection is
 * opened again (announcements meanwhile are skipped, with a warning), and every copy is dropped
 * then (a change may have gone unheard). Answers how to stop.
 */
export async function shareCacheChanges(
  caches: AppCaches,
  databaseUrl: string,
  log: CacheChangesLog,
): Promise<() => Promise<void>> {
  const me = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const shared = Object.entries(caches).filter((e): e is [string, TimedValue<unknown>] => e[1] instanceof TimedValue);
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const dropAll = () => {
    for (const [, cache] of shared) cache.dropCopy();
  };
  const connect = async (): Promise<void> => {
    // Keep-alive: a connection silently dropped by a firewall is noticed, not listened on forever.
    const c = new pg.Client({ connectionString: databaseUrl, keepAlive: true });
    c.on('notification', (n) => {
      const [from, name] = (n.payload ?? '').split(' ');
      if (from !== me) for (const [key, cache] of shared) if (key === name) cache.dropCopy();
    });
    c.on('error', (err) => {
      if (stopped || client !== c) return;
      log.warn({ err }, 'lost the cache change channel; listening again');
      client = null;
      dropAll();
      void c.end().catch(() => undefined);
      retry = setTimeout(() => void connect().catch(reconnectLater), RECONNECT_MS);
      retry.unref();
    });
    try {
      await c.connect();
      await c.query(`listen ${CHANNEL}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    // Stopped while connecting: nobody would ever close this client.
    if (stopped) {
      await c.end().catch(() => undefined);
      return;
    }
    client = c;
    dropAll();
  };
  const reconnectLater = (err: unknown) => {
    if (stopped) return;
    log.warn({ err }, 'could not listen for cache changes; trying again');
    retry = setTimeout(() => void connect().catch(reconnectLater), RECONNECT_MS);
    retry.unref();
  };

  for (const [name, cache] of shared) {
    cache.announceForgetsWith(async () => {
      // The copies elsewhere then live out their lifetime: the change itself is committed.
      if (!client) {
        if (!stopped) log.warn({ cache: name }, 'the cache change channel is being opened again; the others were not told');
        return;
      }
      await within(client.query('select pg_notify($1, $2)', [CHANNEL, `${me} ${name}`]), NOTIFY_TIMEOUT_MS).catch(
        (err: unknown) => {
          log.warn({ err, cache: name }, 'could not tell the other processes of a cache change');
        },
      );
    });
  }
  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    for (const [, cache] of shared) cache.announceForgetsWith(null);
    await client?.end().catch(() => undefined);
    client = null;
  };
}
