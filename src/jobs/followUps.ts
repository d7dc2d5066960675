import type PgBoss from 'pg-boss';
import type { AppContext } from '../app/kernel/context.js';
import type { PublishedEvent } from '../app/kernel/subscribers.js';
import type { RetourDb } from '../db/connection.js';
import { QUEUES, txExecutor } from './jobQueue.js';
import { relayOutbox } from './outboxRelay.js';

/** What a follow-up job names: the after-commit subscriber and the event it follows. */
export interface FollowUpJob {
  subscriber: string;
  eventId: string;
}

async function loadEvent(db: RetourDb, eventId: string): Promise<PublishedEvent | null> {
  const row = await db.selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    type: row.type,
    subject: { type: row.subject_type, id: row.subject_id },
    returnId: row.return_id,
    actor: { type: row.actor_type, id: row.actor_id },
    reason: row.reason,
    data: row.data,
    occurredAt: new Date(row.occurred_at).toISOString(),
  };
}

/** Runs one subscriber for one event. A subscriber this version no longer has, or an event gone,
 * leaves nothing to do. Errors go back to the queue, which tries again later. */
export async function runFollowUp(ctx: AppContext, job: FollowUpJob): Promise<void> {
  const subscriber = ctx.subscribers.afterCommit.find((s) => s.name === job.subscriber);
  if (!subscriber) return;
  const event = await loadEvent(ctx.db, job.eventId);
  if (event) await subscriber.handle(ctx, event);
}

/**
 * Relays the outbox and runs the follow-up jobs it queued, in this process and one at a time,
 * until no event waits and no follow-up is due: a way to reach quiet deterministically without
 * workers (tests; the jobs of other queues stay for the workers). `boss` only reads and writes the
 * job rows, on `ctx.db`. Answers how many follow-ups ran; the first one that failed is thrown
 * after it was marked failed (it is retried later, as a worker's would be).
 */
export async function runFollowUpsToQuiet(ctx: AppContext, boss: PgBoss): Promise<number> {
  const db = { db: txExecutor(ctx.db) } as PgBoss.ConnectionOptions;
  let ran = 0;
  for (;;) {
    const relayed = await relayOutbox(ctx);
    const jobs = await boss.fetch<FollowUpJob>(QUEUES.followUp, { batchSize: 1, ...db });
    if (relayed.events === 0 && jobs.length === 0) return ran;
    for (const job of jobs) {
      try {
        await runFollowUp(ctx, job.data);
        await boss.complete(QUEUES.followUp, job.id, {}, db);
        ran++;
      } catch (err) {
        await boss.fail(QUEUES.followUp, job.id, { message: String(err) }, db);
        throw err;
      }
    }
  }
}
