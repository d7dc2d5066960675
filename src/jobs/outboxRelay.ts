import type { AppContext } from '../app/kernel/context.js';
import { type PublishedEvent, takes } from '../app/kernel/subscribers.js';
import type { Tx } from '../app/kernel/unit.js';
import { QUEUES } from './jobQueue.js';

export interface RelayReport {
  events: number;
  /** Jobs queued for after-commit subscribers. */
  followUps: number;
  /** What each fan-out subscriber made (deliveries, e-mails, runs), by its name. */
  fannedOut: Record<string, number>;
}

/** Unpublished outbox rows, oldest first, each taken by one relay (`skip locked`). */
function unpublished(tx: Tx, limit: number) {
  return tx
    .selectFrom('outbox')
    .select(['id', 'event_id', 'topic', 'payload'])
    .where('published_at', 'is', null)
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** One job per after-commit subscriber and event it takes (and may have work for), named
 * `subscriber:event`. */
async function queueFollowUps(ctx: AppContext, tx: Tx, events: readonly PublishedEvent[]): Promise<number> {
  const jobs: { data: Record<string, unknown>; singletonKey: string }[] = [];
  for (const s of ctx.subscribers.afterCommit) {
    let taken: readonly PublishedEvent[] = events.filter((e) => takes(s.on, { type: e.type, subjectType: e.subject.type }));
    if (taken.length > 0 && s.narrow) taken = await s.narrow(tx, taken);
    for (const e of taken) jobs.push({ data: { subscriber: s.name, eventId: e.id }, singletonKey: `${s.name}:${e.id}` });
  }
  await ctx.jobs.enqueue(tx, QUEUES.followUp, jobs);
  return jobs.length;
}

/**
 * Moves events from the transactional outbox to their subscribers (src/app/subscribers.ts): the
 * fan-out subscribers write what each event asks for (webhook deliveries, shopper e-mails, staff
 * notifications, automation runs, each with its job), and every after-commit subscriber that takes
 * an event gets a job for it. All of it and the outbox rows marked published are written in one
 * transaction, so an event reaches its subscribers exactly once however many workers run (`skip
 * locked`: each takes other rows) and whenever one of them dies.
 */
export async function relayOutbox(ctx: AppContext, limit = 200): Promise<RelayReport> {
  // An idle outbox is told by one read, without a transaction around it: the relay looks often.
  const waiting = await ctx.db.selectFrom('outbox').select('id').where('published_at', 'is', null).limit(1).executeTakeFirst();
  if (!waiting) return { events: 0, followUps: 0, fannedOut: {} };
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await unpublished(tx, limit);
    if (rows.length === 0) return { events: 0, followUps: 0, fannedOut: {} };
    // The outbox message is the event as written (src/app/kernel/transaction.ts).
    const events = rows.map((r) => r.payload as unknown as PublishedEvent);
    const now = ctx.now();
    const followUps = await queueFollowUps(ctx, tx, events);
    const fannedOut: Record<string, number> = {};
    for (const s of ctx.subscribers.fanOut) fannedOut[s.name] = await s.fanOut(ctx, tx, events, now);
    await tx
      .updateTable('outbox')
      .set({ published_at: now })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return { events: rows.length, followUps, fannedOut };
  });
}
