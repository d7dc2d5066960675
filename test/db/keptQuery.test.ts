import { DummyDriver, Kysely, NoResultError, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeEventsKept } from '../../src/app/kernel/transaction.js';
import { factRowsKept } from '../../src/app/logistics/shipments/labelEmailFacts.js';
import { eventFactsKept } from '../../src/app/messaging/automation/runAutomation.js';
import { returnRowsKept } from '../../src/app/messaging/emails/shopperEmailModel.js';
import { orderLineRowsKept, orderRowKept, orderRowLockedKept } from '../../src/app/policy/evaluationFacts.js';
import { orderOfNumberKept } from '../../src/app/returns/lookupOrder.js';
import { requestReturn } from '../../src/app/returns/requestReturn.js';
import { insertReturnKept } from '../../src/app/returns/returnRequestRows.js';
import type { RetourDb } from '../../src/db/connection.js';
import { type KeptQuery, KeptQueryRefused, keptQuery, MAX_KEPT_ROWS, MAX_SHAPES } from '../../src/db/keptQuery.js';
import type { Database } from '../../src/db/schema.js';
import { createTestDb, DB_KINDS } from '../support/databases.js';
import { DAY, orderFixture, seedCatalogue, seedOrders } from '../support/fixtures.js';
import { testContext } from '../support/testContext.js';

/** Compiles without a database: the refusals happen while compiling. */
const cold = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

