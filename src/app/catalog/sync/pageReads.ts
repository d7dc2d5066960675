import type { SyncResource } from '../../../db/schema/connections.js';
import type { AppContext } from '../../kernel/context.js';
import { ShopError, type ShopListQuery, type ShopPage, type ShopPlatformAdapter } from '../connections/port.js';
import type { Turns } from './pagePipeline.js';
import { type ClaimedRun, touchRun } from './syncRuns.js';

const ATTEMPTS = 6;
const RETRY_BASE_MS = 1_000;
/** No wait between tries is longer than this, whatever the platform asks: the run stays alive. */
const LONGEST_WAIT_MS = 60_000;
const NOT_READY_FIRST_WAIT_MS = 1_000;
const NOT_READY_LONGEST_WAIT_MS = 30_000;
/** Within the sync job's life (it expires after six hours). */
const NOT_READY_FOR_MS = 4 * 3600_000;

export interface ReadOptions {
  attempts?: number;
  retryBaseMs?: number;
  notReadyWaitMs?: number;
  notReadyForMs?: number;
}

/**
 * The run's reading of pages, which stops as soon as the run gives up (a page failed to write):
 * a read waiting to try again stops waiting and tries no more, and the stamp it may be writing is
 * waited for, so nothing of the run is written after `runSync` returns.
 */
export class Reading {
  stopped = false;
  #stop: () => void = () => {};
  readonly #stopping = new Promise<void>((resolve) => {
    this.#stop = resolve;
  });
  #stamping: Promise<unknown> = Promise.resolve();

  stop(): void {
    this.stopped = true;
    this.#stop();
  }

  /** Waits `ms`, or until the reading stops. */
  async pause(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([new Promise((resolve) => (timer = setTimeout(resolve, ms))), this.#stopping]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** A write of the run's row by the reading (its "still alive" stamp), waited for by `quiet`. */
  stamp(write: Promise<void>): Promise<void> {
    this.#stamping = write.catch(() => {});
    return write;
  }

  /** Waits until the reading writes nothing more. */
  async quiet(): Promise<void> {
    await this.#stamping;
  }
}

/**
 * The waits while a platform prepares what a run reads (a bulk export takes minutes, for a large
 * shop hours): growing from the first to the longest, the run written after each ask so it shows
 * alive. When the platform is still not ready after the longest time a run waits, the run fails
 * with its cursor kept: the next backfill asks on from there.
 */
export function notReadyWaits(platform: string, options: ReadOptions) {
  const first = options.notReadyWaitMs ?? NOT_READY_FIRST_WAIT_MS;
  const longest = Math.max(first, NOT_READY_LONGEST_WAIT_MS);
  const budget = options.notReadyForMs ?? NOT_READY_FOR_MS;
  let since: number | null = null;
  let waited = 0;
  return {
    reset() {
      since = null;
      waited = 0;
    },
    async next() {
      since ??= Date.now();
      if (Date.now() - since >= budget) {
        const minutes = Math.round(budget / 60_000);
        throw new ShopError(
          'transient',
          'SHOP_NOT_READY',
          `${platform} did not have the data ready after ${minutes} minutes; the next backfill goes on from where this one is`,
        );
      }
      const wait = Math.min(longest, first * 2 ** waited++);
      await new Promise((resolve) => setTimeout(resolve, wait));
    },
  };
}

export function listPage(adapter: ShopPlatformAdapter, resource: SyncResource, query: ShopListQuery): Promise<ShopPage<unknown>> {
  if (resource === 'products') return (adapter.listProducts as NonNullable<typeof adapter.listProducts>)(query);
  return adapter.listOrders(query);
}

/** One page from the platform, waiting out transient errors (as long as it asks, within bounds).
 * A read the run no longer wants (it stopped) tries no more. */
export async function pageWithRetries<T>(
  ctx: AppContext,
  w: { run: ClaimedRun; turns: Turns; options: ReadOptions },
  reading: Reading,
  read: () => Promise<ShopPage<T>>,
): Promise<ShopPage<T>> {
  const attempts = w.options.attempts ?? ATTEMPTS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof ShopError) || err.kind !== 'transient' || attempt >= attempts || reading.stopped) throw err;
      const backoff = (w.options.retryBaseMs ?? RETRY_BASE_MS) * 2 ** (attempt - 1);
      const wait = Math.min(LONGEST_WAIT_MS, Math.max(err.details.retryAfterMs ?? 0, backoff));
      await reading.stamp(stillAlive(ctx, w));
      await reading.pause(wait);
      if (reading.stopped) throw err;
    }
  }
}

/** The run's "still alive" stamp between tries of a page. The turn is taken inside the
 * transaction, as a page takes it: taken before, it could wait for a connection (PGlite's only
 * one) held by a page that waits for the turn. */
async function stillAlive(ctx: AppContext, w: { run: ClaimedRun; turns: Turns }): Promise<void> {
  const turn = { release: () => {} };
  try {
    await ctx.db.transaction().execute(async (tx) => {
      turn.release = await w.turns.take();
      await touchRun(tx, w.run, ctx.now());
    });
  } finally {
    turn.release();
  }
}
