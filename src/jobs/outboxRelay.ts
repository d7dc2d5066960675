import { sql } from 'kysely';
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

/**
 * Where a process's relay starts reading the outbox. The index of unpublished rows keeps an entry
 * for every row published since the table was last vacuumed, so a read from the lowest id walks
 * them all; the relay reads from `from`, below which every row is published. Ids are taken before
 * their transaction commits, so a row may turn up after rows with higher ids were published:
 * `from` moves past the highest id seen (`pending.top`) only at a look whose snapshot shows that
 * every transaction running when that id was seen has ended (`pending.horizon`, the snapshot's
 * xmax at the first look a second or more later, so a transaction between taking its id and
 * writing its row has its transaction id by then), and never past an unpublished row that look saw.
 * Every few minutes the relay reads from the lowest id once more, whatever happened meanwhile.
 */
export interface OutboxFloor {
  from: number;
  pending: { top: number; seenAt: number; horizon: bigint | null } | null;
  /** When the relay last read from the lowest id (process clock, ms). */
  lowestAt: number;
}

/** How long after seeing an id the relay takes the snapshot that says who may still hold a lower one. */
const HORIZON_AFTER_MS = 1_000;
/** How often the relay reads the outbox from its lowest id all the same. */
const LOWEST_EVERY_MS = 5 * 60_000;

const floors = new WeakMap<object, OutboxFloor>();

/** A floor that reads from the lowest id. */
export function lowestFloor(now = Date.now()): OutboxFloor {
  return { from: 0, pending: null, lowestAt: now };
}

function floorOf(ctx: AppContext): OutboxFloor {
  let floor = floors.get(ctx.db);
  if (!floor || Date.now() - floor.lowestAt > LOWEST_EVERY_MS) {
    floor = lowestFloor();
    floors.set(ctx.db, floor);
  }
  return floor;
}

/** The first unpublished row from the floor on (its id, or null), and moves the floor (see
 * OutboxFloor); `now` is the process clock. One statement, so the rows it sees and the snapshot it
 * reads are the same. */
export async function firstWaiting(ctx: Pick<AppContext, 'db'>, floor: OutboxFloor, now = Date.now()): Promise<number | null> {
  const { rows } = await sql<{ first: string | number | null; top: string | number | null; xmin: string; xmax: string }>`
    select (select id from outbox where published_at is null and id >= ${floor.from} order by id limit 1) as first,
      (select max(id) from outbox) as top,
      pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
      pg_snapshot_xmax(pg_current_snapshot())::text as xmax`.execute(ctx.db);
  const row = rows[0];
  if (!row) return null;
  const first = row.first === null ? null : Number(row.first);
  const pending = floor.pending;
  if (pending?.horizon != null && BigInt(row.xmin) >= pending.horizon) {
    // Every row up to pending.top is visible to this look if it ever commits: those it saw
    // unpublished stay above the floor.
    floor.from = Math.max(floor.from, Math.min(first ?? Number.POSITIVE_INFINITY, pending.top + 1));
    floor.pending = null;
  } else if (pending && pending.horizon === null && now - pending.seenAt >= HORIZON_AFTER_MS) {
    pending.horizon = BigInt(row.xmax);
  }
  if (!floor.pending && row.top !== null) floor.pending = { top: Number(row.top), seenAt: now, horizon: null };
  return first;
}

/** Unpublished outbox rows from the floor on, oldest first, each taken by one relay (`skip locked`). */
function unpublished(tx: Tx, from: number, limit: number) {
  return tx
    .selectFrom('outbox')
    .select(['id', 'event_id', 'topic', 'payload'])
    .where('published_at', 'is', null)
    .where('id', '>=', from)
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
  const floor = floorOf(ctx);
  const first = await firstWaiting(ctx, floor);
  if (first === null) return { events: 0, followUps: 0, fannedOut: {} };
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await unpublished(tx, floor.from, limit);
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