describe('a kept query refuses what would make its statement wrong for other values', () => {
  it('a value inlined into the SQL, as a literal, an identifier or raw text', () => {
    const literal = keptQuery((db: RetourDb, p: { code: string }) =>
      db.selectFrom('categories').select('id').where('code', '=', sql.lit(p.code)),
    );
    expect(() => literal.compile(cold, { code: 'a' })).toThrow(KeptQueryRefused);
    const identifier = keptQuery((db: RetourDb, p: { column: string }) =>
      db.selectFrom('categories').select(sql.ref(p.column).as('x')),
    );
    expect(() => identifier.compile(cold, { column: 'code' })).toThrow(KeptQueryRefused);
    const raw = keptQuery((db: RetourDb, p: { code: string }) =>
      db
        .selectFrom('categories')
        .select('id')
        .where(sql.raw<boolean>(`code = '${p.code}'`)),
    );
    expect(() => raw.compile(cold, { code: 'a' })).toThrow(KeptQueryRefused);
  });

  it('a value made part of a longer string', () => {
    const like = keptQuery((db: RetourDb, p: { name: string }) =>
      db.selectFrom('categories').select('id').where('name', 'like', `%${p.name}%`),
    );
    expect(() => like.compile(cold, { name: 'Tee' })).toThrow(KeptQueryRefused);
  });

  it('a value that decides the shape of the query while it is built', () => {
    const locking = keptQuery((db: RetourDb, p: { id: string; lock: boolean }) =>
      db
        .selectFrom('categories')
        .select('id')
        .where('id', '=', p.id)
        .$if(p.lock, (q) => q.forUpdate()),
    );
    expect(() => locking.compile(cold, { id: 'cat_a', lock: false })).toThrow(/"lock" is read 1 times .* 0 parameters/);
    const nullable = keptQuery((db: RetourDb, p: { parent: string | null }) =>
      db
        .selectFrom('categories')
        .select('id')
        .where((eb) => (p.parent === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', p.parent))),
    );
    expect(() => nullable.compile(cold, { parent: 'cat_a' })).toThrow(/"parent" is read 2 times .* 1 parameters/);
  });

  it('a value read once (destructured) that decides the shape, or whose null Kysely writes as `is null`', () => {
    const destructured = keptQuery((db: RetourDb, { parent }: { parent: string | null }) =>
      db
        .selectFrom('categories')
        .select('id')
        .where((eb) => (parent === null ? eb('parent_id', 'is', null) : eb('parent_id', '=', parent))),
    );
    expect(() => destructured.compile(cold, { parent: null })).toThrow(/the builder makes another statement/);
    expect(destructured.compile(cold, { parent: 'cat_a' }).parameters).toEqual(['cat_a']);
    // Kept now; under the test runner each later call is held against the builder's too.
    expect(() => destructured.compile(cold, { parent: null })).toThrow(/the builder makes another statement/);
    const matched = keptQuery((db: RetourDb, { parent }: { parent: string | null }) =>
      db
        .selectFrom('categories')
        .select('id')
        .where((eb) => eb.and({ parent_id: parent })),
    );
    expect(() => matched.compile(cold, { parent: null })).toThrow(KeptQueryRefused);
  });

  it('an array spread into a list, whose length shapes the SQL', () => {
    const listed = keptQuery((db: RetourDb, p: { ids: string[] }) =>
      db.selectFrom('categories').select('id').where('id', 'in', p.ids),
    );
    expect(() => listed.compile(cold, { ids: ['a', 'b'] })).toThrow(/an `in` list/);
    const whole = keptQuery((db: RetourDb, p: { ids: string[] }) =>
      db.selectFrom('categories').select('id').where('id', '=', sql<string>`any(${p.ids}::text[])`),
    );
    expect(whole.compile(cold, { ids: ['a', 'b', 'c'] }).parameters).toEqual([['a', 'b', 'c']]);
  });

  it('undefined values, and values missing or added after the first call', () => {
    const insert = keptQuery((db: RetourDb, p: { id: string; parent: string | null | undefined }) =>
      db.insertInto('categories').values({ id: p.id, code: 'x', name: 'X', parent_id: p.parent }),
    );
    expect(() => insert.compile(cold, { id: 'cat_x', parent: undefined })).toThrow(/"parent" is undefined/);
    expect(insert.compile(cold, { id: 'cat_x', parent: null }).parameters).toContain(null);
    expect(() => insert.compile(cold, { id: 'cat_y', parent: undefined })).toThrow(/"parent" is undefined/);
    const read = keptQuery((db: RetourDb, p: { id: string; name?: string }) =>
      db.selectFrom('categories').select('id').where('id', '=', p.id),
    );
    read.compile(cold, { id: 'cat_a' });
    expect(() => read.compile(cold, { id: 'cat_a', name: 'Tops' })).toThrow(KeptQueryRefused);
  });
});

describe('a kept query with rows', () => {
  type Category = { id: string; code: string; name: string; parent_id: string | null };
  const insert = keptQuery((db: RetourDb, { rows, at }: { rows: Category[]; at: { name: string } }) =>
    db
      .with('added', (d) => d.insertInto('categories').values(rows))
      .updateTable('categories')
      .set(at)
      .where('id', '=', 'cat_a'),
  );
  const category = (i: number): Category => ({
    id: `cat_${i}`,
    code: `c${i}`,
    name: `Name ${i}`,
    parent_id: i % 2 ? null : 'cat_a',
  });
  const fresh = (count: number) => ({ rows: Array.from({ length: count }, (_, i) => category(i)), at: { name: `At ${count}` } });

  it("keeps a statement per number of rows, each the builder's, and compiles by the builder beyond MAX_SHAPES", () => {
    for (const count of [1, 3, 1, 2, ...Array.from({ length: MAX_SHAPES + 2 }, (_, i) => i + 1)]) {
      const values = fresh(count);
      const built = insert.build(cold, values).compile();
      const sent = insert.compile(cold, values);
      expect(sent.sql).toBe(built.sql);
      expect(sent.parameters).toEqual(built.parameters);
    }
  });

  it('learns nothing from a first call with no rows or one refused: the next with rows is kept', () => {
    const later = keptQuery(insert.build);
    expect(later.compile(cold, { rows: [], at: { name: 'None' } }).sql).toBe(
      insert.build(cold, { rows: [], at: { name: 'None' } }).compile().sql,
    );
    expect(() => later.compile(cold, { ...fresh(1), rows: [{ ...category(1), name: undefined as unknown as string }] })).toThrow(
      /"rows.name" is undefined/,
    );
    const values = fresh(2);
    expect(later.compile(cold, values).sql).toBe(insert.build(cold, values).compile().sql);
    expect(later.compile(cold, values).query).toBe(later.compile(cold, values).query);
  });

  it('compiles a value of many rows by the builder on each call and keeps no statement for it', () => {
    // A query of its own, with no shape kept yet.
    const bulk = keptQuery(insert.build);
    const big = fresh(MAX_KEPT_ROWS + 1);
    const first = bulk.compile(cold, big);
    const second = bulk.compile(cold, big);
    expect(second.sql).toBe(bulk.build(cold, big).compile().sql);
    expect(second.parameters).toEqual(bulk.build(cold, big).compile().parameters);
    // A kept statement is the same tree each call; the builder's is new every time.
    expect(second.query).not.toBe(first.query);
    const small = fresh(2);
    expect(bulk.compile(cold, small).query).toBe(bulk.compile(cold, small).query);
  });

  it('refuses a row with a field undefined, missing, added or made of SQL, and a JSON value given as an object', () => {
    const values = fresh(2);
    insert.compile(cold, values);
    expect(() => insert.compile(cold, { ...values, at: { name: undefined as unknown as string } })).toThrow(
      /"at.name" is undefined/,
    );
    const { parent_id: _, ...short } = category(5);
    expect(() => insert.compile(cold, { ...values, rows: [short as Category] })).toThrow(KeptQueryRefused);
    expect(() => insert.compile(cold, { ...values, rows: [{ ...category(5), extra: 1 } as Category] })).toThrow(KeptQueryRefused);
    const drawn = { ...category(6), code: sql<string>`'c' || nextval('return_number_seq')` as unknown as string };
    expect(() => insert.compile(cold, { ...values, rows: [drawn] })).toThrow(/"rows.code" is a piece of SQL/);
    const json = keptQuery((db: RetourDb, p: { data: object }) =>
      db.selectFrom('events').select('id').where(sql<boolean>`data = ${p.data}::jsonb`),
    );
    expect(() => json.compile(cold, { data: { a: 1 } })).toThrow(/JSON\? pass its text/);
  });
});

describe.each(DB_KINDS)('the kept queries of a return request (%s)', (kind) => {
  let handle: Awaited<ReturnType<typeof createTestDb>>;
  let db: RetourDb;
  let orderId: string;
  let otherOrderId: string;
  let returnId: string;
  let eventId: string;
  let inserted: Parameters<typeof insertReturnKept.compile>[1] | undefined;
  let written: Parameters<typeof writeEventsKept.compile>[1] | undefined;
  const now = new Date('2026-06-15T10:00:00Z');

  beforeAll(async () => {
    handle = await createTestDb(kind);
    db = handle.db;
    const ctx = testContext(db, { now: () => now });
    await seedCatalogue(ctx);
    const delivered = new Date(now.getTime() - 3 * DAY);
    const customer = { email: 'kept@example.nl', firstName: 'Joost', lastName: 'Bakker' };
    const [first, second] = await seedOrders(ctx, [
      orderFixture('K-1', delivered, { customer }),
      orderFixture('K-2', delivered, { customer }),
    ]);
    if (!first || !second) throw new Error('orders not seeded');
    orderId = first.id;
    otherOrderId = second.id;
    // The values the request wrote its return with, to hold the kept insert against the builder.
    const insert = vi.spyOn(insertReturnKept, 'executeTakeFirstOrThrow');
    const write = vi.spyOn(writeEventsKept, 'execute');
    const requested = await requestReturn(
      ctx,
      { actor: { type: 'system', id: null } },
      {
        orderId,
        source: 'agent',
        method: null,
        lines: [{ orderLineId: first.lineBySku['TEE-M'] as string, quantity: 1, reasonCode: 'too_small', resolution: 'refund' }],
      },
    );
    returnId = requested.returnId;
    inserted = insert.mock.calls[0]?.[1];
    insert.mockRestore();
    written = write.mock.calls[0]?.[1];
    write.mockRestore();
    const event = await db.selectFrom('events').select('id').where('return_id', '=', returnId).executeTakeFirstOrThrow();
    eventId = event.id;
  });
  afterAll(() => handle?.close());

  /** The kept statement is the builder's for these values, SQL and parameters alike, and answers
   * the same rows. */
  async function sameAsBuilder<V, R>(run: RetourDb, kept: KeptQuery<Database, V, R>, values: V): Promise<R[]> {
    const built = kept.build(run, values).compile();
    const sent = kept.compile(run, values);
    expect(sent.sql).toBe(built.sql);
    expect(sent.parameters).toEqual(built.parameters);
    const rows = await kept.execute(run, values);
    expect(rows).toEqual((await run.executeQuery(built)).rows);
    return rows;
  }

  it("reads the order's facts and lines as the builder does, with the row lock in a transaction", async () => {
    for (const id of [orderId, otherOrderId, 'ord_none']) {
      for (const forReturn of [returnId, '']) {
        const rows = await sameAsBuilder(db, orderRowKept, { orderId: id, now, returnId: forReturn });
        expect(rows.length).toBe(id === 'ord_none' ? 0 : 1);
      }
      expect((await sameAsBuilder(db, orderLineRowsKept, { orderId: id })).length).toBe(id === 'ord_none' ? 0 : 4);
    }
    await db.transaction().execute(async (tx) => {
      const locked = await sameAsBuilder(tx, orderRowLockedKept, { orderId, now, returnId: '' });
      expect(locked[0]?.return_count).toBe(0);
      expect(orderRowLockedKept.compile(tx, { orderId, now, returnId: '' }).sql).toMatch(/for update of "orders"$/);
    });
    const ofOther = await orderRowKept.executeTakeFirstOrThrow(db, { orderId: otherOrderId, now, returnId: '' });
    expect(ofOther.return_count).toBe(1);
    await expect(orderRowKept.executeTakeFirstOrThrow(db, { orderId: 'ord_none', now, returnId: '' })).rejects.toThrow(
      NoResultError,
    );
  });

  it('looks an order up, and reads an event and the e-mail facts of returns, as the builder does', async () => {
    expect(await sameAsBuilder(db, orderOfNumberKept, { orderNumber: 'K-1' })).toMatchObject([{ id: orderId }]);
    expect(await sameAsBuilder(db, orderOfNumberKept, { orderNumber: 'K-404' })).toEqual([]);
    expect(await sameAsBuilder(db, eventFactsKept, { eventId })).toMatchObject([{ id: returnId, reasons: ['too_small'] }]);
    expect(await sameAsBuilder(db, eventFactsKept, { eventId: 'evt_none' })).toEqual([]);
    for (const returnIds of [[returnId], [returnId, 'ret_none'], []]) {
      const rows = await sameAsBuilder(db, returnRowsKept, { returnIds, eventIds: returnIds.map(() => eventId) });
      expect(rows.map((r) => r.id)).toEqual(returnIds.includes(returnId) ? [returnId] : []);
      expect(await sameAsBuilder(db, factRowsKept, { returnIds })).toHaveLength(returnIds.includes(returnId) ? 1 : 0);
    }
  });

  it('writes a return with its lines as the builder would, per number of lines', () => {
    if (!inserted) throw new Error('the return was not written through the kept insert');
    const [line] = inserted.lines;
    if (!line) throw new Error('no line');
    for (const lines of [[line], [line, { ...line, id: 'rl_second' }]]) {
      const values = { ...inserted, lines };
      const built = insertReturnKept.build(db, values).compile();
      const sent = insertReturnKept.compile(db, values);
      expect(sent.sql).toBe(built.sql);
      expect(sent.parameters).toEqual(built.parameters);
    }
  });

  it('writes events with their outbox messages as the builder would, per number of events', () => {
    const [row] = written?.rows ?? [];
    const [message] = written?.messages ?? [];
    if (!row || !message) throw new Error('the events were not written through the kept insert');
    for (const count of [1, 3]) {
      const values = { rows: Array(count).fill(row), messages: Array(count).fill(message) };
      const built = writeEventsKept.build(db, values).compile();
      const sent = writeEventsKept.compile(db, values);
      expect(sent.sql).toBe(built.sql);
      expect(sent.parameters).toEqual(built.parameters);
    }
  });
});
