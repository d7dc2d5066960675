import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import { ANALYTICS_QUEUE } from '../app/analytics/facts/staleFacts.js';
import { SHOP_WEBHOOK_QUEUE } from '../app/catalog/sync/receiveShopWebhook.js';
import { SYNC_DEAD_QUEUE, SYNC_QUEUE } from '../app/catalog/sync/syncQueue.js';
import type { JobEnqueuer } from '../app/kernel/jobQueue.js';
import type { Tx } from '../app/kernel/transaction.js';
import { BOOKING_DEAD_QUEUE, BOOKING_QUEUE } from '../app/logistics/shipments/bookingQueue.js';
import { TRACKING_QUEUE } from '../app/logistics/tracking/receiveTrackingWebhook.js';
import { AUTOMATION_QUEUE } from '../app/messaging/automation/replayAutomation.js';
import { EMAIL_EXPIRY_SECONDS } from '../app/messaging/emails/sendEmail.js';
import { EMAIL_QUEUE } from '../app/messaging/emails/shipByReminders.js';
import { DELIVERY_EXPIRY_SECONDS } from '../app/messaging/webhooks/deliverWebhook.js';
import { WEBHOOK_QUEUE } from '../app/messaging/webhooks/replayWebhookDelivery.js';
import {
  MARKETPLACE_RETURNS_DEAD_QUEUE,
  MARKETPLACE_RETURNS_QUEUE,
} from '../app/platforms/marketplaceReturns/marketplaceReturnsQueue.js';
import { PLATFORM_PUSH_DEAD_QUEUE, PLATFORM_PUSH_QUEUE } from '../app/platforms/platformPushQueue.js';
import type { DbHandle, RetourDb, SqlExecutor } from '../db/connection.js';
import { checkJobSchema, consoleLog, ensureFetchIndex, type FetchIndexOptions, JOB_SCHEMA } from './jobTables.js';

/** The queues Retour's workers take jobs from, and where jobs go after their last try. */
export const QUEUES = {
  webhook: WEBHOOK_QUEUE,
  webhookDead: 'webhook.dead',
  email: EMAIL_QUEUE,
  emailDead: 'email.dead',
  automation: AUTOMATION_QUEUE,
  automationDead: 'automation.dead',
  /** One job per after-commit subscriber and event (see src/app/kernel/subscribers.ts). */
  followUp: 'event.follow_up',
  followUpDead: 'event.follow_up.dead',
  /** One job per return parcel to book with its carrier. */
  book: BOOKING_QUEUE,
  bookDead: BOOKING_DEAD_QUEUE,
  /** One job per connection at a time applies its stored tracking webhooks. */
  tracking: TRACKING_QUEUE,
  trackingDead: `${TRACKING_QUEUE}.dead`,
  /** Returns registered on, and restocks sent to, the shop platforms orders came from. */
  platformPush: PLATFORM_PUSH_QUEUE,
  platformPushDead: PLATFORM_PUSH_DEAD_QUEUE,
  /** Returns marketplaces announced, pulled from ChannelEngine: one waiting job per connection. */
  marketplaceReturns: MARKETPLACE_RETURNS_QUEUE,
  marketplaceReturnsDead: MARKETPLACE_RETURNS_DEAD_QUEUE,
  /** Shop connections' backfills and catch-ups: one waiting job per connection. */
  sync: SYNC_QUEUE,
  syncDead: SYNC_DEAD_QUEUE,
  /** One job per connection at a time applies its stored shop webhooks. */
  shopWebhooks: SHOP_WEBHOOK_QUEUE,
  shopWebhooksDead: `${SHOP_WEBHOOK_QUEUE}.dead`,
  /** Refreshes the analytics facts events marked as stale: one job waits at a time. */
  analytics: ANALYTICS_QUEUE,
} as const;

export interface RetryPolicy {
  /** Tries after the first. */
  retryLimit: number;
  /** Seconds before the first retry; each next one waits about twice as long. */
  retryDelaySeconds: number;
}

/**
 * Webhook retries: 12 retries starting at 20 s, doubling each time, reach a little under 24 hours
 * (20 s × (2¹² − 1) ≈ 22.8 h) before the delivery is given up and dead-lettered.
 */
export const WEBHOOK_RETRIES: RetryPolicy = { retryLimit: 12, retryDelaySeconds: 20 };

/** E-mail retries: 8 retries from 30 s, doubling, span about two hours (30 s × (2⁸ − 1)): long
 * enough to ride out a mail server's restart; after that the e-mail is marked failed. */
export const EMAIL_RETRIES: RetryPolicy = { retryLimit: 8, retryDelaySeconds: 30 };

/** Runs pg-boss's statements inside a Kysely transaction: a job queued this way exists exactly
 * when the transaction that wanted it commits. */
export function txExecutor(tx: Tx | RetourDb): SqlExecutor {
  return {
    executeSql: async (text, values) => {
      const r = await tx.executeQuery(CompiledQuery.raw(text, (values ?? []) as unknown[]));
      return { rows: r.rows as unknown[], rowCount: Number(r.numAffectedRows ?? r.rows.length) };
    },
  };
}

