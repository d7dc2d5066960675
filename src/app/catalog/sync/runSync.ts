import type { SyncResource } from '../../../db/schema/connections.js';
import { RetourError } from '../../../domain/errors.js';
import type { SyncKind } from '../../../domain/shopPlatforms.js';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { ShopError, type ShopListQuery, type ShopPage, type ShopPlatformAdapter } from '../connections/port.js';
import { type PageCounts, PagesInFlight, RunFrontier, Turns } from './pagePipeline.js';
import type { SyncConnection } from './shopOrderRows.js';
import { loadSyncConnection } from './syncConnection.js';
import { type ClaimedRun, claimRun, RunTakenOver, recordSyncErrors, touchRun } from './syncRuns.js';
import { upsertShopOrdersIn } from './upsertShopOrders.js';
import { upsertShopProductsIn } from './upsertShopProducts.js';

export interface SyncRequest {
  kind: SyncKind;
  resource: Extract<SyncResource, 'orders' | 'products'>;
  startedBy: string | null;
}

export interface SyncProgress {
  runId: string;
  processed: number;
  total: number | null;
  /** The platform is preparing what the run reads (a bulk export): the run waits and asks again. */
  waiting: boolean;
}

export interface SyncOptions {
  /** Told after every page (the CLI's progress bar). */
  onProgress?: (progress: SyncProgress) => void;
  /** Tries of a page the platform answered with a transient error, before the run fails. */
  attempts?: number;
  /** The first wait between tries when the platform says none (doubling after). */
  retryBaseMs?: number;
  /** Orders or products asked per page. */
  pageSize?: number;
  /** The first wait before asking again a platform not ready yet (doubling after, up to 30 s). */
  notReadyWaitMs?: number;
  /** How long a run waits for a platform not ready before it fails (its cursor kept). */
  notReadyForMs?: number;
  /** Pages of a backfill of orders written at once, each on its own connection (1: one page after
   * the other, the next asked for only once this one is in). */
  pagesAtOnce?: number;
}

export type SyncOutcome =
  | { status: 'succeeded' | 'failed'; runId: string; processed: number; errors: number; resumed: boolean; error?: string }
  | { status: 'busy'; runId: string };

const ATTEMPTS = 6;
const RETRY_BASE_MS = 1_000;
/** No wait between tries is longer than this, whatever the platform asks: the run stays alive. */
const LONGEST_WAIT_MS = 60_000;
/** Orders or products a sync asks per page (an adapter may ask fewer where its platform caps them). */
export const SYNC_PAGE_SIZE = 250;
/** Pages of a backfill of orders written at once. While they are written the platform is asked for
 * the next one, so its answer time is hidden, and PostgreSQL's work on a page (a third of it
 * foreign-key checks and index entries, in one backend) spreads over several cores. */
export const PAGES_AT_ONCE = 3;
const NOT_READY_FIRST_WAIT_MS = 1_000;
const NOT_READY_LONGEST_WAIT_MS = 30_000;
/** Within the sync job's life (it expires after six hours). */
const NOT_READY_FOR_MS = 4 * 3600_000;

/**
 * Reads a connection's orders or products page by page and brings them in, each page committed
 * with the run's cursor: a run that stopped (a crash, the platform down) goes on from the page it
 * was at. Transient errors (throttling, 5xx) are waited out a few times; then, or on any other
 * platform error, the run fails with the platform's message (an error row, the connection's last
 * error, and an event staff are told of). One order that cannot come in is recorded and skipped.
 * A catch-up moves the connection's `synced_until` to its start only when it reads to the end.
 */
