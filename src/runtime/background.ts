import { queueWeeklyReports } from '../app/analytics/weeklyReport.js';
import { pruneProductImages, UNUSED_IMAGE_GRACE_MS } from '../app/catalog/products/pruneProductImages.js';
import { shopSyncRound } from '../app/catalog/sync/syncRound.js';
import { exchangeRound } from '../app/exchanges/exchangeRound.js';
import type { AppContext } from '../app/kernel/context.js';
import { pruneIdempotencyKeys } from '../app/kernel/idempotency.js';
import { pruneRelayedOutbox, RELAYED_OUTBOX_KEPT_MS } from '../app/kernel/outboxPrune.js';
import { pruneProcessLeases } from '../app/kernel/processLease.js';
import { trackingRound } from '../app/logistics/tracking/trackingRound.js';
import { queueShipByReminders } from '../app/messaging/emails/shipByReminders.js';
import { notifyOverdueRefunds } from '../app/messaging/notifications/refundOverdueRound.js';
import { reconcileSettlements } from '../app/money/settlementRun.js';
import { expireStoreCredit } from '../app/money/storeCredit/expireStoreCredit.js';
import {
  marketplaceReturnsChanged,
  queueMarketplaceReturnsRound,
} from '../app/platforms/marketplaceReturns/marketplaceReturnsQueue.js';
import { runRetention } from '../app/privacy/runRetention.js';
import { expireOverdueReturns } from '../app/returns/expireOverdueReturns.js';
import type { RetourConfig } from '../config/env.js';
import type { DbHandle } from '../db/connection.js';
import { asBackgroundWork } from '../db/priorityGate.js';
import { startWorkers, type Workers } from '../jobs/worker.js';

/** How often every marketplace connection's announced returns are pulled, whatever its webhooks did. */
const MARKETPLACE_RETURNS_ROUND_MS = 10 * 60_000;

export interface BackgroundLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface Background {
  workers: Workers;
  stop(): Promise<void>;
}

