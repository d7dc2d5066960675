import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AppCaches } from '../app/kernel/context.js';
import { TimedValue } from '../app/kernel/timedValue.js';

/** The PostgreSQL notification channel on which processes say which cache they changed. */
const CHANNEL = 'retour_cache_changes';
/** Pause before listening again after the connection was lost. */
const RECONNECT_MS = 1_000;

interface CacheChangesLog {
  warn(obj: object, msg: string): void;
}

/**
 * Several processes on one PostgreSQL (the server processes of `retour serve`, `retour worker`,
 * a CLI command) each keep copies of the shop's settings and reference data. A process that changes
 * one drops its own copy and says so on a notification channel; every other process drops its copy
 * when it hears it, so a setting saved through one process is what the next request sees through
 * any other, not after the copy's lifetime. `forget` waits for the NOTIFY to be taken: PostgreSQL has
 * signalled every listener before the change is answered. A lost connection is opened again, and
 * every copy is dropped then (a change may have gone unheard meanwhile). Answers how to stop.
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
    const c = new pg.Client({ connectionString: databaseUrl });
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
    await c.connect();
    await c.query(`listen ${CHANNEL}`);
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
      await client?.query('select pg_notify($1, $2)', [CHANNEL, `${me} ${name}`]).catch((err: unknown) => {
        log.warn({ err, cache: name }, 'could not tell the other processes of a cache change');
      });
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