/** pg-boss's own schema, and how often it looks for jobs whose worker died (their expiry passed):
 * every 30 s, so a killed worker's jobs are tried again within a minute or so of their expiry. */
const MAINTENANCE = { schema: JOB_SCHEMA, maintenanceIntervalSeconds: 30 };

/** Starts pg-boss on Retour's database (its own schema, `pgboss`) and makes the queues. */
export async function startJobQueue(
  handle: DbHandle,
  options: { webhookRetries?: RetryPolicy; emailRetries?: RetryPolicy; log?: FetchIndexOptions['log'] } = {},
): Promise<PgBoss> {
  const boss = await openJobQueue(handle, options.log);
  // PostgreSQL builds a queue's fetch indexes without blocking its writes (pg-boss's own
  // connections run each statement outside a transaction); the embedded database has one writer.
  const indexes: FetchIndexOptions = { concurrently: handle.kind === 'postgres', log: options.log };
  const ensureQueue = (name: string, queueOptions: Omit<PgBoss.Queue, 'name'>) =>
    ensureQueueOf(boss, name, queueOptions, indexes);
  await ensureMessagingQueues(ensureQueue, {
    webhook: options.webhookRetries ?? WEBHOOK_RETRIES,
    email: options.emailRetries ?? EMAIL_RETRIES,
  });
  for (const more of [ensureFollowUpQueue, ensureLogisticsQueues, ensurePlatformQueues, ensureSyncQueues, ensureAnalyticsQueue])
    await more(ensureQueue);
  return boss;
}

/** Starts pg-boss on the handle's job connections and checks its schema. */
async function openJobQueue(handle: DbHandle, log: FetchIndexOptions['log']): Promise<PgBoss> {
  const boss =
    'executor' in handle.jobs
      ? new PgBoss({ db: handle.jobs.executor, ...MAINTENANCE } as PgBoss.ConstructorOptions)
      : new PgBoss({ connectionString: handle.jobs.connectionString, max: 4, ...MAINTENANCE });
  // pg-boss re-emits its connections' errors (a backend terminated, even one of a pool being
  // closed); an 'error' event nobody hears would end the process.
  boss.on('error', (err) => (log ?? consoleLog).warn({ err }, 'job queue error'));
  await boss.start();
  await checkJobSchema(boss, log);
  return boss;
}

/** Webhook deliveries and e-mails, with their retry policies, and automation runs. */
async function ensureMessagingQueues(ensureQueue: EnsureQueue, retries: { webhook: RetryPolicy; email: RetryPolicy }) {
  await ensureQueue(QUEUES.webhookDead, {});
  await ensureQueue(QUEUES.webhook, {
    retryLimit: retries.webhook.retryLimit,
    retryDelay: retries.webhook.retryDelaySeconds,
    retryBackoff: true,
    // A try waits for a free connection to its receiver, then has 10 s for the answer
    // (deliverWebhook.ts): one still active after that and a margin lost its worker.
    expireInSeconds: DELIVERY_EXPIRY_SECONDS,
    deadLetter: QUEUES.webhookDead,
  });
  await ensureQueue(QUEUES.emailDead, {});
  await ensureQueue(QUEUES.email, {
    retryLimit: retries.email.retryLimit,
    retryDelay: retries.email.retryDelaySeconds,
    retryBackoff: true,
    // A try hands its message over within 30 s of its start and ends within 50 s (sendEmail.ts):
    // one still active after that and a margin lost its worker.
    expireInSeconds: EMAIL_EXPIRY_SECONDS,
    deadLetter: QUEUES.emailDead,
  });
  // A rule's run that failed (the database went away) is tried again a few times, a minute apart.
  await ensureQueue(QUEUES.automationDead, {});
  await ensureQueue(QUEUES.automation, {
    retryLimit: 5,
    retryDelay: 60,
    expireInSeconds: 120,
    deadLetter: QUEUES.automationDead,
  });
}

/** A follow-up that failed (a provider or the database away) is tried again, from 10 s and
 * doubling, for about 40 minutes. A try makes a few provider calls of at most 15 s each: one still
 * active after 60 s lost its worker (a second try meanwhile is harmless: money never moves twice). */
async function ensureFollowUpQueue(ensureQueue: EnsureQueue) {
  await ensureQueue(QUEUES.followUpDead, {});
  await ensureQueue(QUEUES.followUp, {
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 60,
    deadLetter: QUEUES.followUpDead,
  });
}

