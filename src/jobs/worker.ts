import type PgBoss from 'pg-boss';
import { refreshStaleFacts } from '../app/analytics/facts/refreshStaleFacts.js';
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
import { DELIVERIES_AT_ONCE, deliverWebhook, giveUpDelivery } from '../app/messaging/webhooks/deliverWebhook.js';
import {
  type MarketplaceReturnsJob,
  marketplaceReturnsChanged,
} from '../app/platforms/marketplaceReturns/marketplaceReturnsQueue.js';
import { pullMarketplaceReturns } from '../app/platforms/marketplaceReturns/pullMarketplaceReturns.js';
import type { PlatformPushJob } from '../app/platforms/platformPushQueue.js';
import { giveUpPlatformPush, runPlatformPush } from '../app/platforms/runPlatformPush.js';
import type { DbHandle } from '../db/connection.js';
import { type BatchWorker, type JobHandler, startBatchWorker } from './batchWorker.js';
import { type FollowUpJob, runFollowUp } from './followUps.js';
import { QUEUES, type RetryPolicy, startJobQueue, txExecutor } from './jobQueue.js';
import { jobTables } from './jobTables.js';
import { type RelayReport, relayOutbox } from './outboxRelay.js';

/** How long after a commit that wrote events the relay runs, gathering the commits in between. */
const RELAY_AFTER_COMMIT_MS = 20;
/** A delayed job is due on the database's clock: woken a little after, so it is due when asked for. */
const DUE_MARGIN_MS = 50;

