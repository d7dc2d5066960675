import type { SyncResource } from '../../../db/schema/connections.js';
import { RetourError } from '../../../domain/errors.js';
import type { SyncKind } from '../../../domain/shopPlatforms.js';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit, type Unit } from '../../kernel/transaction.js';
import { ShopError, type ShopListQuery, type ShopPage, type ShopPlatformAdapter } from '../connections/port.js';
import { type PageCounts, PagesInFlight, RunFrontier, Turns } from './pagePipeline.js';
import { listPage, notReadyWaits, pageWithRetries, Reading } from './pageReads.js';
import type { SyncConnection } from './shopOrderRows.js';
import { loadSyncConnection } from './syncConnection.js';
import { type ClaimedRun, claimRun, RunTakenOver, recordSyncErrors, recordSyncErrorsOnce } from './syncRuns.js';
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
  /** Pages of a backfill of orders written at once (see `ordersPerWrite`), each on its own
   * connection (1: one page after the other, the next asked for only once this one is in). */
  pagesAtOnce?: number;
  /** Orders written in one transaction: the platform's pages of orders are run together until they
   * hold at least this many (1: each page as it comes). */
  ordersPerWrite?: number;
  /** How long a write's pages are gathered at most (GROUP_READ_MS). */
  groupReadMs?: number;
  /** Told of a page's failure that is not the one the run stops with (by default a warning on
   * stderr): pages written beside the one that failed first may fail too. */
  onDroppedError?: (error: unknown) => void;
}

export type SyncOutcome =
  | { status: 'succeeded' | 'failed'; runId: string; processed: number; errors: number; resumed: boolean; error?: string }
  | { status: 'busy'; runId: string };

/** Orders or products a sync asks per page (an adapter may ask fewer where its platform caps them). */
export const SYNC_PAGE_SIZE = 250;
/** Pages of a backfill of orders written at once (each the platform's pages run together up to
 * ORDERS_PER_WRITE orders). While they are written the platform is asked for the next ones, so its
 * answer time is hidden, Node builds a page's rows while PostgreSQL writes another, and
 * PostgreSQL's work on a page (half of it foreign-key checks and index entries, in one backend)
 * spreads over several cores. */
export const PAGES_AT_ONCE = 3;
/** Orders a sync writes in one transaction, from as many of the platform's pages as that takes
 * (Shopify gives 250 at most, WooCommerce 100): part of a write's cost is per statement, not per
 * order, and pages of 250 cost a backfill a quarter more CPU per order than pages of 1,000. */
export const ORDERS_PER_WRITE = 1000;
/** A write's pages stop being gathered once they have been read for this long, whatever they
 * hold: nothing stamps the run while they are read (WooCommerce's pages of 100 take ten reads a
 * write), and a run quiet for STALE_RUN_MS is taken over by another process. */
export const GROUP_READ_MS = 30_000;

/**
 * Reads a connection's orders or products page by page and brings them in, each write (of orders,
 * the platform's pages gathered up to ORDERS_PER_WRITE, or for GROUP_READ_MS at most) committed
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
  const reading = new Reading();
  // The first page that fails stops the reading at once (a read waiting to try again would
  // otherwise hide the failure for minutes).
  const writes = new PagesInFlight(atOnce, () => reading.stop());
  const pages: PageWriter = { ctx, connection, run, turns: new Turns(), frontier: new RunFrontier(run), options, errors: 0 };
  try {
    await readAndWrite(handle.adapter, pages, writes, reading, atOnce);
    return { status: 'succeeded', runId: run.id, processed: run.processed, errors: pages.errors, resumed: run.resumed };
  } catch (err) {
    // Nothing of this run is written after it returns: pages still being written finish (each
    // moving the cursor as far as every page before it is in), a page still asked for is dropped
    // and a "still alive" stamp being written is waited for.
    reading.stop();
    await writes.settle();
    await reading.quiet();
    const report = options.onDroppedError ?? warnDropped;
    for (const other of writes.errors) if (other !== err) report(other);
    // Another process took the run over (this one went quiet too long): it goes on from the cursor.
    if (err instanceof RunTakenOver) return { status: 'busy', runId: run.id };
    if (!(err instanceof ShopError)) {
      // Not the platform's (a write refused, the database gone): the run ends failed all the same,
      // or it would stay `running` and the connection answer `busy` until STALE_RUN_MS.
      const message = err instanceof Error ? err.message : String(err);
      await failRun(ctx, connection, run, { code: 'SYNC_INTERNAL_ERROR', message }).catch(report);
      throw err;
    }
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
  reading: Reading,
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
  const perWrite = run.resource === 'orders' ? Math.max(1, options.ordersPerWrite ?? ORDERS_PER_WRITE) : 1;
  let asked = read(run.cursor);
  let askedAt = Date.now();
  for (let seq = 0; ; seq++) {
    // A page that fails to write ends the run now, not when this read returns.
    let page = await writes.unlessFailed(asked);
    let notReady = false;
    while (page.next !== null && page.items.length > 0 && page.items.length < perWrite) {
      if (Date.now() - askedAt >= (options.groupReadMs ?? GROUP_READ_MS)) break;
      const more = await writes.unlessFailed(read(page.next));
      // Not ready (see below): what came is written, and the page asked for again after a wait.
      if (more.next !== null && more.items.length === 0) {
        notReady = true;
        break;
      }
      page = { items: page.items.concat(more.items), next: more.next, total: more.total };
    }
    // Only a page without a next one ends the run. An empty page with one is the platform saying
    // it is not ready (Shopify's bulk export still running): the run keeps the cursor and asks again.
    const done = page.next === null;
    const waiting = notReady || (!done && page.items.length === 0);
    if (atOnce > 1 && !done && !waiting) {
      // The next page is asked for while this one is written; its failure is met when awaited.
      asked = read(page.next);
      askedAt = Date.now();
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
    askedAt = Date.now();
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

/**
 * Writes page `seq` in its own transaction with the run's cursor, as far as `RunFrontier` lets it
 * move; the last page also ends the run. A page that met another transaction (the same new order
 * on another page written at once, as a listing by page number shifts when an order comes in, or
 * sent by a webhook meanwhile: a platform id or order number taken, or a deadlock) is written once
 * more, in a new transaction that sees what the other committed. That try upserts every order, so
 * an order committed meanwhile once more is taken as an update instead of failing it again.
 */
