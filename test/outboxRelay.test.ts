import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AppContext, cliActor } from '../src/app/kernel/context.js';
import { pruneRelayedOutbox } from '../src/app/kernel/outboxPrune.js';
import { inUnit } from '../src/app/kernel/transaction.js';
import type { DbHandle } from '../src/db/connection.js';
import { firstWaiting, lowestFloor, type OutboxFloor, relayOutbox } from '../src/jobs/outboxRelay.js';
import { createTestDb, DB_KINDS, postgresOnly } from './support/databases.js';
import { testContext } from './support/testContext.js';
import { until } from './support/until.js';

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

/** Looks with the floor again and again, a process-clock second apart, until `done` holds. */
async function lookUntil(ctx: AppContext, floor: OutboxFloor, clock: { ms: number }, done: (first: number | null) => boolean) {
  return until(async () => {
    clock.ms += 1_000;
    const first = await firstWaiting(ctx, floor, clock.ms);
    return done(first) ? { first } : null;
  });
}

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
    const ids = await record(ctx, 6, 'prune');
    const set = (id: number | undefined, created: Date, published: Date | null) =>
      handle.db
        .updateTable('outbox')
        .set({ created_at: created, published_at: published })
        .where('id', '=', Number(id))
        .execute();
    const cutoff = new Date(T0.getTime() + 24 * HOUR);
    const [a, b, c, d, e, f] = ids;
    await set(a, T0, new Date(T0.getTime() + 60_000)); // relayed long ago: goes
    await set(b, T0, null); // never relayed: stays
    await set(c, T0, new Date(T0.getTime() + 60_000)); // goes
    await set(d, new Date(T0.getTime() + HOUR), new Date(cutoff.getTime() + HOUR)); // relayed after the cutoff: stays
    await set(e, new Date(T0.getTime() + HOUR), new Date(T0.getTime() + 2 * HOUR)); // goes
    await set(f, new Date(cutoff.getTime() + HOUR), new Date(cutoff.getTime() + HOUR)); // made after the cutoff: stays

    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(3);
    const left = await handle.db.selectFrom('outbox').select('id').orderBy('id').execute();
    expect(left.map((r) => Number(r.id))).toEqual([b, d, f]);
    // The message kept unrelayed is relayed as ever, and goes once relayed before the cutoff.
    expect((await relayOutbox(ctx)).events).toBe(1);
    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(1);
    expect(await pruneRelayedOutbox(handle.db, cutoff, 2)).toBe(0);
  });

  it('reads from a floor that moves past relayed messages, never past one waiting', async () => {
    await relayOutbox(ctx);
    const relayed = await record(ctx, 3, 'floor');
    expect((await relayOutbox(ctx)).events).toBe(3);
    const floor = lowestFloor(0);
    const clock = { ms: 0 };
    expect(await firstWaiting(ctx, floor, clock.ms)).toBeNull();
    // A look a moment later does not move it: a transaction may still hold a lower id.
    expect(await firstWaiting(ctx, floor, clock.ms + 10)).toBeNull();
    expect(floor.from).toBe(0);
    await lookUntil(ctx, floor, clock, () => floor.from > 0);
    expect(floor.from).toBe(Number(relayed.at(-1)) + 1);

    const [waiting] = await record(ctx, 1, 'waits');
    // However often it looks, the floor stays at the message waiting.
    for (let i = 0; i < 5; i++) {
      clock.ms += 1_000;
      expect(await firstWaiting(ctx, floor, clock.ms)).toBe(waiting);
    }
    expect(floor.from).toBe(waiting);
    expect((await relayOutbox(ctx)).events).toBe(1);
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

  it('relays a message whose transaction took its id first and committed after later ones were relayed', async () => {
    const late = new pg.Client({ connectionString: handle.url });
    await late.connect();
    try {
      await late.query('begin');
      await late.query(
        `insert into events (id, type, subject_type, subject_id, actor_type, data, occurred_at)
         values ('evt_late', 'test.ping', 'test', 'late', 'cli', '{}', now())`,
      );
      const taken = await late.query<{ id: string }>(
        `insert into outbox (event_id, topic, payload, created_at) values ('evt_late', 'test.ping', $1, now()) returning id`,
        [
          JSON.stringify({
            id: 'evt_late',
            type: 'test.ping',
            subject: { type: 'test', id: 'late' },
            returnId: null,
            actor: { type: 'cli', id: null },
            reason: null,
            data: {},
            occurredAt: T0.toISOString(),
          }),
        ],
      );
      const lateId = Number(taken.rows[0]?.id);
      const [early] = await record(ctx, 1, 'early');
      expect(early).toBeGreaterThan(lateId);

      const floor = lowestFloor(0);
      const clock = { ms: 0 };
      expect(await firstWaiting(ctx, floor, clock.ms)).toBe(early);
      expect((await relayOutbox(ctx)).events).toBe(1);
      // Looks long after, while the late transaction still runs: the floor stays below its id.
      for (let i = 0; i < 5; i++) {
        clock.ms += 2_000;
        expect(await firstWaiting(ctx, floor, clock.ms)).toBeNull();
      }
      expect(floor.from).toBeLessThanOrEqual(lateId);

      await late.query('commit');
      clock.ms += 2_000;
      expect(await firstWaiting(ctx, floor, clock.ms)).toBe(lateId);
      expect((await relayOutbox(ctx)).events).toBe(1);
      // Once it is relayed and no transaction may hold a lower id, the floor moves on.
      await lookUntil(ctx, floor, clock, () => floor.from > Number(early));
    } finally {
      await late.end();
    }
  });
});