/** Runs `work` now and then every `everyMs`, never two rounds at once; failures are logged. */
function every(everyMs: number, what: string, log: BackgroundLog, work: () => Promise<unknown>) {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      await work();
    } catch (err) {
      log.warn({ err }, `${what} failed`);
    } finally {
      running = false;
    }
  };
  void round();
  const timer = setInterval(round, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Everything a Retour process does besides answering requests: the outbox relay and job workers
 * (webhooks, e-mails), and the periodic rounds (refunds to reconcile with the providers, exchanges
 * to move on, ship-by reminders, store credit to expire, stored idempotent responses to prune). `retour serve` runs it in the
 * same process unless RETOUR_WORKERS is off; `retour worker` runs only this. Several processes may
 * run it on one PostgreSQL: the relay and the jobs are taken with row locks, and every round is
 * idempotent (it looks at the state and finishes what is left).
 */
export function startBackground(
  config: RetourConfig,
  ctx: AppContext,
  handle: DbHandle,
  log: BackgroundLog,
): Promise<Background> {
  // Everything started here is background work: on PGlite its statements wait for the requests'.
  // Only there: marking it takes an AsyncLocalStorage, and on Node 20 the first one to run makes
  // every promise of the process, the requests' too, pay for async hooks; PostgreSQL has no gate.
  const start = () => startBackgroundWork(config, ctx, handle, log);
  return handle.kind === 'pglite' ? asBackgroundWork(start) : start();
}

async function startBackgroundWork(
  config: RetourConfig,
  ctx: AppContext,
  handle: DbHandle,
  log: BackgroundLog,
): Promise<Background> {
  const workers = await startWorkers(ctx, handle, { log, concurrency: config.workerConcurrency });

  const stopPrune = pruneRound(ctx, log);
  const stopReconcile = reconcileRound(config, ctx, log);
  const stopReminders = remindersRound(ctx, log);
  // Carriers without webhooks are asked what became of open parcels; parcels of the others that
  // went quiet are caught up, stored webhooks a job did not apply are applied, and parcels quiet
  // for the shop's working days are flagged as lost.
  const stopTracking = every(config.trackingPollMinutes * 60_000, 'tracking round', log, async () => {
    const r = await trackingRound(ctx);
    if (r.parcels > 0 || r.webhooks > 0 || r.stalled > 0) log.info({ tracking: r }, 'tracking round');
  });
  // Returns a marketplace announced whose RETURNS_CHANGE call was lost still come in.
  const stopMarketplaceReturns = every(MARKETPLACE_RETURNS_ROUND_MS, 'marketplace returns round', log, async () => {
    await queueMarketplaceReturnsRound(ctx);
  });
  // Shop connections are caught up by cursor, so an order whose webhook was lost still comes in.
  const stopShopSync = every(config.shopSyncMinutes * 60_000, 'shop sync round', log, async () => {
    const r = await shopSyncRound(ctx, { onReturns: (id, since) => marketplaceReturnsChanged(ctx, id, since) });
    if (r.webhooks > 0) log.info({ shopSync: r }, 'applied shop webhooks no job had applied');
  });
  // Product images uploaded but never saved on a product (or taken off every one) go after a day.
  const stopImages = every(3_600_000, 'pruning unused product images', log, async () => {
    const r = await pruneProductImages(ctx, { storedBefore: new Date(Date.now() - UNUSED_IMAGE_GRACE_MS) });
    if (r.removed > 0) log.info({ productImages: r }, 'removed product images no product uses');
  });
  const stopWeeklyReport = weeklyReportRound(ctx, log);
  const stopExpiry = every(3_600_000, 'expiring store credit', log, async () => {
    const r = await expireStoreCredit(ctx);
    if (r.expired > 0) log.info({ storeCredit: r }, 'expired store credit');
  });

  const stopRetention = retentionRound(ctx, log);

  return {
    workers,
    stop: async () => {
      stopRetention();
      stopPrune();
      stopReconcile();
      stopExpiry();
      stopWeeklyReport();
      stopImages();
      stopReminders();
      stopTracking();
      stopShopSync();
      stopMarketplaceReturns();
      await workers.stop();
    },
  };
}

/** Stored idempotent responses are kept for a day: long enough for any client's retries. Leases of
 * processes that ended without saying so (killed) go a day after they ran out. Outbox messages
 * go a day after they were relayed (never before), so the table does not grow without end. */
function pruneRound(ctx: AppContext, log: BackgroundLog) {
  return every(3_600_000, 'pruning idempotency keys and relayed outbox messages', log, async () => {
    await pruneIdempotencyKeys(ctx.db, new Date(Date.now() - 24 * 3_600_000));
    await pruneProcessLeases(ctx.db);
    const outbox = await pruneRelayedOutbox(ctx.db, new Date(Date.now() - RELAYED_OUTBOX_KEPT_MS));
    if (outbox > 0) log.info({ outbox }, 'deleted relayed outbox messages');
  });
}

/** Refunds a crashed process left between the provider's answer and its own commit are found at
 * the provider and finished; exchanges move on (payment links, instant exchanges not back). */
function reconcileRound(config: RetourConfig, ctx: AppContext, log: BackgroundLog) {
  const reconcileMs = Math.min(60_000, Math.max(1_000, config.reconcileAfterSeconds * 1000));
  return every(reconcileMs, 'reconciling settlements', log, async () => {
    const report = await reconcileSettlements(ctx, { olderThanMs: config.reconcileAfterSeconds * 1000 });
    if (report.checked > 0) log.info({ reconcile: report }, 'reconciled pending settlements with the providers');
    const exchanges = await exchangeRound(ctx);
    if (Object.values(exchanges).some((n) => n > 0)) log.info({ exchanges }, 'exchange round');
  });
}

/** Shoppers whose approved return is not on its way two days before the ship-by date hear so
 * once; a return still not on its way two days after it expires; staff hear once of each refund
 * past its legal date. */
function remindersRound(ctx: AppContext, log: BackgroundLog) {
  return every(15 * 60_000, 'reminders, expiries and overdue refunds', log, async () => {
    const r = await queueShipByReminders(ctx);
    if (r.reminded > 0) log.info({ reminders: r }, 'queued ship-by reminders');
    const expiry = await expireOverdueReturns(ctx);
    if (expiry.expired > 0) log.info({ expiry }, 'expired returns not sent in time');
    const overdue = await notifyOverdueRefunds(ctx);
    if (overdue.notified > 0) log.info({ overdue }, 'told staff of overdue refunds');
  });
}

/** The weekly analytics report goes to the chosen staff once its hour has come (shop time zone);
 * each week's e-mail to each recipient is made once, whichever process looks first. */
function weeklyReportRound(ctx: AppContext, log: BackgroundLog) {
  return every(5 * 60_000, 'weekly analytics report', log, async () => {
    const r = await queueWeeklyReports(ctx);
    if (r.queued > 0) log.info({ weeklyReport: r }, 'queued the weekly analytics report');
  });
}

/** What the shop's retention periods say is due goes: photos, e-mail bodies, closed returns'
 * personal data, logs (src/app/privacy/runRetention.ts). One process's run at a time; the others'
 * rounds find it under way and do nothing. */
function retentionRound(ctx: AppContext, log: BackgroundLog) {
  return every(3_600_000, 'retention round', log, async () => {
    const r = await runRetention(ctx, { startedBy: 'round' });
    if (r.runId && Object.values(r.counts).some((n) => n > 0))
      log.info({ retention: r.counts }, 'retention round removed data past its period');
  });
}

/** Stops the background work and closes the database on SIGINT or SIGTERM, then exits 0 (or the
 * exit code set before, e.g. 1 when the embedded database's thread stopped). A signal
 * repeated while it stops is ignored, so a second Ctrl-C cannot cut the stop short. */
export function stopOnSignals(background: Background, handle: DbHandle): void {
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    try {
      await background.stop();
    } finally {
      await handle.close();
      process.exit(process.exitCode ?? 0);
    }
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}
