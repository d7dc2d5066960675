import type PgBoss from 'pg-boss';
import { applyShopWebhooks } from '../app/catalog/sync/applyShopWebhooks.js';
import { runSyncJob, type SyncJob } from '../app/catalog/sync/syncQueue.js';
import type { AppContext } from '../app/kernel/context.js';
import { whenEventsCommitted } from '../app/kernel/eventsCommitted.js';
import type { BookingJob } from '../app/logistics/shipments/bookingQueue.js';
import { bookReturnParcel } from '../app/logistics/shipments/bookReturnParcel.js';
import { giveUpBooking } from '../app/logistics/shipments/shipmentClaim.js';
import { applyStoredWebhooks } from '../app/logistics/tracking/applyStoredWebhooks.js';
import { giveUpAutomation, runAutomation } from '../app/messaging/automation/runAutomation.js';
import { giveUpEmail, sendEmail } from '../app/messaging/emails/sendEmail.js';
import { deliverWebhook, giveUpDelivery } from '../app/messaging/webhooks/deliverWebhook.js';
import {
  type MarketplaceReturnsJob,
  marketplaceReturnsChanged,
} from '../app/platforms/marketplaceReturns/marketplaceReturnsQueue.js';
import { pullMarketplaceReturns } from '../app/platforms/marketplaceReturns/pullMarketplaceReturns.js';
import type { PlatformPushJob } from '../app/platforms/platformPushQueue.js';
import { giveUpPlatformPush, runPlatformPush } from '../app/platforms/runPlatformPush.js';
import type { DbHandle } from '../db/connection.js';
import { type FollowUpJob, runFollowUp } from './followUps.js';
import { QUEUES, type RetryPolicy, startJobQueue } from './jobQueue.js';
import { type RelayReport, relayOutbox } from './outboxRelay.js';

/** How long after a commit that wrote events the relay runs, gathering the commits in between. */
const RELAY_AFTER_COMMIT_MS = 20;

export interface WorkerOptions {
  /** How often the outbox is looked at when it was empty (ms). */
  pollMs?: number;
  /** Deliveries sent at the same time by this process. */
  concurrency?: number;
  webhookRetries?: RetryPolicy;
  emailRetries?: RetryPolicy;
  log?: WorkerLog;
}

interface WorkerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface Workers {
  boss: PgBoss;
  /** Drains the outbox now (tests and the benchmark use it to wait for quiet). */
  relayNow(): Promise<number>;
  stop(): Promise<void>;
}

interface RelayLoop {
  relayNow(): Promise<number>;
  stop(): Promise<void>;
}

/** Relays the outbox every `pollMs` when it was empty, and at once when asked; `relayed` is told
 * what a pass that moved events queued. Asked while a pass runs, it runs another after it: the pass
 * may have looked before the commit that asked. */
