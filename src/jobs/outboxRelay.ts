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
 * `from` moves past the highest id seen (`pending.top`) only at a look whose snapshot's xmin is
 * past `pending.horizon`, and never past an unpublished row that look saw. The horizon is a
 * transaction id taken (`pg_current_xact_id()`, in a statement of its own) at the first look a
 * second or more after the id was seen: a transaction that took an id up to `top` has its own
 * transaction id by then, and every transaction id handed out so far is below a new one, so once
 * the oldest running transaction is past the horizon all of them have ended and their rows are
 * seen. (A snapshot's xmax would not do: it is the newest *ended* transaction's id + 1, and a
 * transaction that took its id later but is still running is not below it.) The xmin is the
 * whole cluster's, so any long transaction anywhere holds the floor where it is: reads are then
 * slower, never wrong, and the relay warns once when it has not moved for a minute. Every few
 * minutes the relay reads from the lowest id once more, whatever happened meanwhile.
 */
export interface OutboxFloor {
  from: number;
  pending: { top: number; seenAt: number; horizon: bigint | null } | null;
  /** When the relay last read from the lowest id (process clock, ms). */
  lowestAt: number;
  /** When `from` last moved (process clock, ms), and whether the relay has warned since. */
  movedAt: number;
  warned: boolean;
}

/** What one look of the relay read, in one statement: the first unpublished id from the floor on,
 * the highest id, and its snapshot's xmin. */
export interface OutboxLook {
  first: number | null;
  top: number | null;
  xmin: bigint;
}

/** Where the relay tells that its floor is held back (the worker's log). */
export interface RelayLog {
  warn(obj: object, msg: string): void;
}

/** How long after seeing an id the relay takes the transaction id that says who may still hold a lower one. */
const HORIZON_AFTER_MS = 1_000;
/** How often the relay reads the outbox from its lowest id all the same. */
export const LOWEST_EVERY_MS = 5 * 60_000;
/** How long the floor may stay where it is, with messages at or past it, before the relay warns. */
export const FLOOR_STALLED_MS = 60_000;

const floors = new WeakMap<object, OutboxFloor>();

/** A floor that reads from the lowest id. */
export function lowestFloor(now = Date.now()): OutboxFloor {
  return { from: 0, pending: null, lowestAt: now, movedAt: now, warned: false };
}

function floorOf(ctx: Pick<AppContext, 'db'>, now: number): OutboxFloor {
  let floor = floors.get(ctx.db);
  if (!floor) {
    floor = lowestFloor(now);
    floors.set(ctx.db, floor);
  }
  return floor;
}

/**
 * Moves the floor after a look (see OutboxFloor); `now` is the process clock. Answers whether the
 * relay must now take the horizon (`pending.horizon`) for the ids seen so far.
 */
export function moveFloor(floor: OutboxFloor, look: OutboxLook, now: number): boolean {
  const pending = floor.pending;
  let wantsHorizon = false;
  if (pending?.horizon != null && look.xmin > pending.horizon) {
    // Every transaction that took an id up to pending.top has ended before this look: those it
    // saw unpublished stay above the floor.
    const from = Math.max(floor.from, Math.min(look.first ?? Number.POSITIVE_INFINITY, pending.top + 1));
    if (from > floor.from) {
      floor.from = from;
      floor.movedAt = now;
      floor.warned = false;
    }
    floor.pending = null;
  } else if (pending && pending.horizon === null && now - pending.seenAt >= HORIZON_AFTER_MS) {
    wantsHorizon = true;
  }
  // With every id seen below the floor there is nothing to pass: an idle outbox costs no horizon.
  if (!floor.pending && look.top !== null && look.top >= floor.from)
    floor.pending = { top: look.top, seenAt: now, horizon: null };
  return wantsHorizon;
}

/** The first unpublished row from the floor on (its id, or null), and moves the floor (see
 * OutboxFloor); `now` is the process clock. One statement, so the rows it sees and the snapshot it
 * reads are the same; a second one when the floor needs a horizon. */
export async function firstWaiting(
  ctx: Pick<AppContext, 'db'>,
  floor: OutboxFloor,
  now = Date.now(),
  log?: RelayLog,
): Promise<number | null> {
  if (now - floor.lowestAt > LOWEST_EVERY_MS) Object.assign(floor, lowestFloor(now));
  const { rows } = await sql<{ first: string | number | null; top: string | number | null; xmin: string }>`
    select (select id from outbox where published_at is null and id >= ${floor.from} order by id limit 1) as first,
      (select max(id) from outbox) as top,
      pg_snapshot_xmin(pg_current_snapshot())::text as xmin`.execute(ctx.db);
  const row = rows[0];
  if (!row) return null;
  const look: OutboxLook = {
    first: row.first === null ? null : Number(row.first),
    top: row.top === null ? null : Number(row.top),
    xmin: BigInt(row.xmin),
  };
  if (moveFloor(floor, look, now) && floor.pending) {
    // Its own statement, committed at once: a transaction id handed out after every one so far.
    const taken = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(ctx.db);
    floor.pending.horizon = BigInt(taken.rows[0]?.xid ?? '0');
  }
  if (!floor.warned && look.top !== null && look.top >= floor.from && now - floor.movedAt > FLOOR_STALLED_MS) {
    floor.warned = true;
    log?.warn(
      { from: floor.from, top: look.top, xmin: row.xmin, stalledMs: now - floor.movedAt },
      'the outbox relay has not moved its floor for over a minute: a long transaction (in any database of the server) or a message locked by another relay holds it; reads walk every message from it on',
    );
  }
  return look.first;
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
    if (taken.length > 0 && s.narrow) taken = await s.narrow(ctx, tx, taken);
    for (const e of taken) jobs.push({ data: { subscriber: s.name, eventId: e.id }, singletonKey: `${s.name}:${e.id}` });
  }
  await ctx.jobs.enqueue(tx, QUEUES.followUp, jobs);
  return jobs.length;
}

export interface RelayOptions {
  /** Most events relayed by one call (200). */
  limit?: number;
  /** The process clock (ms) for the floor. */
  now?: number;
  /** The floor to read from; the process's own for this database by default. */
  floor?: OutboxFloor;
  log?: RelayLog;
}

/**
 * Moves events from the transactional outbox to their subscribers (src/app/subscribers.ts): the
 * fan-out subscribers write what each event asks for (webhook deliveries, shopper e-mails, staff
 * notifications, automation runs, each with its job), and every after-commit subscriber that takes
 * an event gets a job for it. All of it and the outbox rows marked published are written in one
 * transaction, so an event reaches its subscribers exactly once however many workers run (`skip
 * locked`: each takes other rows) and whenever one of them dies.
 */
export async function relayOutbox(ctx: AppContext, options: RelayOptions = {}): Promise<RelayReport> {
  const { limit = 200, now = Date.now(), log } = options;
  const floor = options.floor ?? floorOf(ctx, now);
  // An idle outbox is told by one read, without a transaction around it: the relay looks often.
  const first = await firstWaiting(ctx, floor, now, log);
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
