import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';
import { pruneRelayedOutbox } from '../src/app/kernel/outboxPrune.js';
import { inUnit } from '../src/app/kernel/transaction.js';
import type { DbHandle } from '../src/db/connection.js';
import { firstWaiting, LOWEST_EVERY_MS, lowestFloor, moveFloor, relayOutbox } from '../src/jobs/outboxRelay.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { testContext } from './support/testContext.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-03-02T10:00:00Z');

/** Writes `n` events in one unit; answers their outbox ids, in order. */
async function record(ctx: AppContext, n: number, tag: string): Promise<number[]> {
  await inUnit(ctx, { actor: cliActor }, async (unit) => {
    for (let i = 0; i < n; i++) unit.record({ type: 'test.ping', subjectType: 'test', subjectId: `${tag}${i}`, data: { i } });
  });
  const rows = await ctx.db
    .selectFrom('outbox')
    .innerJoin('events', 'events.id', 'outbox.event_id')
    .select('outbox.id')
    .where('events.subject_id', 'like', `${tag}%`)
    .orderBy('outbox.id')
    .execute();
  return rows.map((r) => Number(r.id));
}

/** Relays until nothing waits, from the lowest id. */
async function drain(ctx: AppContext) {
  const floor = lowestFloor();
  while ((await relayOutbox(ctx, { floor })).events > 0);
}

/** Writes an event and its outbox message in the open transaction of `client`; answers the message's id. */
async function writeMessage(client: pg.Client, tag: string): Promise<number> {
  const id = `evt_${tag}`;
  await writeEvent(client, tag);
  const taken = await client.query<{ id: string }>(
    `insert into outbox (event_id, topic, payload, created_at) values ($1, 'test.ping', $2, now()) returning id`,
    [
      id,
      JSON.stringify({
        id,
        type: 'test.ping',
        subject: { type: 'test', id: tag },
        returnId: null,
        actor: { type: 'cli', id: null },
        reason: null,
        data: {},
        occurredAt: T0.toISOString(),
      }),
    ],
  );
  return Number(taken.rows[0]?.id);
}

/** Writes an event (which gives the transaction of `client` its transaction id). */
async function writeEvent(client: pg.Client, tag: string) {
  await client.query(
    `insert into events (id, type, subject_type, subject_id, actor_type, data, occurred_at)
     values ($1, 'test.ping', 'test', $2, 'cli', '{}', now()) on conflict do nothing`,
    [`evt_${tag}`, tag],
  );
}

describe('the outbox floor', () => {
  it('moves past the ids seen only at a look whose oldest running transaction is past the horizon, and never past one waiting', () => {
    const floor = lowestFloor(0);
    expect(moveFloor(floor, { first: 7, top: 10, xmin: 50n }, 0)).toBe(false);
    expect(floor.pending).toEqual({ top: 10, seenAt: 0, horizon: null });
    // Less than a second on, a transaction may be between taking its id and its transaction id.
    expect(moveFloor(floor, { first: 7, top: 12, xmin: 60n }, 999)).toBe(false);
    expect(moveFloor(floor, { first: 7, top: 12, xmin: 60n }, 1_000)).toBe(true);
    if (floor.pending) floor.pending.horizon = 70n;
    // The horizon's own transaction, or an older one, may still run.
    expect(moveFloor(floor, { first: 7, top: 12, xmin: 70n }, 2_000)).toBe(false);
    expect(floor.from).toBe(0);
    expect(moveFloor(floor, { first: 7, top: 12, xmin: 71n }, 3_000)).toBe(false);
    expect(floor.from).toBe(7);
    expect(floor.movedAt).toBe(3_000);
    // The next step starts from the highest id that look saw.
    expect(floor.pending).toEqual({ top: 12, seenAt: 3_000, horizon: null });
    expect(moveFloor(floor, { first: null, top: 12, xmin: 80n }, 4_000)).toBe(true);
    if (floor.pending) floor.pending.horizon = 90n;
    expect(moveFloor(floor, { first: null, top: 12, xmin: 91n }, 5_000)).toBe(false);
    expect(floor.from).toBe(13);
    // Every id seen is below the floor: an idle outbox takes no horizon however long it is looked at.
    expect(floor.pending).toBeNull();
    expect(moveFloor(floor, { first: null, top: 12, xmin: 95n }, 9_000)).toBe(false);
    expect(floor.pending).toBeNull();
    expect(moveFloor(floor, { first: 13, top: 13, xmin: 95n }, 10_000)).toBe(false);
    expect(floor.pending).toEqual({ top: 13, seenAt: 10_000, horizon: null });
  });
});