function startRelayLoop(
  ctx: AppContext,
  pollMs: number,
  log: WorkerLog | undefined,
  relayed: (report: RelayReport) => void,
): RelayLoop {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let again = false;
  const drain = async (): Promise<number> => {
    let total = 0;
    do {
      again = false;
      for (;;) {
        const r = await relayOutbox(ctx);
        total += r.events;
        if (r.events > 0) relayed(r);
        if (r.events < 200 || stopped) break;
      }
    } while (again && !stopped);
    return total;
  };
  const relayNow = () => {
    if (running) again = true;
    running ??= drain().finally(() => {
      running = null;
    });
    return running;
  };
  const tick = async () => {
    if (stopped) return;
    try {
      await relayNow();
    } catch (err) {
      log?.warn({ err }, 'relaying the outbox failed');
    }
    if (!stopped) timer = setTimeout(tick, pollMs);
  };
  void tick();
  return {
    relayNow,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** Takes jobs from every queue: `eager` workers ask again at once after a job (pg-boss waits its
 * polling interval after every fetch, busy or not), so a backlog drains at the speed of the
 * receivers; `workerIds` collects them by queue so a relay can wake those it queued jobs for. */
async function takeJobs(
  ctx: AppContext,
  boss: PgBoss,
  options: WorkerOptions,
  workerIds: Map<string, string[]>,
  stopped: () => boolean,
): Promise<void> {
  const work = { pollingIntervalSeconds: 0.5, batchSize: 1 };
  const eager = async <T extends object>(queue: string, handler: (data: T) => Promise<unknown>) => {
    let workerId = '';
    workerId = await boss.work<T>(queue, work, async ([job]) => {
      if (!job) return;
      try {
        await handler(job.data);
      } finally {
        if (!stopped() && workerId) boss.notifyWorker(workerId);
      }
    });
    workerIds.set(queue, [...(workerIds.get(queue) ?? []), workerId]);
  };
  const lastTry = async <T extends object>(queue: string, handler: (data: T) => Promise<unknown>) => {
    await boss.work<T>(queue, work, async ([job]) => {
      if (job) await handler(job.data);
    });
  };
  for (let i = 0; i < (options.concurrency ?? 4); i++) {
    await eager<{ deliveryId: string }>(QUEUES.webhook, (d) => deliverWebhook(ctx, d.deliveryId));
    await eager<{ emailId: string; deferred?: number }>(QUEUES.email, (d) =>
      sendEmail(ctx, d.emailId, {
        deferred: d.deferred ?? 0,
        defer: async () => {
          await boss.send(QUEUES.email, { emailId: d.emailId, deferred: (d.deferred ?? 0) + 1 }, { startAfter: 2 });
        },
      }),
    );
    await eager<FollowUpJob>(QUEUES.followUp, (d) => runFollowUp(ctx, d));
    await eager<BookingJob>(QUEUES.book, (d) => bookReturnParcel(ctx, d.shipmentId));
    await eager<PlatformPushJob>(QUEUES.platformPush, (d) => runPlatformPush(ctx, d));
  }
  // One per process: a job applies all of its connection's stored deliveries in batches.
  await eager<{ connectionId: string }>(QUEUES.tracking, (d) => applyStoredWebhooks(ctx, d.connectionId));
  await lastTry<{ connectionId: string }>(QUEUES.trackingDead, async (d) =>
    options.log?.warn({ tracking: d }, 'applying tracking webhooks gave up; the tracking round will try again'),
  );
  // Shop connections: stored webhooks applied in batches, and sync runs, two at a time per process.
  await eager<{ connectionId: string }>(QUEUES.shopWebhooks, (d) =>
    applyShopWebhooks(ctx, d.connectionId, { onReturns: (id, since) => marketplaceReturnsChanged(ctx, id, since) }),
  );
  await eager<MarketplaceReturnsJob>(QUEUES.marketplaceReturns, (d) =>
    pullMarketplaceReturns(ctx, d.connectionId, { since: d.since ? new Date(d.since) : null }),
  );
  await lastTry<MarketplaceReturnsJob>(QUEUES.marketplaceReturnsDead, async (d) =>
    options.log?.warn({ marketplaceReturns: d }, 'pulling marketplace returns gave up; the next round pulls them'),
  );
  await lastTry<{ connectionId: string }>(QUEUES.shopWebhooksDead, async (d) =>
    options.log?.warn({ shopWebhooks: d }, 'applying shop webhooks gave up; the sync round will try again'),
  );
  for (let i = 0; i < 2; i++) await eager<SyncJob>(QUEUES.sync, (d) => runSyncJob(ctx, d));
  await lastTry<SyncJob>(QUEUES.syncDead, async (d) =>
    options.log?.warn({ sync: d }, 'a shop sync job gave up; the sync round queues the next catch-up'),
  );
  await eager<{ eventId: string }>(QUEUES.automation, (d) => runAutomation(ctx, d.eventId));
  await lastTry<{ eventId: string }>(QUEUES.automationDead, (d) => giveUpAutomation(ctx, d.eventId));
  await lastTry<{ deliveryId: string }>(QUEUES.webhookDead, (d) => giveUpDelivery(ctx, d.deliveryId));
  await lastTry<{ emailId: string }>(QUEUES.emailDead, (d) => giveUpEmail(ctx, d.emailId));
  await lastTry<BookingJob>(QUEUES.bookDead, (d) => giveUpBooking(ctx, d.shipmentId));
  await lastTry<PlatformPushJob>(QUEUES.platformPushDead, (d) => giveUpPlatformPush(ctx, d));
  // What was owed stays visible where staff look (a refund not made shows as due and, past its
  // date, overdue); the log says which follow-up gave up.
  await lastTry<FollowUpJob>(QUEUES.followUpDead, async (d) => options.log?.warn({ followUp: d }, 'a follow-up gave up'));
}

/**
 * The background work of one process: relay the outbox to the events' subscribers and run their
 * jobs (webhook deliveries, e-mails, automation runs, follow-ups). Any number of processes may run
 * it on one PostgreSQL; each event is relayed once and each job is taken by one worker at a time.
 * A commit in this process that wrote events is relayed at once, and the workers are woken for
 * what it queued, so a follow-up (a refund due on approval) starts right after the change.
 */
export async function startWorkers(ctx: AppContext, handle: DbHandle, options: WorkerOptions = {}): Promise<Workers> {
  const boss = await startJobQueue(handle, {
    webhookRetries: options.webhookRetries,
    emailRetries: options.emailRetries,
  });
  const log = options.log;
  boss.on('error', (err) => log?.warn({ err }, 'job queue error'));
  let stopped = false;
  const workerIds = new Map<string, string[]>();
  // Wake only as many workers of a queue as the pass gave it jobs: each woken worker asks the
  // queue once, and the others would find nothing.
  const wake = (queue: string, jobs: number) => {
    for (const id of (workerIds.get(queue) ?? []).slice(0, jobs)) if (!stopped) boss.notifyWorker(id);
  };
  const relay = startRelayLoop(ctx, options.pollMs ?? 250, log, (report) => {
    wake(QUEUES.followUp, report.followUps);
    for (const s of ctx.subscribers.fanOut) if (s.queue) wake(s.queue, report.fannedOut[s.name] ?? 0);
  });
  // Commits close together are relayed in one pass: a follow-up starts a few milliseconds after its
  // change, and a busy server does not pay a relay pass per request.
  let soon: NodeJS.Timeout | null = null;
  const unwatch = whenEventsCommitted(ctx.db, () => {
    soon ??= setTimeout(() => {
      soon = null;
      relay.relayNow().catch((err: unknown) => log?.warn({ err }, 'relaying the outbox failed'));
    }, RELAY_AFTER_COMMIT_MS);
  });
  await takeJobs(ctx, boss, options, workerIds, () => stopped);
  return {
    boss,
    relayNow: relay.relayNow,
    stop: async () => {
      stopped = true;
      unwatch();
      if (soon) clearTimeout(soon);
      await relay.stop();
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      ctx.mail.transport.close?.();
    },
  };
}