/** Return parcels' bookings with their carriers, and stored tracking webhooks to apply. */
async function ensureLogisticsQueues(ensureQueue: EnsureQueue) {
  // A carrier down or rate-limiting: the booking is tried again from 15 s, doubling, for about an
  // hour (15 s × (2⁸ − 1)), each wait at least as long as a Retry-After of a minute or so; then it
  // fails and staff are told. A try is a few carrier calls of at most 15 s each.
  await ensureQueue(QUEUES.bookDead, {});
  await ensureQueue(QUEUES.book, {
    retryLimit: 8,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: QUEUES.bookDead,
  });
  // Applying stored tracking webhooks: at most one job waits per connection ('short': a second one
  // is not queued while one waits), so a burst of deliveries is applied in a few batches. A failed
  // try is retried from 5 s, doubling, for about 20 minutes; then the tracking round catches up.
  await ensureQueue(QUEUES.trackingDead, {});
  await ensureQueue(QUEUES.tracking, {
    policy: 'short',
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 120,
    deadLetter: QUEUES.trackingDead,
  });
}

/** Shop sync: a run reads a platform page by page and may take hours on a first backfill, so its
 * job expires late (a run whose process died is taken over from its cursor anyway). A job that finds
 * its connection busy with another run, or whose database went away, is tried again from 30 s,
 * doubling, for about eight hours. Stored shop webhooks are applied like tracking webhooks: one job
 * waiting per connection, retried for about 20 minutes, then the sync round applies them. */
async function ensureSyncQueues(ensureQueue: EnsureQueue) {
  await ensureQueue(QUEUES.syncDead, {});
  await ensureQueue(QUEUES.sync, {
    policy: 'short',
    retryLimit: 10,
    retryDelay: 30,
    retryBackoff: true,
    expireInSeconds: 6 * 3600,
    deadLetter: QUEUES.syncDead,
  });
  await ensureQueue(QUEUES.shopWebhooksDead, {});
  await ensureQueue(QUEUES.shopWebhooks, {
    policy: 'short',
    retryLimit: 8,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 300,
    deadLetter: QUEUES.shopWebhooksDead,
  });
}

/** The analytics refresh: one job waits at a time ('short'), however many events marked facts as
 * stale; a failed try (the database away) is tried again from 10 s, doubling, for about 40 minutes;
 * the marks stay until a refresh succeeds. A refresh of a large backlog may take minutes. */
async function ensureAnalyticsQueue(ensureQueue: EnsureQueue) {
  await ensureQueue(QUEUES.analytics, {
    policy: 'short',
    retryLimit: 8,
    retryDelay: 10,
    retryBackoff: true,
    expireInSeconds: 900,
  });
}

/** A platform down, or throttling beyond what its client waits out: a return's registration or a
 * restock is tried again from 15 s, doubling, for about four hours (15 s × (2¹⁰ − 1)), then given
 * up and shown to staff. 'short': a job waiting for a return or movement is not queued twice (it
 * reads the state when it runs). */
async function ensurePlatformQueues(ensureQueue: EnsureQueue) {
  await ensureQueue(QUEUES.platformPushDead, {});
  await ensureQueue(QUEUES.platformPush, {
    policy: 'short',
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 180,
    deadLetter: QUEUES.platformPushDead,
  });
  // A pull of announced returns: tried again from 15 s, doubling, for about four hours; the
  // marketplace returns round queues the next one anyway.
  await ensureQueue(QUEUES.marketplaceReturnsDead, {});
  await ensureQueue(QUEUES.marketplaceReturns, {
    policy: 'short',
    retryLimit: 10,
    retryDelay: 15,
    retryBackoff: true,
    expireInSeconds: 600,
    deadLetter: QUEUES.marketplaceReturnsDead,
  });
}

/** Makes or updates a queue with its options (and its fetch indexes). */
type EnsureQueue = (name: string, options: Omit<PgBoss.Queue, 'name'>) => Promise<void>;

async function ensureQueueOf(boss: PgBoss, name: string, options: Omit<PgBoss.Queue, 'name'>, indexes: FetchIndexOptions) {
  const existing = await boss.getQueue(name);
  if (existing) await boss.updateQueue(name, { name, ...options });
  else await boss.createQueue(name, { name, ...options });
  await ensureFetchIndex(boss, name, indexes);
}

/** Queues jobs through pg-boss's own insert (one statement), run on the caller's transaction or,
 * given the database, committed by itself. The instance is
 * never started: it only writes rows, so any process (a server without workers too) can queue. */
export function createJobEnqueuer(): JobEnqueuer {
  const refuse: SqlExecutor = {
    executeSql: () => Promise.reject(new Error('jobs are queued inside a transaction only')),
  };
  const boss = new PgBoss({ db: refuse, schema: 'pgboss' } as PgBoss.ConstructorOptions);
  return {
    enqueue: async (tx, queue, jobs) => {
      if (jobs.length === 0) return;
      await boss.insert(
        jobs.map((j) => ({
          name: queue,
          data: j.data,
          ...(j.singletonKey ? { singletonKey: j.singletonKey } : {}),
          // An interval (no trailing Z) is read by pg-boss as from the database's now(), so an
          // application clock set elsewhere (tests, a skewed host) cannot park the job.
          ...(j.delaySeconds ? { startAfter: `${j.delaySeconds} seconds` } : {}),
        })),
        { db: txExecutor(tx) } as PgBoss.InsertOptions,
      );
    },
  };
}
