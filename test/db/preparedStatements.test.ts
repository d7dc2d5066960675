import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { riskFactsStatement } from '../../src/app/risk/loadRiskFacts.js';
import { MAX_PREPARED_SQL_LENGTH, PreparingClient } from '../../src/db/connection.js';
import type { Database } from '../../src/db/schema.js';
import { DEFAULT_RISK_SETTINGS } from '../../src/domain/risk/settings.js';
import { DB_KINDS } from '../support/databases.js';
import { until } from '../support/until.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Queries the way Kysely does: check a client out, query without a callback (pool.query passes
 * one, which PreparingClient leaves unprepared). */
async function run(pool: pg.Pool, text: string, values: unknown[]) {
  const client = await pool.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    client.release();
  }
}

describe('prepared statements', () => {
  // PGlite hands every client of its pool the same backend session: a client closed for being
  // idle and the one that replaces it must not hand out a statement name the session already has.
  it('survives the pool closing an idle PGlite client and opening a new one', async () => {
    const lite = await PGlite.create('memory://');
    const pool = new pg.Pool({
      ...createPgConfig(lite),
      max: 1,
      idleTimeoutMillis: 20,
      Client: PreparingClient,
    } as pg.PoolConfig);
    cleanups.push(async () => {
      await pool.end();
      await lite.close();
    });
    // Each query's client is closed for being idle (the pool lets go of it) before the next opens.
    const first = await run(pool, 'select $1::int as x', [1]);
    await until(() => pool.totalCount === 0, { what: 'the pool to close its idle client' });
    const second = await run(pool, 'select $1::text as y', ['b']);
    await until(() => pool.totalCount === 0, { what: 'the pool to close its idle client' });
    const third = await run(pool, 'select $1::int as x', [3]);
    expect([first, second, third]).toEqual([[{ x: 1 }], [{ y: 'b' }], [{ x: 3 }]]);
    // The statements really were prepared on the session, not run unnamed.
    const names = await run(pool, 'select name from pg_prepared_statements where name like $1 order by name', ['retour_%']);
    expect(names.length).toBeGreaterThanOrEqual(2);
  });

  it.runIf(DB_KINDS.includes('postgres'))('prepares anew after a schema change altered a statement', async () => {
    const pool = new pg.Pool({ connectionString: ADMIN_URL, max: 1, Client: PreparingClient });
    const table = `prep_${process.pid}_${Date.now()}`;
    cleanups.push(async () => {
      await pool.query(`drop table if exists ${table}`);
      await pool.end();
    });
    await pool.query(`create table ${table} (a int)`);
    await pool.query(`insert into ${table} values (1)`);
    const sql = `select * from ${table} where a = $1`;
    expect(await run(pool, sql, [1])).toEqual([{ a: 1 }]);
    await pool.query(`alter table ${table} add column b int default 7`);
    // The first call after the change fails once with PostgreSQL's stale-plan error...
    await expect(run(pool, sql, [1])).rejects.toMatchObject({ code: '0A000' });
    // ...and the next prepares the statement under a new name.
    expect(await run(pool, sql, [1])).toEqual([{ a: 1, b: 7 }]);
  });

  // A statement longer than the cap runs unnamed: parsed and planned again on every run. The risk
  // facts are read on every return request, and unprepared their planning was most of their cost.
  it('keeps the risk facts of a return request short enough to stay prepared, in each of their shapes', () => {
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool() }) });
    const at = new Date('2026-06-15T10:00:00Z');
    const input = {
      customerId: 'cus_1',
      orderId: 'ord_1',
      returnId: null,
      askedAt: at,
      now: at,
      timeZone: 'Europe/Amsterdam',
      asked: [{ orderLineId: 'ol_1', quantity: 1 }],
      current: { value: 2500, lines: 1, controllableLines: 0 },
      inspection: null,
    };
    const shapes = [
      { ...input, stage: 'request' as const, client: { device: 'd', ip: 'i' } },
      { ...input, stage: 'request' as const, client: { device: null, ip: null } },
      { ...input, stage: 'inspection' as const, returnId: 'ret_1', client: { device: null, ip: null } },
    ];
    const lengths = shapes.map((shape) => riskFactsStatement(shape, DEFAULT_RISK_SETTINGS).compile(db).sql.length);
    expect(DEFAULT_RISK_SETTINGS.events.length).toBeGreaterThan(0);
    for (const length of lengths) expect(length).toBeLessThan(MAX_PREPARED_SQL_LENGTH);
  });
});