describe.each(DB_KINDS)('the outbox (%s)', (kind) => {
  let handle: DbHandle;
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    ctx = testContext(handle.db, { now: () => T0 });
  });
  afterAll(() => handle.close());

  it('deletes messages relayed before the cutoff in batches, and keeps those not yet relayed however old', async () => {
    await sql`delete from outbox`.execute(handle.db);
    const ids = await record(ctx, 8, 'prune');
    const set = (id: number | undefined, created: Date, published: Date | null) =>
      handle.db
        .updateTable('outbox')
        .set({ created_at: created, published_at: published })
        .where('id', '=', Number(id))
        .execute();
    const cutoff = new Date(T0.getTime() + 24 * HOUR);
    const [a, b, c, d, e, f, g, h] = ids;
    await set(a, T0, new Date(T0.getTime() + 60_000)); // relayed long ago: goes
    await set(b, T0, null); // never relayed: stays
    await set(c, T0, new Date(T0.getTime() + 60_000)); // goes
    await set(d, new Date(T0.getTime() + HOUR), new Date(cutoff.getTime() + HOUR)); // relayed after the cutoff: stays
    await set(e, new Date(T0.getTime() + HOUR), new Date(T0.getTime() + 2 * HOUR)); // goes
    await set(f, new Date(cutoff.getTime() + HOUR), new Date(cutoff.getTime() + HOUR)); // made after the cutoff: stays
    await set(g, new Date(cutoff.getTime() + HOUR), new Date(cutoff.getTime() + HOUR)); // stays
    // Made and relayed before the cutoff but at a higher id than f and g: cannot happen (ids are
    // taken in the order messages are made), so the prune stops at the batch holding f or g and
    // never reads it.
    await set(h, T0, new Date(T0.getTime() + 60_000));

    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(3);
    const left = await handle.db.selectFrom('outbox').select('id').orderBy('id').execute();
    expect(left.map((r) => Number(r.id))).toEqual([b, d, f, g, h]);
    // The message kept unrelayed is relayed as ever, and goes once relayed before the cutoff.
    expect((await relayOutbox(ctx)).events).toBe(1);
    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(1);
    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(0);
    expect(await handle.db.selectFrom('outbox').select('id').where('id', '=', Number(h)).execute()).toHaveLength(1);
  });

  // On PostgreSQL the floor may be held by a transaction of any database on the server (another
  // test suite's, say), so how far it moves is asserted where the test owns the whole server.
  it.runIf(kind === 'pglite')('reads from a floor that moves past relayed messages, never past one waiting', async () => {
    await drain(ctx);
    const relayed = await record(ctx, 3, 'floor');
    expect((await relayOutbox(ctx, { floor: lowestFloor() })).events).toBe(3);
    const floor = lowestFloor(0);
    expect(await firstWaiting(ctx, floor, 0)).toBeNull();
    // A look a moment later does not move it: a transaction may still hold a lower id.
    expect(await firstWaiting(ctx, floor, 10)).toBeNull();
    expect(floor.from).toBe(0);
    // A second on it takes the horizon, and the look after it passes the ids seen.
    expect(await firstWaiting(ctx, floor, 1_000)).toBeNull();
    expect(floor.from).toBe(0);
    expect(await firstWaiting(ctx, floor, 2_000)).toBeNull();
    expect(floor.from).toBe(Number(relayed.at(-1)) + 1);

    const [waiting] = await record(ctx, 1, 'waits');
    // However often it looks, the floor stays at the message waiting.
    for (let ms = 3_000; ms < 8_000; ms += 1_000) expect(await firstWaiting(ctx, floor, ms)).toBe(waiting);
    expect(floor.from).toBe(waiting);
    expect((await relayOutbox(ctx, { floor, now: 8_000 })).events).toBe(1);
  });

  it('reads from the lowest id again once five minutes have passed', async () => {
    await drain(ctx);
    const [missed] = await record(ctx, 1, 'missed');
    // A floor past a message waiting, as one the floor had wrongly passed would be.
    const floor = { ...lowestFloor(0), from: Number(missed) + 1 };
    expect((await relayOutbox(ctx, { floor, now: 60_000 })).events).toBe(0);
    expect((await relayOutbox(ctx, { floor, now: LOWEST_EVERY_MS })).events).toBe(0);
    expect((await relayOutbox(ctx, { floor, now: LOWEST_EVERY_MS + 1 })).events).toBe(1);
    expect(floor.lowestAt).toBe(LOWEST_EVERY_MS + 1);
  });
});