async function writePage(w: PageWriter, seq: number, page: ShopPage<unknown>, done: boolean): Promise<void> {
  // A backfill's new orders go in as plain inserts (see upsertShopOrders); a catch-up's are told
  // of one by one and upserted.
  const asInserts = w.run.kind === 'backfill';
  try {
    await writePageOnce(w, seq, page, done, asInserts);
  } catch (err) {
    if (!metAnotherPage(err)) throw err;
    await writePageOnce(w, seq, page, done, false);
  }
  const waiting = !done && page.items.length === 0;
  w.options.onProgress?.({ runId: w.run.id, processed: w.run.processed, total: page.total, waiting });
}

async function writePageOnce(
  w: PageWriter,
  seq: number,
  page: ShopPage<unknown>,
  done: boolean,
  newAsInserts: boolean,
): Promise<void> {
  const counts: PageCounts = { next: page.next, total: page.total, processed: page.items.length, errors: 0 };
  const turn = { release: () => {} };
  try {
    const moved = await inUnit(w.ctx, { actor: systemActor }, async (unit) => {
      counts.errors = await bringIn(unit, w.connection, w.run, page, newAsInserts);
      // The turn is held from the run's row written to the commit, so the next page to write it
      // sees this one's stamp. The page's own rows are written before, beside the other pages.
      turn.release = await w.turns.take();
      const moved = await w.frontier.moveIn(unit.tx, seq, counts, unit.now);
      if (done) await finishRun(unit, w.connection, moved.run);
      return moved;
    });
    // Only what the cursor passed counts: a page committed ahead of one that fails is read again
    // by the resumed run, and counted then.
    w.errors += w.frontier.committed(seq, counts, moved);
  } finally {
    turn.release();
  }
}

/** A unique value taken meanwhile (23505) or a deadlock (40P01): what two pages written at once
 * may meet, and a new try of the page does not. */
function metAnotherPage(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === '40P01';
}

function warnDropped(error: unknown): void {
  console.warn('A page of a sync run failed beside the failure the run stopped with:', error);
}

/** Writes a page's orders or products; what could not come in is recorded. Answers how many. */
async function bringIn(
  unit: Unit,
  connection: SyncConnection,
  run: ClaimedRun,
  page: ShopPage<unknown>,
  newAsInserts: boolean,
): Promise<number> {
  const items = page.items as never[];
  const rejected =
    run.resource === 'products'
      ? (await upsertShopProductsIn(unit, connection, items)).rejected
      : (
          await upsertShopOrdersIn(unit, connection, items, {
            events: run.kind === 'backfill' ? 'page' : 'each',
            // Written again, with every order upserted, if it meets another transaction (writePage).
            writtenAgainOnConflict: newAsInserts,
          })
        ).rejected;
  // Once per run and subject: a page committed ahead of one that failed is read again when the
  // run resumes.
  await recordSyncErrorsOnce(
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

/** The run stops on the platform's error (or one of its own); the next backfill goes on from its cursor. */
async function failRun(
  ctx: AppContext,
  connection: SyncConnection,
  run: ClaimedRun,
  err: { code: string; message: string },
): Promise<void> {
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