export async function runSync(
  ctx: AppContext,
  connectionId: string,
  request: SyncRequest,
  options: SyncOptions = {},
): Promise<SyncOutcome> {
  const handle = await ctx.shops.connection(connectionId);
  const connection = await loadSyncConnection(ctx.db, connectionId);
  if (!handle || !connection) {
    throw new RetourError('not_found', 'SHOP_CONNECTION_NOT_FOUND', 'No such shop connection is switched on');
  }
  if (request.resource === 'products' && !handle.adapter.listProducts) {
    throw new RetourError('invalid', 'PRODUCTS_NOT_SYNCED', `${handle.platform} does not own the shop's products`, [
      { path: 'resource', message: 'orders only' },
    ]);
  }
  const claim = await claimRun(ctx, connectionId, request);
  if ('busy' in claim) return { status: 'busy', runId: claim.busy.id };
  const run = claim.run;
  // Catch-ups and products keep one page at a time: what they bring is told of one by one, in order.
  const atOnce =
    request.kind === 'backfill' && request.resource === 'orders' ? Math.max(1, options.pagesAtOnce ?? PAGES_AT_ONCE) : 1;
  const writes = new PagesInFlight(atOnce);
  const pages: PageWriter = { ctx, connection, run, turns: new Turns(), frontier: new RunFrontier(run), options, errors: 0 };
  const reading = { stopped: false };
  try {
    await readAndWrite(handle.adapter, pages, writes, reading, atOnce);
    return { status: 'succeeded', runId: run.id, processed: run.processed, errors: pages.errors, resumed: run.resumed };
  } catch (err) {
    // Nothing of this run is written after it returns: pages still being written finish (each
    // moving the cursor as far as every page before it is in) and a page still asked for is dropped.
    reading.stopped = true;
    await writes.settle();
    // Another process took the run over (this one went quiet too long): it goes on from the cursor.
    if (err instanceof RunTakenOver) return { status: 'busy', runId: run.id };
    if (!(err instanceof ShopError)) throw err;
    await failRun(ctx, connection, run, err);
    return {
      status: 'failed',
      runId: run.id,
      processed: run.processed,
      errors: pages.errors,
      resumed: run.resumed,
      error: err.message,
    };
  }
}

/** Reads the run's pages from its cursor to the end and writes them, `atOnce` at a time. */
async function readAndWrite(
  adapter: ShopPlatformAdapter,
  pages: PageWriter,
  writes: PagesInFlight,
  reading: { stopped: boolean },
  atOnce: number,
): Promise<void> {
  const { run, connection, options } = pages;
  const waits = notReadyWaits(connection.platform, options);
  const read = (cursor: string | null) => {
    const query: ShopListQuery = {
      cursor,
      updatedSince: run.updatedSince,
      pageSize: options.pageSize ?? SYNC_PAGE_SIZE,
      acknowledgeNew: connection.settings.acknowledgeOrders === true,
    };
    return pageWithRetries(pages.ctx, pages, reading, () => listPage(adapter, run.resource, query));
  };
  let asked = read(run.cursor);
  for (let seq = 0; ; seq++) {
    const page = await asked;
    // Only a page without a next one ends the run. An empty page with one is the platform saying
    // it is not ready (Shopify's bulk export still running): the run keeps the cursor and asks again.
    const done = page.next === null;
    const waiting = !done && page.items.length === 0;
    if (atOnce > 1 && !done && !waiting) {
      // The next page is asked for while this one is written; its failure is met when awaited.
      asked = read(page.next);
      asked.catch(() => {});
      waits.reset();
      await writes.room();
      if (writes.failed) await writes.drain();
      const pageSeq = seq;
      writes.start(() => writePage(pages, pageSeq, page, false));
      continue;
    }
    // The last page, a wait, or one page at a time: every page before this one is in first.
    await writes.drain();
    await writePage(pages, seq, page, done);
    if (done) return;
    if (waiting) await waits.next();
    else waits.reset();
    asked = read(run.cursor);
  }
}

/** What the pages of one run share while they are written. */
interface PageWriter {
  ctx: AppContext;
  connection: SyncConnection;
  run: ClaimedRun;
  /** Writes of the run's row, one at a time. */
  turns: Turns;
  frontier: RunFrontier;
  options: SyncOptions;
  /** Orders or products refused so far. */
  errors: number;
}

/** Writes page `seq` in its own transaction with the run's cursor, as far as `RunFrontier` lets it
 * move; the last page also ends the run. */
async function writePage(w: PageWriter, seq: number, page: ShopPage<unknown>, done: boolean): Promise<void> {
  const counts: PageCounts = { next: page.next, total: page.total, processed: page.items.length, errors: 0 };
  const turn = { release: () => {} };
  try {
    const moved = await inUnit(w.ctx, { actor: systemActor }, async (unit) => {
      counts.errors = await bringIn(unit, w.connection, w.run, page);
      // The turn is held from the run's row written to the commit, so the next page to write it
      // sees this one's stamp. The page's own rows are written before, beside the other pages.
      turn.release = await w.turns.take();
      const moved = await w.frontier.moveIn(unit.tx, seq, counts, unit.now);
      if (done) await finishRun(unit, w.connection, moved.run);
      return moved;
    });
    w.frontier.committed(seq, counts, moved);
    w.errors += counts.errors;
  } finally {
    turn.release();
  }
  const waiting = !done && page.items.length === 0;
  w.options.onProgress?.({ runId: w.run.id, processed: w.run.processed, total: page.total, waiting });
}