export interface WorkerOptions {
  /** How often the outbox is looked at when it was empty (ms). */
  pollMs?: number;
  /** Jobs of a queue (follow-ups, bookings, platform pushes) this process runs at the same time;
   * e-mails run as many as the mail transport has connections, or this many without a limit of
   * its own (the local mailbox). */
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
        const r = await relayOutbox(ctx, { log });
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

/** How long a worker leaves an empty queue before asking again, unless woken by a relay pass. */
const POLL_MS = 500;
/** Dead letters come only after a job's last retry, minutes or hours on: their queues are asked
 * less often, which saves most of the empty fetches of an idle worker. */
const DEAD_LETTER_POLL_MS = 5_000;
/** Where each queue's jobs go after their last try (as startJobQueue makes them). */
const DEAD_LETTERS = new Map<string, string>([
  [QUEUES.webhook, QUEUES.webhookDead],
  [QUEUES.email, QUEUES.emailDead],
  [QUEUES.automation, QUEUES.automationDead],
  [QUEUES.followUp, QUEUES.followUpDead],
  [QUEUES.book, QUEUES.bookDead],
  [QUEUES.tracking, QUEUES.trackingDead],
  [QUEUES.platformPush, QUEUES.platformPushDead],
  [QUEUES.marketplaceReturns, QUEUES.marketplaceReturnsDead],
  [QUEUES.sync, QUEUES.syncDead],
  [QUEUES.shopWebhooks, QUEUES.shopWebhooksDead],
]);
/** How long a stop waits for a fetch under way and the running jobs before failing those still
 * running: each such failure counts as a try, retried after its queue's retry delay. */
const STOP_TIMEOUT_MS = 5_000;

/** Starts a queue's batch worker, and one for a queue of dead letters (asked less often). */
interface JobTakers {
  take<T extends object>(queue: string, concurrency: number, handler: JobHandler<T>, pollMs?: number): void;
  lastTry<T extends object>(queue: string, handler: JobHandler<T>): void;
}

/** Takes jobs from every queue, one batch worker per queue (src/jobs/batchWorker.ts): a fetch takes
 * as many jobs as the queue has free places, and each job is completed when it ends; `workers`
 * collects them by queue so a relay can wake those it queued jobs for. */
function takeJobs(ctx: AppContext, boss: PgBoss, options: WorkerOptions, workers: Map<string, BatchWorker>): void {
  const log = options.log;
  const takers = jobTakers(ctx, boss, log, workers);
  const { take, lastTry } = takers;
  const concurrency = options.concurrency ?? 4;
  takeOutgoingMessages(ctx, boss, take, concurrency);
  take<FollowUpJob>(QUEUES.followUp, concurrency, (d) => runFollowUp(ctx, d));
  take<BookingJob>(QUEUES.book, concurrency, (d) => bookReturnParcel(ctx, d.shipmentId, { log }));
  take<PlatformPushJob>(QUEUES.platformPush, concurrency, (d) => runPlatformPush(ctx, d));
  takeConnectionJobs(ctx, takers, log);
  take<{ eventId: string }>(QUEUES.automation, 1, (d) => runAutomation(ctx, d.eventId));
  // One refresh at a time per process: it takes the marks waiting, in rounds while a backlog lasts.
  take<Record<string, never>>(QUEUES.analytics, 1, async () => {
    const refreshed = await refreshStaleFacts(ctx.db);
    if (refreshed.more) await ctx.jobs.enqueue(ctx.db, QUEUES.analytics, [{ data: {}, singletonKey: 'stale' }]);
  });
  lastTry<{ eventId: string }>(QUEUES.automationDead, (d) => giveUpAutomation(ctx, d.eventId));
  lastTry<{ deliveryId: string }>(QUEUES.webhookDead, (d) => giveUpDelivery(ctx, d.deliveryId));
  lastTry<{ emailId: string }>(QUEUES.emailDead, (d) => giveUpEmail(ctx, d.emailId));
  lastTry<BookingJob>(QUEUES.bookDead, (d) => giveUpBooking(ctx, d.shipmentId));
  lastTry<PlatformPushJob>(QUEUES.platformPushDead, (d) => giveUpPlatformPush(ctx, d));
  // What was owed stays visible where staff look (a refund not made shows as due and, past its
  // date, overdue); the log says which follow-up gave up.
  lastTry<FollowUpJob>(QUEUES.followUpDead, async (d) => log?.warn({ followUp: d }, 'a follow-up gave up'));
}

/** How each queue's batch worker is started, on the job tables through Retour's own pool, and
 * added to `workers`. */
function jobTakers(ctx: AppContext, boss: PgBoss, log: WorkerLog | undefined, workers: Map<string, BatchWorker>): JobTakers {
  const onError = (err: unknown) => log?.warn({ err }, 'job queue error');
  // Fetches and completions go to each queue's own table through Retour's own pool, which prepares
  // each statement once per connection: pg-boss's connections parse and plan every one anew.
  // Each is one statement that holds a connection only while it runs, queued with the HTTP
  // requests' ones: `retour serve` with one process shares its pool (RETOUR_DB_POOL_SIZE, 10) with
  // them, one fetch per queue at a time and completions gathered per queue (batchWorker.ts).
  const tables = jobTables(boss, txExecutor(ctx.db));
  // What the relay queues (follow-ups, the fanned-out subscribers' jobs) and dead letters (after a
  // failure here) wake their worker in this process: an idle one of those asks less often.
  const woken = new Set([QUEUES.followUp, ...ctx.subscribers.fanOut.flatMap((s) => (s.queue ? [s.queue] : []))]);
  const take = <T extends object>(queue: string, concurrency: number, handler: JobHandler<T>, pollMs = POLL_MS) => {
    // A failure may have been a job's last: its dead letter is taken at once, not at the next poll.
    const deadLetter = DEAD_LETTERS.get(queue);
    const onFailed = deadLetter ? () => workers.get(deadLetter)?.notify() : undefined;
    const idleBackoff = woken.has(queue);
    workers.set(
      queue,
      startBatchWorker<T>(boss, queue, { concurrency, pollMs, idleBackoff, tables, onError, onFailed }, handler),
    );
  };
  const lastTry = <T extends object>(queue: string, handler: JobHandler<T>) => {
    woken.add(queue);
    take<T>(queue, 1, handler, DEAD_LETTER_POLL_MS);
  };
  return { take, lastTry };
}

/** Webhook deliveries and e-mails. */
function takeOutgoingMessages(ctx: AppContext, boss: PgBoss, take: JobTakers['take'], concurrency: number): void {
  // Webhook deliveries run DELIVERIES_AT_ONCE at a time, so a fetch brings many: no more than a
  // receiver's 8 connections go to one at once, and a delivery waiting for one of them has a bound
  // of its own (the deadline runs from its connection) within its job's expiry (deliverWebhook.ts).
  take<{ deliveryId: string }>(QUEUES.webhook, DELIVERIES_AT_ONCE, (d, run) => deliverWebhook(ctx, d.deliveryId, run));
  // E-mails run as many at once as the transport has connections (RETOUR_SMTP_CONNECTIONS), each
  // send with one to itself: none waits for a connection, so none outlives its job's expiry and
  // goes twice (the transport refuses a send that would wait long). An e-mail's time is mostly
  // round trips to PostgreSQL and the SMTP server, so more places send more per second.
  take<{ emailId: string; deferred?: number }>(QUEUES.email, ctx.mail.transport.connections ?? concurrency, (d) =>
    sendEmail(ctx, d.emailId, {
      deferred: d.deferred ?? 0,
      defer: async () => {
        await boss.send(QUEUES.email, { emailId: d.emailId, deferred: (d.deferred ?? 0) + 1 }, { startAfter: 2 });
      },
    }),
  );
}

/** Work per carrier or shop connection: stored tracking and shop webhooks to apply, marketplace
 * returns to pull and shop syncs, with their dead letters (logged: a round tries again). */
function takeConnectionJobs(ctx: AppContext, { take, lastTry }: JobTakers, log: WorkerLog | undefined): void {
  // One per process: a job applies all of its connection's stored deliveries in batches.
  take<{ connectionId: string }>(QUEUES.tracking, 1, (d) => applyStoredWebhooks(ctx, d.connectionId));
  lastTry<{ connectionId: string }>(QUEUES.trackingDead, async (d) =>
    log?.warn({ tracking: d }, 'applying tracking webhooks gave up; the tracking round will try again'),
  );
  // Shop connections: stored webhooks applied in batches, and sync runs, two at a time per process.
  take<{ connectionId: string }>(QUEUES.shopWebhooks, 1, (d) =>
    applyShopWebhooks(ctx, d.connectionId, { onReturns: (id, since) => marketplaceReturnsChanged(ctx, id, since) }),
  );
  take<MarketplaceReturnsJob>(QUEUES.marketplaceReturns, 1, (d) =>
    pullMarketplaceReturns(ctx, d.connectionId, { since: d.since ? new Date(d.since) : null }),
  );
  lastTry<MarketplaceReturnsJob>(QUEUES.marketplaceReturnsDead, async (d) =>
    log?.warn({ marketplaceReturns: d }, 'pulling marketplace returns gave up; the next round pulls them'),
  );
  lastTry<{ connectionId: string }>(QUEUES.shopWebhooksDead, async (d) =>
    log?.warn({ shopWebhooks: d }, 'applying shop webhooks gave up; the sync round will try again'),
  );
  take<SyncJob>(QUEUES.sync, 2, (d) => runSyncJob(ctx, d));
  lastTry<SyncJob>(QUEUES.syncDead, async (d) =>
    log?.warn({ sync: d }, 'a shop sync job gave up; the sync round queues the next catch-up'),
  );
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
    log: options.log,
  });
  const log = options.log;
  const workers = new Map<string, BatchWorker>();
  // Wake only the queues the pass gave jobs: a woken worker asks its queue once for all its places.
  const wake = (queue: string, jobs: number) => {
    if (jobs > 0) workers.get(queue)?.notify();
  };
  // Jobs that wait before they start are woken for when they are due: woken at once, the worker
  // would find nothing and fall into its idle backoff, and start them up to seconds late.
  const dueLater = new Set<NodeJS.Timeout>();
  const wakeWhenDue = (queue: string, jobs: number, delaySeconds: number) => {
    if (jobs === 0) return;
    const timer = setTimeout(
      () => {
        dueLater.delete(timer);
        wake(queue, jobs);
      },
      delaySeconds * 1000 + DUE_MARGIN_MS,
    );
    timer.unref();
    dueLater.add(timer);
  };
  const relay = startRelayLoop(ctx, options.pollMs ?? 250, log, (report) => {
    wake(QUEUES.followUp, report.followUps);
    for (const s of ctx.subscribers.fanOut) {
      if (!s.queue) continue;
      const made = report.fannedOut[s.name] ?? 0;
      if (s.delaySeconds) wakeWhenDue(s.queue, made, s.delaySeconds);
      else wake(s.queue, made);
    }
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
  takeJobs(ctx, boss, options, workers);
  return {
    boss,
    relayNow: relay.relayNow,
    stop: async () => {
      unwatch();
      if (soon) clearTimeout(soon);
      for (const timer of dueLater) clearTimeout(timer);
      await relay.stop();
      await Promise.all([...workers.values()].map((w) => w.stop(STOP_TIMEOUT_MS)));
      await boss.stop({ graceful: true, wait: true, timeout: STOP_TIMEOUT_MS });
      ctx.mail.transport.close?.();
    },
  };
}
