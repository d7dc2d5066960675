import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledOnce } from '../src/app/kernel/compiledOnce.js';
import type { RetourDb } from '../src/db/connection.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

describe.each(DB_KINDS)('a read compiled once (%s)', (kind) => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let db: RetourDb;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    db = handle.db;
    await db
      .insertInto('categories')
      .values([
        { id: 'cat_a', code: 'a', name: 'Tops', parent_id: null },
        { id: 'cat_b', code: 'b', name: 'Shirts', parent_id: 'cat_a' },
        { id: 'cat_c', code: 'c', name: 'Tees', parent_id: 'cat_a' },
      ])
      .execute();
  });
  afterAll(() => handle?.close());

  const build = (d: RetourDb, parent: string, name: string) =>
    d
      .selectFrom('categories')
      .select(['id', 'name'])
      // A constant parameter beside the values, and a value used twice.
      .where('code', '<>', 'zzz')
      .where((eb) => eb.or([eb('parent_id', '=', parent), eb('id', '=', parent)]))
      .where('name', '<>', name)
      .orderBy('id');

  it('answers each call with its own values, as the query built for them would', async () => {
    const read = compiledOnce(build);
    for (const [parent, name] of [
      ['cat_a', 'Shirts'],
      ['cat_b', 'nothing'],
      ['cat_x', 'Tees'],
      ['cat_a', 'Tees'],
    ] as const) {
      expect(await read(db, parent, name)).toEqual(await build(db, parent, name).execute());
    }
    expect(await read(db, 'cat_a', 'Shirts')).toEqual([
      { id: 'cat_a', name: 'Tops' },
      { id: 'cat_c', name: 'Tees' },
    ]);
  });

  it('refuses a query whose value is not a parameter of its own', async () => {
    const inlined = compiledOnce((d: RetourDb, code: string) =>
      d
        .selectFrom('categories')
        .select('id')
        .where(sql.raw<boolean>(`code = '${code}'`)),
    );
    await expect(inlined(db, 'a')).rejects.toThrow(/used while the query is built/);
  });
});
