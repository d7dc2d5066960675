import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { HISTORY_TABLES } from '../src/demo/columns.js';
import { seedDemo } from '../src/demo/seedDemo.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { testContext } from './support/testContext.js';

// Ids carry real randomness (and how calls interleave decides which id gets which bytes): here an
// id is its prefix, its millisecond and how many ids of that prefix and millisecond came before,
// so the same shop has the same ids, whatever order the seed's parts ran in.
const made = vi.hoisted(() => new Map<string, number>());
vi.mock('../src/app/kernel/ids.js', () => {
  const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz';
  const encode = (value: number, length: number) => {
    let out = '';
    let rest = value;
    for (let i = 0; i < length; i++) {
      out = CROCKFORD[rest % 32] + out;
      rest = Math.floor(rest / 32);
    }
    return out;
  };
  return {
    newId: (prefix: string, now: number = Date.now()) => {
      const key = `${prefix}:${now}`;
      const n = (made.get(key) ?? 0) + 1;
      made.set(key, n);
      return `${prefix}_${encode(now, 10)}${encode(n, 16)}`;
    },
  };
});

const NOW = new Date('2026-06-15T10:00:00Z');
const SMALL = { customers: 80, orders: 300, seed: 7, analytics: false };
/** The tables the seed fills besides its history. Columns there the database fills with its own
 * clock (the migrations' rows are made at migration time) are left out. */
const SHOP_TABLES = ['reasons', 'categories', 'channels', 'shop_settings'];

/**
 * Every row the demo seed writes, as a digest per table: the rows as JSON in UTC, in order. The
 * digests below are those of the demo shop as it is; a change to the seed that changes a single
 * byte of its shop for a seed changes them. Change them only on purpose (a new column, a better
 * story), and say why in the commit: everything else (speed, batching, how rows travel) must leave
 * the shop as it was.
 */
async function digests(handle: DbHandle): Promise<Record<string, string>> {
  return handle.db.transaction().execute(async (tx) => {
    await sql`set local time zone 'UTC'`.execute(tx);
    const out: Record<string, string> = {};
    for (const table of [...HISTORY_TABLES, ...SHOP_TABLES].sort()) {
      const { rows: clock } = await sql<{ name: string }>`
        select column_name as name from information_schema.columns
        where table_schema = current_schema() and table_name = ${table} and column_default like '%now()%'`.execute(tx);
      const left = SHOP_TABLES.includes(table) ? clock.map((c) => c.name) : [];
      const { rows } = await sql<{ row: string }>`
        select (to_jsonb(x) - ${left}::text[])::text as row from ${sql.table(table)} x order by 1`.execute(tx);
      out[table] = `${rows.length}:${createHash('sha256')
        .update(rows.map((r) => r.row).join('\n'))
        .digest('hex')
        .slice(0, 16)}`;
    }
    return out;
  });
}

const EXPECTED: Record<string, string> = {
  categories: '13:a93888436f2cec5d',
  channels: '4:75fa6982b724edf9',
  customers: '80:232d2e7d93b4b630',
  events: '382:60dc726d3df154f6',
  order_lines: '601:9bf6b472471fa1a8',
  orders: '300:27806db13c8ec5a9',
  products: '94:3c9c2c4a673af493',
  reasons: '11:925d03f22b7d54cf',
  return_lines: '90:3dc62c350b666b01',
  returns: '51:9974543fe1bde76e',
  settlements: '26:838f8881d324241f',
  shop_settings: '1:e34a8414d6d71023',
  stock_movements: '583:2d0d46e22c372357',
  variants: '695:309c71ae1c7b16ba',
};

describe.each(DB_KINDS)('the demo shop of a seed (%s)', (kind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
    made.clear();
    await seedDemo(testContext(handle.db, { now: () => NOW }), SMALL);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('is the same to the byte as it has been', async () => {
    expect(await digests(handle)).toEqual(EXPECTED);
  });
});
