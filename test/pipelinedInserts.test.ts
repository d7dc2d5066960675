import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, UnknownRow } from 'kysely';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { type FullRow, PipelinedInserts } from '../src/demo/bulkInsert.js';
import { CATEGORY_COLUMNS } from '../src/demo/columns.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

/** Counts the inserts sent and not yet answered, keeping the most there ever were and the total. */
class InFlight implements KyselyPlugin {
  now = 0;
  most = 0;
  total = 0;
  readonly #inserts = new Set<unknown>();

  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'RawNode' && /^\s*insert into/.test(args.node.sqlFragments[0] ?? '')) {
      this.#inserts.add(args.queryId);
      this.most = Math.max(this.most, ++this.now);
      this.total++;
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#inserts.delete(args.queryId)) this.now--;
    return args.result;
  }
}

const categories = (n: number, prefix: string): FullRow<'categories'>[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `${prefix}_${i}`,
    parent_id: null,
    code: `${prefix}-${i}`,
    name: `Category ${i}`,
    connection_id: null,
    external_id: null,
  }));

/** Breaths a test waits for what it expects before failing, instead of waiting for ever. A breath
 * is one turn of the event loop: on PostgreSQL eight batches take some thousands of them. */
const MOST_BREATHS = 1_000_000;

describe.each(DB_KINDS)('pipelined bulk inserts (%s)', (kind) => {
  let handle: DbHandle | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('keeps at most two batches in flight and writes every row', async () => {
    handle = await createTestDb(kind);
    const inFlight = new InFlight();
    let batches = 0;
    await handle.db
      .withPlugin(inFlight)
      .transaction()
      .execute(async (tx) => {
        const inserts = new PipelinedInserts(tx);
        inserts.queue('categories', CATEGORY_COLUMNS, categories(6500, 'cat'), () => batches++);
        await inserts.done();
      });
    expect(batches).toBe(7);
    expect(inFlight.most).toBeLessThanOrEqual(2);
    expect(inFlight.now).toBe(0);
    const { rows } = await sql<{ n: string }>`select count(*) as n from categories where id like 'cat\\_%'`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(6500);
  });

  it('fails with the first batch refused, and the transaction writes nothing', async () => {
    handle = await createTestDb(kind);
    const rows = categories(5000, 'dup');
    rows[1500] = { ...(rows[1500] as FullRow<'categories'>), id: 'dup_0' };
    const db = handle.db;
    const load = db.transaction().execute(async (tx) => {
      const inserts = new PipelinedInserts(tx);
      inserts.queue('categories', CATEGORY_COLUMNS, rows);
      await inserts.done();
    });
    await expect(load).rejects.toMatchObject({ code: '23505' });
    const { rows: left } = await sql<{ n: string }>`select count(*) as n from categories where id like 'dup\\_%'`.execute(db);
    expect(Number(left[0]?.n)).toBe(0);
  });

  it('sends queued batches while the caller goes on, letting answers in when it breathes', async () => {
    handle = await createTestDb(kind);
    const inFlight = new InFlight();
    let batches = 0;
    await handle.db
      .withPlugin(inFlight)
      .transaction()
      .execute(async (tx) => {
        const inserts = new PipelinedInserts(tx);
        inserts.queue('categories', CATEGORY_COLUMNS, categories(4500, 'que'), () => batches++);
        inserts.queue('categories', CATEGORY_COLUMNS, categories(2500, 'cue'), () => batches++);
        // Two went out at once; the rest follow as the caller breathes between its own work.
        expect(inFlight.now).toBe(2);
        for (let breaths = 0; batches < 8 && breaths < MOST_BREATHS; breaths++) await inserts.breathe();
        expect(batches).toBe(8);
        expect(inFlight.now).toBe(0);
        await inserts.done();
      });
    expect(inFlight.most).toBeLessThanOrEqual(2);
    const { rows } = await sql<{ n: string }>`select count(*) as n from categories where id ~ '^(que|cue)_'`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(7000);
  });

  it('stops sending after a batch fails and reports it when the caller breathes, and the transaction writes nothing', async () => {
    handle = await createTestDb(kind);
    const inFlight = new InFlight();
    const rows = categories(6000, 'brk');
    rows[500] = { ...(rows[500] as FullRow<'categories'>), id: 'brk_0' };
    let sent = 0;
    const db = handle.db.withPlugin(inFlight);
    const load = db.transaction().execute(async (tx) => {
      const inserts = new PipelinedInserts(tx);
      inserts.queue('categories', CATEGORY_COLUMNS, rows, () => sent++);
      for (let breaths = 0; breaths < MOST_BREATHS; breaths++) await inserts.breathe();
      throw new Error(`no failure reported after ${MOST_BREATHS} breaths`);
    });
    await expect(load).rejects.toMatchObject({ code: '23505' });
    // The first batch failed and the one sent with it may have: no later one was sent.
    expect(inFlight.total).toBe(2);
    expect(sent).toBeLessThanOrEqual(1);
    const { rows: left } = await sql<{ n: string }>`select count(*) as n from categories where id like 'brk\\_%'`.execute(
      handle.db,
    );
    expect(Number(left[0]?.n)).toBe(0);
  });

  it('abandoned, sends nothing more and returns once the batches in flight are answered', async () => {
    handle = await createTestDb(kind);
    const inFlight = new InFlight();
    await handle.db
      .withPlugin(inFlight)
      .transaction()
      .execute(async (tx) => {
        const inserts = new PipelinedInserts(tx);
        inserts.queue('categories', CATEGORY_COLUMNS, categories(5000, 'abn'));
        await inserts.abandon();
        expect(inFlight.now).toBe(0);
      });
    expect(inFlight.total).toBe(2);
    const { rows } = await sql<{ n: string }>`select count(*) as n from categories where id like 'abn\\_%'`.execute(handle.db);
    expect(Number(rows[0]?.n)).toBe(2000);
  });

  it('abandoned after a batch failed, answers that failure', async () => {
    handle = await createTestDb(kind);
    const rows = categories(3000, 'abf');
    rows[10] = { ...(rows[10] as FullRow<'categories'>), id: 'abf_0' };
    const load = handle.db.transaction().execute(async (tx) => {
      const inserts = new PipelinedInserts(tx);
      inserts.queue('categories', CATEGORY_COLUMNS, rows);
      const failed = await inserts.abandon();
      throw failed?.reason ?? new Error('no batch failed');
    });
    await expect(load).rejects.toMatchObject({ code: '23505' });
  });
});
