import type PgBoss from 'pg-boss';
import type { AppContext } from '../app/kernel/context.js';
import { giveUpAutomation, runAutomation } from '../app/messaging/automation/runAutomation.js';
import { giveUpEmail, sendEmail } from '../app/messaging/emails/sendEmail.js';
import { deliverWebhook, giveUpDelivery } from '../app/messaging/webhooks/deliverWebhook.js';
import type { DbHandle } from '../db/connection.js';
import { createJobEnqueuer, QUEUES, type RetryPolicy, startJobQueue } from './jobQueue.js';
import { relayOutbox } from './outboxRelay.js';

export interface WorkerOptions {
  /** How often the outbox is looked at when it was empty (ms). */
  pollMs?: number;
  /** Deliveries sent at the same time by this process. */
  concurrency?: number;
  webhookRetries?: RetryPolicy;
  emailRetries?: RetryPolicy;
  log?: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
}

export interface Workers {
  boss: PgBoss;
  /** Drains the outbox now (tests and the benchmark use it to wait for quiet). */
  relayNow(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * The background work of one process: relay the outbox into deliveries and send them. Any number
 * of processes may run it on one PostgreSQL; each event is relayed once and each delivery job is
 * taken by one worker at a time.
 */
export async function startWorkers(ctx: AppContext, handle: DbHandle, options: WorkerOptions = {}): Promise<Workers> {
  const boss = await startJobQueue(handle, {
    webhookRetries: options.webhookRetries,
    emailRetries: options.emailRetries,
  });
  const jobs = createJobEnqueuer();
  const mailer = ctx.mail;
  const log = options.log;
  boss.on('error', (err) => log?.warn({ err }, 'job queue error'));
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const r = await relayOutbox(ctx, boss);
      total += r.events;
      if (r.events < 200 || stopped) return total;
    }
  };
  const relayNow = () => {
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
    if (!stopped) timer = setTimeout(tick, options.pollMs ?? 250);
  };
  void tick();

  const work = { pollingIntervalSeconds: 0.5, batchSize: 1 };
  // pg-boss waits its polling interval after every fetch, busy or not; a worker that just had a
  // job asks again at once instead, so a backlog drains at the speed of the receivers.
  const eager = async <T extends object>(queue: string, handler: (data: T) => Promise<unknown>) => {
    let workerId = '';
    workerId = await boss.work<T>(queue, work, async ([job]) => {
      if (!job) return;
      try {
        await handler(job.data);
      } finally {
        if (!stopped && workerId) boss.notifyWorker(workerId);
      }
    });
  };
  for (let i = 0; i < (options.concurrency ?? 4); i++) {
    await eager<{ deliveryId: string }>(QUEUES.webhook, (d) => deliverWebhook(ctx, ctx.payments.box, d.deliveryId));
    await eager<{ emailId: string; deferred?: number }>(QUEUES.email, (d) =>
      sendEmail(ctx, mailer, d.emailId, {
        deferred: d.deferred ?? 0,
        defer: async () => {
          await boss.send(QUEUES.email, { emailId: d.emailId, deferred: (d.deferred ?? 0) + 1 }, { startAfter: 2 });
        },
      }),
    );
  }
  const automation = { jobs, payments: ctx.payments };
  await eager<{ eventId: string }>(QUEUES.automation, (d) => runAutomation(ctx, automation, d.eventId));
  await boss.work<{ eventId: string }>(QUEUES.automationDead, work, async ([job]) => {
    if (job) await giveUpAutomation(ctx, jobs, job.data.eventId);
  });
  await boss.work<{ deliveryId: string }>(QUEUES.webhookDead, work, async ([job]) => {
    if (job) await giveUpDelivery(ctx, jobs, job.data.deliveryId);
  });
  await boss.work<{ emailId: string }>(QUEUES.emailDead, work, async ([job]) => {
    if (job) await giveUpEmail(ctx, jobs, job.data.emailId);
  });

  return {
    boss,
    relayNow,
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running?.catch(() => undefined);
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
      mailer.transport.close?.();
    },
  };
}
