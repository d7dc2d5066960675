import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type DbHandle, type OpenDbOptions, openDb } from '../../src/db/connection.js';
import { DataDirInUseError } from '../../src/db/dataDirOwner.js';
import type { PgliteThread } from '../../src/db/pgliteThread.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'retour-pglite-thread-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(dir: string, pgliteThread?: boolean, more: Partial<OpenDbOptions> = {}): Promise<DbHandle> {
  const handle = await openDb({ dataDir: dir, ...(pgliteThread === undefined ? {} : { pgliteThread }), ...more });
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await handle.close();
  });
  const close = async () => {
    closed = true;
    await handle.close();
  };
  return { ...handle, close };
}

describe('PGlite on a data directory, in its own thread', () => {
  it('runs statements, prepared statements and transactions, keeps errors whole, and keeps what it wrote', async () => {
    const dir = dataDir();
    const first = await open(dir);
    await sql`create table notes (id int primary key, body text not null)`.execute(first.db);
    // Parameterised statements run prepared: the second call reuses the statement of the first.
    for (const id of [1, 2, 3])
      await first.db
        .insertInto('notes' as never)
        .values({ id, body: `n${id}` } as never)
        .execute();
    const prepared = await sql<{ n: number }>`select count(*)::int as n from pg_prepared_statements`.execute(first.db);
    expect(prepared.rows[0]?.n).toBeGreaterThan(0);

    // A failed statement fails with the database's own error fields; the session goes on.
    const duplicate = await first.db
      .insertInto('notes' as never)
      .values({ id: 1, body: 'again' } as never)
      .execute()
      .catch((err: unknown) => err);
    expect(duplicate).toMatchObject({ code: '23505', constraint: 'notes_pkey' });

    // A transaction that throws is rolled back; one that ends is committed.
    await first.db
      .transaction()
      .execute(async (tx) => {
        await tx
          .insertInto('notes' as never)
          .values({ id: 4, body: 'n4' } as never)
          .execute();
        throw new Error('changed my mind');
      })
      .catch(() => undefined);
    await first.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('notes' as never)
        .values({ id: 5, body: 'n5' } as never)
        .execute();
    });
    // Statements asked for at once take their turns on the one session.
    const many = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sql<{ x: number }>`select ${i}::int as x`.execute(first.db)),
    );
    expect(many.map((r) => r.rows[0]?.x)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    await first.close();

    // Opened again (in this thread this time: the same files either way), the rows are there.
    const again = await open(dir, false);
    const rows = await sql<{ id: number }>`select id from notes order by id`.execute(again.db);
    expect(rows.rows.map((r) => r.id)).toEqual([1, 2, 3, 5]);
  });

  // A transaction's begin goes to PGlite with its first statement: what follows must not tell.
  it.each([true, false])('keeps transactions whole whose begin goes with their first statement (thread: %s)', async (thread) => {
    const handle = await open(dataDir(), thread);
    await sql`create table marks (id int primary key)`.execute(handle.db);
    // Nothing in it, and a first statement that fails: both end as they would have.
    await handle.db.transaction().execute(async () => undefined);
    const failed = await handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`insert into marks values (1), (1)`.execute(tx);
      })
      .catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: '23505' });
    await handle.db.transaction().execute(async (tx) => {
      await sql`insert into marks values (2)`.execute(tx);
      // Still one transaction: the insert's id is the open transaction's (had the begin been
      // lost, the insert would have committed on its own and none would be open now).
      const inside = await sql<{ x: string | null }>`select pg_current_xact_id_if_assigned()::text as x`.execute(tx);
      expect(inside.rows[0]?.x).not.toBeNull();
    });
    const rows = await sql<{ id: number }>`select id from marks order by id`.execute(handle.db);
    expect(rows.rows).toEqual([{ id: 2 }]);
  });

  const where = [
    ['in memory', () => 'memory://'],
    ['in its thread', () => dataDir()],
  ] as const;

  it.each(where)('rolls back a transaction that throws before any statement (%s)', async (_, dir) => {
    const handle = await open(dir());
    const thrown = await handle.db
      .transaction()
      .execute(async () => {
        throw new Error('changed my mind');
      })
      .catch((err: unknown) => err);
    expect(thrown).toMatchObject({ message: 'changed my mind' });
    // The next statements run on their own, in no transaction.
    const after = await sql<{ x: string | null }>`select pg_current_xact_id_if_assigned()::text as x`.execute(handle.db);
    expect(after.rows[0]?.x).toBeNull();
    await sql`create table after_rollback (id int)`.execute(handle.db);
    await sql`insert into after_rollback values (1)`.execute(handle.db);
    const later = await sql<{ x: string | null }>`select pg_current_xact_id_if_assigned()::text as x`.execute(handle.db);
    expect(later.rows[0]?.x).toBeNull();
  });

  it.each(where)('fails the transaction whose begin fails, and its rollback recovers the session (%s)', async (_, dir) => {
    const handle = await open(dir());
    // A text that begins a transaction and fails in it leaves the session aborted.
    const first = await sql`begin; select 1/0`.execute(handle.db).catch((err: unknown) => err);
    expect(first).toMatchObject({ code: '22012' });
    const failed = await handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`select 1`.execute(tx);
      })
      .catch((err: unknown) => err);
    expect(failed).toMatchObject({ code: '25P02' });
    // Kysely's rollback ended the aborted transaction: the session works again.
    const after = await sql<{ x: number }>`select 1 as x`.execute(handle.db);
    expect(after.rows).toEqual([{ x: 1 }]);
    await handle.db.transaction().execute(async (tx) => {
      await sql`select 2`.execute(tx);
    });
  });

  it.each([true, false])('settles two closes at once and gives the directory up (thread: %s)', async (thread) => {
    const dir = dataDir();
    let inThread: PgliteThread | undefined;
    const handle = await openDb({ dataDir: dir, pgliteThread: thread, onPgliteThread: (t) => (inThread = t) });
    await sql`create table kept (id int)`.execute(handle.db);
    // The thread's own close too, asked again while the handle closes it.
    await Promise.all([handle.close(), handle.close(), inThread?.close()]);
    const again = await open(dir, thread);
    const rows = await sql<{ n: number }>`select count(*)::int as n from kept`.execute(again.db);
    expect(rows.rows).toEqual([{ n: 0 }]);
  });

  it('fails pending and later statements with the cause when the thread dies, and says so once', async () => {
    const dir = dataDir();
    let thread: PgliteThread | undefined;
    const gone: Error[] = [];
    const handle = await open(dir, true, { onPgliteThread: (t) => (thread = t), onDatabaseGone: (err) => gone.push(err) });
    await sql`select 1`.execute(handle.db);
    const pending = sql`select pg_sleep(0.2)`.execute(handle.db).catch((err: unknown) => err);
    await thread?.kill();
    expect(await pending).toMatchObject({ message: expect.stringMatching(/^the embedded database's thread ended: /) });
    // A transaction too: its statements fail the same way, and its rollback does not crash anything.
    const inTx = await handle.db
      .transaction()
      .execute(async (tx) => {
        await sql`select 1`.execute(tx);
      })
      .catch((err: unknown) => err);
    expect(inTx).toMatchObject({ message: expect.stringMatching(/^the embedded database's thread ended: /) });
    const later = await sql`select 1`.execute(handle.db).catch((err: unknown) => err);
    expect(later).toMatchObject({ message: expect.stringMatching(/^the embedded database's thread ended: /) });
    expect(gone).toHaveLength(1);
    // Closing still ends, and gives the directory up: it opens again.
    await handle.close();
    const again = await open(dir);
    await sql`select 1`.execute(again.db);
  });

  it('answers a large result whole', async () => {
    const handle = await open(dataDir());
    const big = await sql<{ g: number; pad: string }>`select g, repeat('x', 200) as pad from generate_series(1, 20000) g`.execute(
      handle.db,
    );
    expect(big.rows).toHaveLength(20000);
    expect(big.rows[19999]).toEqual({ g: 20000, pad: 'x'.repeat(200) });
  });

  it('fails to open, and gives the directory up, when PGlite cannot start on it', async () => {
    const dir = dataDir();
    // A data directory of another PostgreSQL major version: PGlite refuses to start on it.
    writeFileSync(join(dir, 'PG_VERSION'), '9\n');
    const first = await openDb({ dataDir: dir }).catch((err: unknown) => err);
    expect(first).toBeInstanceOf(Error);
    expect(first).not.toBeInstanceOf(DataDirInUseError);
    // The claim was given up: the next try fails for the same reason, not for the claim.
    const second = await openDb({ dataDir: dir }).catch((err: unknown) => err);
    expect(second).toBeInstanceOf(Error);
    expect(second).not.toBeInstanceOf(DataDirInUseError);
  });
});