/**
 * The waits while a platform prepares what a run reads (a bulk export takes minutes, for a large
 * shop hours): growing from the first to the longest, the run written after each ask so it shows
 * alive. When the platform is still not ready after the longest time a run waits, the run fails
 * with its cursor kept: the next backfill asks on from there.
 */
function notReadyWaits(platform: string, options: SyncOptions) {
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

function listPage(adapter: ShopPlatformAdapter, resource: SyncResource, query: ShopListQuery): Promise<ShopPage<unknown>> {
  if (resource === 'products') return (adapter.listProducts as NonNullable<typeof adapter.listProducts>)(query);
  return adapter.listOrders(query);
}

/** One page from the platform, waiting out transient errors (as long as it asks, within bounds).
 * A read the run no longer wants (it stopped) tries no more. */
async function pageWithRetries<T>(
  ctx: AppContext,
  w: PageWriter,
  reading: { stopped: boolean },
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
      // The turn is taken inside the transaction, as a page takes it: taken before, it could wait
      // for a connection (PGlite's only one) held by a page that waits for the turn.
      const turn = { release: () => {} };
      try {
        await ctx.db.transaction().execute(async (tx) => {
          turn.release = await w.turns.take();
          await touchRun(tx, w.run, ctx.now());
        });
      } finally {
        turn.release();
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

/** Writes a page's orders or products; what could not come in is recorded. Answers how many. */
async function bringIn(unit: Unit, connection: SyncConnection, run: ClaimedRun, page: ShopPage<unknown>): Promise<number> {
  const items = page.items as never[];
  const rejected =
    run.resource === 'products'
      ? (await upsertShopProductsIn(unit, connection, items)).rejected
      : (await upsertShopOrdersIn(unit, connection, items, { events: run.kind === 'backfill' ? 'page' : 'each' })).rejected;
  await recordSyncErrors(
    unit.tx,
    connection.id,
    run.id,
    rejected.map((r) => ({
      subject: run.resource === 'products' ? 'product' : 'order',
      externalId: r.externalId || null,
      code: r.code,
      message: r.message,
    })),
    unit.now,
  );
  return rejected.length;
}

/** The run read to the end: what changed up to its start is in. */
async function finishRun(unit: Unit, connection: SyncConnection, run: ClaimedRun): Promise<void> {
  const { tx, now } = unit;
  await tx
    .updateTable('shop_sync_runs')
    .set({ status: 'succeeded', finished_at: now, last_error: null })
    .where('id', '=', run.id)
    .execute();
  await tx
    .updateTable('shop_connections')
    .set((eb) => ({
      last_sync_at: now,
      last_error: null,
      last_error_at: null,
      // Products do not move the orders' cursor.
      synced_until:
        run.resource === 'orders'
          ? eb
              .case()
              .when('synced_until', 'is', null)
              .then(run.startedAt)
              .when('synced_until', '<', run.startedAt)
              .then(run.startedAt)
              .else(eb.ref('synced_until'))
              .end()
          : eb.ref('synced_until'),
    }))
    .where('id', '=', connection.id)
    .execute();
  unit.record({
    type: 'connection.sync_finished',
    subjectType: 'shop_connection',
    subjectId: connection.id,
    data: { runId: run.id, kind: run.kind, resource: run.resource, processed: run.processed, platform: connection.platform },
  });
}

/** The run stops on the platform's error; the next backfill goes on from its cursor. */
async function failRun(ctx: AppContext, connection: SyncConnection, run: ClaimedRun, err: ShopError): Promise<void> {
  await inUnit(ctx, { actor: systemActor }, async (unit) => {
    const { tx, now } = unit;
    const message = err.message.slice(0, 2000);
    await tx
      .updateTable('shop_sync_runs')
      .set({ status: 'failed', last_error: message, finished_at: now, updated_at: now })
      .where('id', '=', run.id)
      .where('status', '=', 'running')
      .execute();
    await tx
      .updateTable('shop_connections')
      .set({ last_error: message, last_error_at: now })
      .where('id', '=', connection.id)
      .execute();
    await recordSyncErrors(tx, connection.id, run.id, [{ subject: 'sync', externalId: null, code: err.code, message }], now);
    unit.record({
      type: 'connection.sync_failed',
      subjectType: 'shop_connection',
      subjectId: connection.id,
      data: {
        runId: run.id,
        kind: run.kind,
        resource: run.resource,
        error: message,
        code: err.code,
        platform: connection.platform,
        name: connection.name,
      },
    });
  });
}
