import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { eventsCommitted, whenEventsCommitted } from '../../src/app/kernel/eventsCommitted.js';
import { PreparingClient, wrapPglite } from '../../src/db/connection.js';
import { asBackgroundWork, GatedPool, isBackgroundWork, PriorityGate } from '../../src/db/priorityGate.js';
import type { Database } from '../../src/db/schema.js';
import { until } from '../support/until.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A promise and the function that settles it, to hold a turn until the test lets go. */
function latch() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe('PriorityGate', () => {
  it('hands a taken gate to a waiting request before background work that asked earlier', async () => {
    const gate = new PriorityGate(8);
    const order: string[] = [];
    await gate.acquire(true);
    const waiters = [
      gate.acquire(true).then(() => order.push('background 1')),
      gate.acquire(true).then(() => order.push('background 2')),
      gate.acquire(false).then(() => order.push('request')),
    ];
    expect(gate.waiting()).toEqual({ requests: 1, background: 2 });
    for (let i = 0; i < 3; i++) {
      gate.release();
      await until(() => order.length === i + 1);
    }
    await Promise.all(waiters);
    gate.release();
    expect(order).toEqual(['request', 'background 1', 'background 2']);
  });

  it('gives waiting background work a turn after the set number of requests in a row', async () => {
    const gate = new PriorityGate(3);
    const order: string[] = [];
    await gate.acquire(false);
    void gate.acquire(true).then(() => order.push('background'));
    for (let i = 1; i <= 5; i++) void gate.acquire(false).then(() => order.push(`request ${i}`));
    for (let i = 0; i < 6; i++) {
      gate.release();
      await until(() => order.length === i + 1);
    }
    gate.release();
    expect(order).toEqual(['request 1', 'request 2', 'request 3', 'background', 'request 4', 'request 5']);
    expect(gate.waiting()).toEqual({ requests: 0, background: 0 });
  });

  it('refuses a release nobody holds', () => {
    expect(() => new PriorityGate().release()).toThrow(/nobody holds/);
  });
});

describe('the embedded database under background work', () => {
  it('runs a request before a stream of background statements queued ahead of it', async () => {
    const lite = await PGlite.create('memory://');
    const gate = new PriorityGate();
    const pool = new pg.Pool({ ...createPgConfig(lite), max: 1, Client: PreparingClient } as pg.PoolConfig);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new GatedPool(pool, gate) }) });
    cleanups.push(async () => {
      await db.destroy();
      await lite.close();
    });
    const finished: string[] = [];
    const hold = latch();
    const held = latch();
    // A background transaction holds the one connection while more background work queues up.
    const longTx = asBackgroundWork(() =>
      db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        held.open();
        await hold.opened;
      }),
    );
    await held.opened;
    const stream = asBackgroundWork(() =>
      Array.from({ length: 20 }, (_, i) => sql`select ${i}::int as n`.execute(db).then(() => finished.push(`background ${i}`))),
    );
    await until(() => gate.waiting().background === 20, { what: 'the background statements to queue' });
    const request = sql`select 'request' as who`.execute(db).then(() => finished.push('request'));
    await until(() => gate.waiting().requests === 1, { what: 'the request to queue' });
    hold.open();
    await Promise.all([longTx, request, ...stream]);
    expect(finished).toHaveLength(21);
    expect(finished[0]).toBe('request');
  });

  it('gives requests on a PGlite handle their turn before background work, statements and transactions alike', async () => {
    const gate = new PriorityGate();
    const handle = wrapPglite(await PGlite.create('memory://'), undefined, gate);
    cleanups.push(() => handle.close());
    const jobs = 'executor' in handle.jobs ? handle.jobs.executor : null;
    if (!jobs) throw new Error('a PGlite handle runs the job queue on its own pool');
    const finished: string[] = [];
    const hold = latch();
    const held = latch();
    const longTx = asBackgroundWork(() =>
      handle.db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        held.open();
        await hold.opened;
      }),
    );
    await held.opened;
    // The job queue's statements are background work that asked first; then a statement and a
    // transaction of a request ask.
    const job = asBackgroundWork(() => jobs.executeSql('select 4::int as n; select 5::int as n')).then((r) => {
      finished.push('job');
      return r.rows;
    });
    await until(() => gate.waiting().background === 1, { what: 'the job statement to queue' });
    const statement = sql<{ n: number }>`select 2::int as n`.execute(handle.db).then((r) => {
      finished.push('statement');
      return r.rows[0]?.n;
    });
    await until(() => gate.waiting().requests === 1, { what: 'the request statement to queue' });
    const transaction = handle.db
      .transaction()
      .execute((tx) => sql<{ n: number }>`select 3::int as n`.execute(tx))
      .then((r) => {
        finished.push('transaction');
        return r.rows[0]?.n;
      });
    await until(() => gate.waiting().requests === 2, { what: 'the request transaction to queue' });
    hold.open();
    const [, jobRows, two, three] = await Promise.all([longTx, job, statement, transaction]);
    expect(finished).toEqual(['statement', 'transaction', 'job']);
    expect([two, three]).toEqual([2, 3]);
    expect(jobRows).toEqual([{ n: 5 }]);
  });

  it('keeps work started in the background as background work across timers and awaits', async () => {
    const seen = await asBackgroundWork(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return new Promise<boolean>((resolve) => setTimeout(() => resolve(isBackgroundWork()), 1));
    });
    expect(seen).toBe(true);
    expect(isBackgroundWork()).toBe(false);
  });

  it('tells a listener of committed events in the context it was registered in, not the committer’s', () => {
    const db = {};
    const seen: boolean[] = [];
    const stop = asBackgroundWork(() => whenEventsCommitted(db, () => seen.push(isBackgroundWork())));
    eventsCommitted(db);
    stop();
    eventsCommitted(db);
    expect(seen).toEqual([true]);
  });

  it('tells a listener registered outside background work in the committer’s context, holding none of its own', () => {
    const db = {};
    const seen: boolean[] = [];
    const stop = whenEventsCommitted(db, () => seen.push(isBackgroundWork()));
    asBackgroundWork(() => eventsCommitted(db));
    eventsCommitted(db);
    stop();
    expect(seen).toEqual([true, false]);
  });
});
