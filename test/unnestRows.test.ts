import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { arrayLiteral, unnestRows } from '../src/db/unnestRows.js';
import { createTestDb, DB_KINDS, type DbKind } from './support/databases.js';

const AWKWARD_TEXTS = [
  'plain',
  '',
  'NULL',
  'null',
  'with "double" quotes',
  'back\\slash and \\" both',
  'comma, {braces} and spaces ',
  ' leading space',
  'tab\tnew\nline',
  "it's",
  'Ünïcödé ✓ 😀',
];

describe('arrayLiteral', () => {
  it('writes numbers and booleans bare, text quoted, and a missing value as NULL (or null)', () => {
    expect(arrayLiteral([1, null, 3], 'int8')).toBe('{1,null,3}');
    expect(arrayLiteral([1.5, 2], 'int4')).toBe('{1.5,2}');
    expect(arrayLiteral([true, false, null], 'bool')).toBe('{t,f,NULL}');
    expect(arrayLiteral(['a"b', 'c\\d', undefined], 'text')).toBe('{"a\\"b","c\\\\d",null}');
    // A control character is written as it is (JSON would escape it as PostgreSQL does not read it).
    expect(arrayLiteral(['tab\there', null], 'text')).toBe('{"tab\there",NULL}');
    expect(arrayLiteral([], 'text')).toBe('{}');
  });
});

describe.each(DB_KINDS)('unnestRows reads back exactly what it was given (%s)', (kind: DbKind) => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb(kind);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('keeps awkward text, NULL apart from the text "NULL", numbers, booleans, instants and JSON', async () => {
    const at = new Date('2026-03-29T01:30:00.123Z');
    const rows = AWKWARD_TEXTS.map((text, i) => ({
      n: i,
      text,
      big: i === 3 ? null : 2 ** 40 + i,
      flag: i % 3 === 0 ? null : i % 2 === 0,
      at: i % 2 === 0 ? at : at.toISOString(),
      doc: i === 4 ? null : { text, list: [text, i], nested: { quote: '"', slash: '\\' } },
    }));
    rows.push({ n: AWKWARD_TEXTS.length, text: null as unknown as string, big: 0, flag: true, at, doc: null });
    const { rows: back } = await sql<{
      n: number;
      text: string | null;
      big: number | null;
      flag: boolean | null;
      at: Date;
      doc: unknown;
    }>`select * from ${unnestRows('r', { n: 'int4', text: 'text', big: 'int8', flag: 'bool', at: 'timestamptz', doc: 'jsonb' }, rows)}
      order by n`.execute(handle.db);
    expect(back.map((r) => ({ ...r, at: r.at.toISOString() }))).toEqual(
      rows.map((r) => ({ ...r, at: at.toISOString(), doc: r.doc === null ? null : JSON.parse(JSON.stringify(r.doc)) })),
    );
  });

  it('keeps each row with its own document when documents are given as JS values, a missing one NULL', async () => {
    const docs = [{ a: 1 }, undefined, [1, 'two'], null, 3, 'x"y'.split(''), { nested: { q: '"\\' } }];
    const { rows } = await sql<{ n: number; doc: unknown }>`select n, doc from ${unnestRows(
      'r',
      { n: 'int4', doc: 'jsonb' },
      docs.map((doc, n) => ({ n, doc })),
    )} order by n`.execute(handle.db);
    expect(rows).toEqual(docs.map((doc, n) => ({ n, doc: doc ?? null })));
  });

  it('reads a column of texts and JS values alike, control characters kept and a JSON null as NULL', async () => {
    const objects = [{ a: 'bell\u0007 and\nline' }, Number.NaN, { q: '"\\\u0001' }, Number.POSITIVE_INFINITY, null];
    const mixed = ['{"t":"tab\\tand\\u0002"}', ...objects];
    const read = async (docs: unknown[]) =>
      (
        await sql<{ n: number; doc: unknown; missing: boolean }>`select n, doc, doc is null as missing from ${unnestRows(
          'r',
          { n: 'int4', doc: 'jsonb' },
          docs.map((doc, n) => ({ n, doc })),
        )} order by n`.execute(handle.db)
      ).rows;
    const missing = [false, false, true, false, true, true];
    expect(await read(mixed)).toEqual([
      { n: 0, doc: { t: 'tab\tand\u0002' }, missing: false },
      ...objects.map((doc, i) => ({ n: i + 1, doc: missing[i + 1] ? null : doc, missing: missing[i + 1] })),
    ]);
    // Without text the documents go as one JSON array (jsonbElements): the same rows.
    expect((await read(objects)).map((r) => r.missing)).toEqual(missing.slice(1));
  });

  it('takes a JSON document given as its text as that document', async () => {
    const { rows } = await sql<{ doc: unknown }>`select doc from ${unnestRows('r', { doc: 'jsonb' }, [
      { doc: '{"a":"b\\"c"}' },
      { doc: '[]' },
    ])}`.execute(handle.db);
    expect(rows.map((r) => r.doc)).toEqual([{ a: 'b"c' }, []]);
  });

  it('keeps a column of Dates to the millisecond, before 1970 and across a change of clocks too, whatever the session time zone', async () => {
    const instants = [
      new Date('2026-03-29T00:59:59.999Z'),
      new Date('2026-03-29T01:00:00.001Z'),
      null,
      new Date('1969-12-31T23:59:59.999Z'),
      new Date(0),
      new Date('2099-12-31T23:59:59.123Z'),
    ];
    // In a transaction of its own, so the time zone is this statement's session's and goes with it.
    const rows = await handle.db.transaction().execute(async (tx) => {
      await sql`set local time zone 'Europe/Amsterdam'`.execute(tx);
      const read = await sql<{ n: number; at: Date | null; iso: string | null }>`
        select n, at, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as iso
        from ${unnestRows(
          'r',
          { n: 'int4', at: 'timestamptz' },
          instants.map((at, n) => ({ n, at })),
        )} order by n`.execute(tx);
      return read.rows;
    });
    expect(rows.map((r) => r.iso)).toEqual(instants.map((at) => at?.toISOString() ?? null));
    expect(rows.map((r) => r.at?.getTime() ?? null)).toEqual(instants.map((at) => at?.getTime() ?? null));
  });

  it('refuses an invalid Date in a column of Dates, as in one of texts', () => {
    expect(() => unnestRows('r', { at: 'timestamptz' }, [{ at: new Date(0) }, { at: new Date(Number.NaN) }])).toThrow(RangeError);
  });
});
