import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordStockMovement } from '../src/app/catalog/recordStockMovement.js';
import { lockVariantsForStock, STOCK_LOCK_NAMESPACE, type StockLockMode } from '../src/app/catalog/stockLocks.js';
import { cliActor } from '../src/app/kernel/context.js';
import { inspectLines } from '../src/app/returns/inspection/inspectLines.js';
import { createTestDb, DB_KINDS, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders, seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';
import { until } from './support/until.js';

const meta = { actor: cliActor };

describe.each(DB_KINDS)('the stock locks (%s)', (kind) => {
  it('takes one advisory lock per variant, shared for restocks and alone for take-outs, until the commit', async () => {
    const db = await createTestDb(kind);
    try {
      const held = async (mode: StockLockMode) =>
        db.db.transaction().execute(async (tx) => {
          await lockVariantsForStock(tx, ['var_b', 'var_a', 'var_b'], mode);
          const { rows } = await sql<{ mode: string; n: number }>`
            select mode, count(*)::int as n from pg_locks
            where locktype = 'advisory' and classid = ${STOCK_LOCK_NAMESPACE} and objsubid = 2 and pid = pg_backend_pid()
            group by mode`.execute(tx);
          return rows;
        });
      expect(await held('shared')).toEqual([{ mode: 'ShareLock', n: 2 }]);
      expect(await held('alone')).toEqual([{ mode: 'ExclusiveLock', n: 2 }]);
      // None is left once the transactions are over (in this database: the server has others).
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`.execute(
        db.db,
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});

/** Grading restocks at the dock: restocks of one variant do not wait for each other, a writer that
 * takes units out waits for a restock under way and counts its units, and a restock that comes
 * after a waiting take-out queues behind it, so a stream of restocks cannot starve it. */
describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('restocks and the locks of the stock ledger'), () => {
  let t: TestApp;
  let dock: StaffClient;
  let held: pg.Client;
  let observer: pg.Client;
  const received: { returnId: string; lineId: string }[] = [];

  beforeAll(async () => {
    t = await createTestApp('postgres');
    await seedCatalogue(t.ctx);
    await seedStaff(t.ctx, ['warehouse']);
    const delivered = new Date(t.clock.now.getTime() - 3 * DAY);
    const orders = await seedOrders(t.ctx, [orderFixture('7101', delivered), orderFixture('7102', delivered)]);
    dock = await t.login('warehouse');
    for (const [i, order] of orders.entries()) {
      const token = await t.shopperToken(`710${i + 1}`, `710${i + 1}@example.nl`);
      const requested = await t.request({
        method: 'POST',
        url: '/api/v1/shopper/returns',
        bearer: token,
        payload: { method: 'qr', lines: [{ orderLineId: order.lineBySku['TEE-M'], quantity: 1, reasonCode: 'too_small' }] },
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const { returnId, lines } = requested.json() as { returnId: string; lines: { id: string }[] };
      const lineId = lines[0]?.id as string;
      const receive = await t.request({
        method: 'POST',
        url: `/api/v1/returns/${returnId}/receive`,
        staff: dock,
        payload: { lines: [{ returnLineId: lineId, quantity: 1 }] },
      });
      expect(receive.statusCode, receive.body).toBe(200);
      received.push({ returnId, lineId });
    }
    held = new pg.Client({ connectionString: t.handle.url as string, application_name: 'held-restock' });
    observer = new pg.Client({ connectionString: t.handle.url as string, application_name: 'lock-observer' });
    await Promise.all([held.connect(), observer.connect()]);
  });
  afterAll(async () => {
    await held?.end().catch(() => undefined);
    await observer?.end().catch(() => undefined);
    await t?.close();
  });

  const onHand = async () => {
    const { rows } = await observer.query<{ q: string }>(
      `select coalesce(sum(quantity), 0) as q from stock_movements where variant_id = 'var_tee_m' and warehouse_id = 'wh_dc' and condition = 'new'`,
    );
    return Number(rows[0]?.q);
  };
  /** The backends waiting for a lock the given one holds, or waiting behind it in a lock's queue. */
  const waitingFor = async (pid: number) => {
    const { rows } = await observer.query<{ pid: number }>(
      'select pid from pg_stat_activity where $1::int = any(pg_blocking_pids(pid))',
      [pid],
    );
    return rows.map((r) => r.pid);
  };
  const waiterOf = (pid: number, what: string) =>
    until(async () => (await waitingFor(pid))[0], { what: `${what} to wait for backend ${pid}` });

  /** A restock of the tee under way in the held transaction, as grading writes one: its stock lock
   * shared, then its movement; not committed yet. Answers the backend's pid. */
  const holdRestock = async (id: string) => {
    await held.query('begin');
    const { rows } = await held.query<{ pid: number }>(
      'select pg_backend_pid() as pid, pg_advisory_xact_lock_shared($1, hashtext($2))',
      [STOCK_LOCK_NAMESPACE, 'var_tee_m'],
    );
    await held.query(
      `insert into stock_movements (id, variant_id, warehouse_id, condition, quantity, kind, created_at)
       values ($1, 'var_tee_m', 'wh_dc', 'new', 1, 'receipt', now())`,
      [id],
    );
    return rows[0]?.pid as number;
  };
  const grade = (i: number) => {
    const line = received[i] as { returnId: string; lineId: string };
    return inspectLines(t.ctx, meta, {
      returnId: line.returnId,
      lines: [{ returnLineId: line.lineId, grade: 'A', disposition: 'restock' }],
    });
  };
  /** Takes out everything on hand and the held unit: it can only go through once that is committed. */
  const takeOutWithHeldUnit = async () => {
    const quantity = -((await onHand()) + 1);
    return recordStockMovement(t.ctx, meta, {
      variantId: 'var_tee_m',
      warehouseId: 'wh_dc',
      condition: 'new',
      quantity,
      kind: 'shipment',
    });
  };
  const settled = (p: Promise<unknown>) => {
    const state = { done: false };
    const done = () => {
      state.done = true;
    };
    p.then(done, done);
    return state;
  };

  it('grades into stock while another restock of the variant is under way', async () => {
    const a = await holdRestock('stm_held_a');
    try {
      const graded = grade(0);
      const state = settled(graded);
      // Either the grading finishes, or it is seen waiting for the held restock.
      const outcome = await until(async () => (state.done ? 'finished' : (await waitingFor(a)).length > 0 && 'waited'), {
        what: 'the grading to finish or wait',
      });
      expect(outcome).toBe('finished');
      await expect(graded).resolves.toMatchObject({ status: 'inspected' });
    } finally {
      await held.query('commit');
    }
    expect(await onHand()).toBe(2);
  });

  it('makes a take-out wait for a restock under way and count its units', async () => {
    const a = await holdRestock('stm_held_b');
    const takeOut = takeOutWithHeldUnit();
    const state = settled(takeOut);
    try {
      await waiterOf(a, 'the take-out');
      expect(state.done).toBe(false);
    } finally {
      await held.query('commit');
    }
    await expect(takeOut).resolves.toMatchObject({ onHand: 0 });
  });

  it('queues a restock that comes after a waiting take-out behind it, so restocks cannot starve it', async () => {
    const a = await holdRestock('stm_held_c');
    const takeOut = takeOutWithHeldUnit();
    let graded: ReturnType<typeof grade> | null = null;
    try {
      const b = await waiterOf(a, 'the take-out');
      graded = grade(1);
      const gradedState = settled(graded);
      // The later restock waits behind the take-out, though the held restock's lock is shared.
      const outcome = await until(async () => (gradedState.done ? 'went past' : (await waitingFor(b)).length > 0 && 'queued'), {
        what: 'the later restock to queue or finish',
      });
      expect(outcome).toBe('queued');
      expect(await waitingFor(a)).toEqual([b]);
    } finally {
      await held.query('commit');
    }
    // The take-out went when the held restock committed, before the later one: it counted the held
    // unit and not the later one, which then went in.
    await expect(takeOut).resolves.toMatchObject({ onHand: 0 });
    await expect(graded).resolves.toMatchObject({ status: 'inspected' });
    expect(await onHand()).toBe(1);
  });
});