describe.skipIf(!DB_KINDS.includes('postgres'))(postgresOnly('the outbox on PostgreSQL'), () => {
  let handle: DbHandle & { url?: string };
  let ctx: AppContext;
  beforeAll(async () => {
    handle = await createTestDb('postgres');
    ctx = testContext(handle.db, { now: () => T0 });
  });
  afterAll(() => handle.close());

  const client = async () => {
    const c = new pg.Client({ connectionString: handle.url });
    await c.connect();
    return c;
  };

  it('relays a message whose transaction took its id first and committed after later ones were relayed', async () => {
    await drain(ctx);
    const late = await client();
    try {
      await late.query('begin');
      const lateId = await writeMessage(late, 'late');
      const [early] = await record(ctx, 1, 'early');
      expect(early).toBeGreaterThan(lateId);

      const floor = lowestFloor(0);
      const clock = { ms: 0 };
      expect(await firstWaiting(ctx, floor, clock.ms)).toBe(early);
      expect((await relayOutbox(ctx, { floor, now: clock.ms })).events).toBe(1);
      // Looks long after, while the late transaction still runs: the floor stays below its id.
      for (let i = 0; i < 5; i++) {
        clock.ms += 2_000;
        expect(await firstWaiting(ctx, floor, clock.ms)).toBeNull();
      }
      expect(floor.from).toBeLessThanOrEqual(lateId);

      await late.query('commit');
      clock.ms += 2_000;
      expect(await firstWaiting(ctx, floor, clock.ms)).toBe(lateId);
      expect((await relayOutbox(ctx, { floor, now: clock.ms })).events).toBe(1);
    } finally {
      await late.end();
    }
  });

  it('keeps the floor below a message whose transaction began after one that committed a higher id, and warns once that it is held', async () => {
    await drain(ctx);
    const [u, t, other] = [await client(), await client(), await client()];
    try {
      // u has its transaction id first, t a later one; t takes message id n, u takes n + 1 and commits.
      await u.query('begin');
      await writeEvent(u, 'first_xid');
      await t.query('begin');
      await writeEvent(t, 'second_xid');
      const n = await writeMessage(t, 'second_xid');
      const n1 = await writeMessage(u, 'first_xid');
      await u.query('commit');
      expect(n1).toBeGreaterThan(n);
      // Another process's relay holds n + 1 (a slow fan-out), so it stays unpublished meanwhile.
      await other.query('begin');
      await other.query('select id from outbox where id = $1 for update', [n1]);

      const warnings: object[] = [];
      const log = { warn: (obj: object) => warnings.push(obj) };
      const floor = lowestFloor(0);
      for (let ms = 0; ms <= 10_000; ms += 2_000) expect((await relayOutbox(ctx, { floor, now: ms, log })).events).toBe(0);
      expect(floor.from).toBeLessThanOrEqual(n);
      expect(warnings).toEqual([]);
      // A minute on, t still running: the relay says so once, not at every look.
      for (let ms = 61_000; ms <= 65_000; ms += 2_000) expect((await relayOutbox(ctx, { floor, now: ms, log })).events).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(floor.from).toBeLessThanOrEqual(n);

      await t.query('commit');
      expect((await relayOutbox(ctx, { floor, now: 66_000, log })).events).toBe(1);
      const relayed = await handle.db.selectFrom('outbox').select('published_at').where('id', '=', n).executeTakeFirst();
      expect(relayed?.published_at).not.toBeNull();
      await other.query('rollback');
      expect((await relayOutbox(ctx, { floor, now: 67_000, log })).events).toBe(1);
    } finally {
      for (const c of [u, t, other]) await c.end();
    }
  });
});
