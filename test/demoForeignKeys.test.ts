import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { type DbHandle, openDb, type RetourDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { takeForeignKeysOff } from '../src/demo/foreignKeysAfterLoad.js';
import { seedDemo } from '../src/demo/seedDemo.js';
import { createTestDb, DB_KINDS, type DbKind } from './support/databases.js';
import { testContext } from './support/testContext.js';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NOW = new Date('2026-06-15T10:00:00Z');
const SMALL = { customers: 40, orders: 120, seed: 11 };
const LOADED = ['orders', 'order_lines', 'returns'];

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** Every foreign key of the schema as PostgreSQL states it. */
async function foreignKeys(db: RetourDb, tables?: readonly string[]) {
  const { rows } = await sql<{ table: string; name: string; definition: string }>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c join pg_class t on t.oid = c.conrelid
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace
      and (${tables ?? null}::text[] is null or t.relname = any(${tables ?? null}::text[]))
    order by t.relname, c.conname`.execute(db);
  return rows;
}

/** A migrated database only this test is connected to: on PostgreSQL through a pool of one
 * connection, so no idle connection of another pool counts as someone else. */
async function databaseOfItsOwn(kind: DbKind): Promise<DbHandle & { url?: string }> {
  if (kind === 'pglite') {
    const handle = await createTestDb(kind);
    cleanups.push(() => handle.close());
    return handle;
  }
  const name = `retour_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const handle = await openDb({ databaseUrl: url.toString(), poolSize: 1 });
  cleanups.push(async () => {
    await handle.close();
    const drop = new pg.Client({ connectionString: ADMIN_URL });
    await drop.connect();
    await drop.query(`drop database if exists ${name} with (force)`);
    await drop.end();
  });
  await migrateToLatest(handle.db);
  return { ...handle, url: url.toString() };
}

/** Another client on the same database, idle, as an app or a psql would be. */
async function connectAnother(url: string): Promise<void> {
  const other = new pg.Client({ connectionString: url });
  await other.connect();
  cleanups.push(() => other.end());
}

/** The keys of the loaded tables as a load sees them between their removal and their return. */
function keysDuringLoad(db: RetourDb) {
  return db.transaction().execute(async (tx) => {
    const keys = await takeForeignKeysOff(tx, LOADED);
    const during = await foreignKeys(tx, LOADED);
    await keys.putBack();
    return during;
  });
}

describe.each(DB_KINDS)('the demo seed and the foreign keys (%s)', (kind) => {
  it('leaves every foreign key of the schema exactly as it was', async () => {
    const handle = await databaseOfItsOwn(kind);
    const before = await foreignKeys(handle.db);
    expect(before.length).toBeGreaterThan(10);
    await seedDemo(testContext(handle.db, { now: () => NOW }), SMALL);
    expect(await foreignKeys(handle.db)).toEqual(before);
  });

  it('takes the keys off during the load when no other client is connected, and puts them back', async () => {
    const handle = await databaseOfItsOwn(kind);
    const before = await foreignKeys(handle.db, LOADED);
    expect(before.length).toBeGreaterThan(0);
    const during = await keysDuringLoad(handle.db);
    expect(during).toEqual([]);
    expect(await foreignKeys(handle.db, LOADED)).toEqual(before);
  });

  it('rolls back the orders, customers, returns, products and variants written and keeps every key when a batch fails midway', async () => {
    const handle = await databaseOfItsOwn(kind);
    const before = await foreignKeys(handle.db);
    // The order lines go in while the returns are planned: their batch fails then.
    await sql`create function refuse_line() returns trigger language plpgsql as $$
      begin raise exception 'no order lines today'; end $$`.execute(handle.db);
    await sql`create trigger refuse_line before insert on order_lines for each statement execute function refuse_line()`.execute(
      handle.db,
    );
    await expect(seedDemo(testContext(handle.db, { now: () => NOW }), SMALL)).rejects.toThrow('no order lines today');
    const { rows } = await sql<{ n: string }>`
      select (select count(*) from orders) + (select count(*) from customers) + (select count(*) from returns)
        + (select count(*) from products) + (select count(*) from variants) as n`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(0);
    expect(await foreignKeys(handle.db)).toEqual(before);
  });

  it('tells the failure of a statement that fails on its own, not the refusal of the batches sent after it', async () => {
    const handle = await databaseOfItsOwn(kind);
    // The return numbers are reserved once the customers are added: more than two batches of
    // them are on their way then, and those sent after the reservation are refused as aborted.
    await sql`drop sequence return_number_seq`.execute(handle.db);
    const seeding = seedDemo(testContext(handle.db, { now: () => NOW }), { customers: 3500, orders: 300, seed: 11 });
    await expect(seeding).rejects.toMatchObject({ code: '42P01' });
    const { rows } = await sql<{
      n: string;
    }>`select (select count(*) from orders) + (select count(*) from customers) as n`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(0);
  });

  it.runIf(kind === 'postgres')('keeps the keys while another client is connected, and still seeds', async () => {
    const handle = await databaseOfItsOwn(kind);
    await connectAnother(handle.url as string);
    const before = await foreignKeys(handle.db);
    const during = await keysDuringLoad(handle.db);
    expect(during).toEqual(before.filter((k) => LOADED.includes(k.table)));
    const seeded = await seedDemo(testContext(handle.db, { now: () => NOW }), SMALL);
    expect(seeded.orders).toBe(SMALL.orders);
    expect(await foreignKeys(handle.db)).toEqual(before);
  });
});
