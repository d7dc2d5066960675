import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './schema.js';

/** PostgreSQL element types of the columns written in bulk. */
export type PgType = 'text' | 'int4' | 'int8' | 'bool' | 'jsonb' | 'timestamptz';

/** The columns of a bulk write, each with its element type, in the order they are read. */
export type UnnestColumns<R> = { readonly [K in keyof R & string]: PgType };

const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;
/** In a JSON text, an escape other than `\"` and `\\` (a control character, a lone surrogate):
 * a backslash after an even run of them, followed by anything else. */
const JSON_ONLY_ESCAPE = /(?<!\\)(?:\\\\)*\\[^"\\]/;

/** A `jsonb` value given as a JS value, as its JSON; none (SQL's NULL) where that JSON is `null`
 * (NaN, Infinity) or nothing (a function), as `jsonbElements` reads it. */
function jsonText(value: unknown): string | null {
  const text = JSON.stringify(value) as string | undefined;
  return text === undefined || text === 'null' ? null : text;
}

/** One element of a PostgreSQL array literal: quoted, with `"` and `\` escaped; NULL unquoted. */
function element(value: unknown, type: PgType): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type) {
    case 'int4':
    case 'int8':
      return String(value);
    case 'bool':
      return value ? 't' : 'f';
    case 'timestamptz':
      return value instanceof Date ? value.toISOString() : `"${String(value)}"`;
    default: {
      const text = type === 'jsonb' && typeof value !== 'string' ? jsonText(value) : String(value);
      if (text === null) return 'NULL';
      return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, '\\$&')}"` : `"${text}"`;
    }
  }
}

/** A column's values as texts, or null where there is none: JSON for a `jsonb` value that is not
 * text yet, an instant for a Date. The array is the one given when every value is text already. */
function texts(values: readonly unknown[], type: PgType): readonly unknown[] {
  let i = 0;
  while (i < values.length && (typeof values[i] === 'string' || values[i] == null)) i++;
  if (i === values.length) return values;
  const out = values.slice();
  for (; i < out.length; i++) {
    const v = out[i];
    if (v === null || v === undefined || typeof v === 'string') continue;
    out[i] = type === 'jsonb' ? jsonText(v) : v instanceof Date && type === 'timestamptz' ? v.toISOString() : String(v);
  }
  return out;
}

/** Whether every value is a whole number JavaScript holds exactly, or missing. */
function allIntegers(values: readonly unknown[]): boolean {
  for (const v of values) if (!(v == null || Number.isSafeInteger(v))) return false;
  return true;
}

/** A column of values as the text of a PostgreSQL array (`{"a",null,"b"}`). Written here rather
 * than by node-postgres: its generic conversion (a value at a time, dates in local time) costs
 * more than the statement it feeds. Most columns are written whole by `JSON.stringify`, whose
 * writing of numbers and of `null` is an array literal's, and whose quoting of a string (`"`,
 * with `\"` and `\\` inside) is too, unless a string holds a character JSON escapes otherwise
 * (a control character): such a column is written element by element. */
export function arrayLiteral(values: readonly unknown[], type: PgType): string {
  if (type === 'text' || type === 'jsonb' || type === 'timestamptz') {
    const json = JSON.stringify(texts(values, type));
    // Most columns hold no backslash at all: that is seen much faster than the pattern is run.
    if (!json.includes('\\') || !JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  } else if ((type === 'int4' || type === 'int8') && allIntegers(values)) {
    return `{${JSON.stringify(values).slice(1, -1)}}`;
  }
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i], type);
  return `{${parts.join(',')}}`;
}

type ColumnReader = (rows: readonly object[]) => unknown[][];
const readers = new WeakMap<object, ColumnReader>();

/** Reads every column of the rows into an array of its own in one pass. Made once per set of
 * columns, as a function that reads each column by a name written in its code: read by a name
 * held in a variable, the properties of rows with many columns cost several times more (the
 * engine's lookup by a changing name falls back to a slow shared cache). The names are written
 * as JSON string literals, so any name is read as it is. */
function columnReader(columns: object, names: readonly string[]): ColumnReader {
  let read = readers.get(columns);
  if (!read) {
    const arrays = names.map((_, i) => `c${i}`);
    const body = `const n = rows.length; ${arrays.map((c) => `const ${c} = new Array(n);`).join(' ')}
      for (let i = 0; i < n; i++) { const r = rows[i]; ${names.map((name, i) => `c${i}[i] = r[${JSON.stringify(name)}];`).join(' ')} }
      return [${arrays.join(', ')}];`;
    read = new Function('rows', body) as ColumnReader;
    readers.set(columns, read);
  }
  return read;
}

/**
 * `(select unnest($1::text[]) as <column>, unnest($2::int8[]) as …) as <alias>`: rows as one array
 * parameter per column, to select from in an insert. Whatever the number of rows, the statement is
 * short and has as many parameters as columns, so PostgreSQL parses and plans it once per session
 * (it is kept prepared) and only reads the arrays; a JSON document of the rows costs PostgreSQL
 * several times more to take apart, and a VALUES list one parameter per value. The arrays are
 * unnested side by side in the select list (PostgreSQL reads them in step, as `unnest(a, b)` in
 * FROM does), where their rows are handed on one by one: in FROM, a function's rows are first
 * stored whole, a fifth of the cost of reading the arrays. A value given as a JS object or array
 * goes into a `jsonb` column as its JSON; a Date as its instant (a column of Dates travels as their
 * milliseconds, see `milliseconds`).
 */
export function unnestRows<R extends object>(alias: string, columns: UnnestColumns<R>, rows: readonly R[]): RawBuilder<unknown> {
  const names = Object.keys(columns) as (keyof R & string)[];
  const values = columnReader(columns, names)(rows);
  const unnested = names.map((name, i) => {
    const type = columns[name];
    const column = values[i] as unknown[];
    if (type === 'jsonb' && noText(column)) return sql`${jsonbElements(column)} as ${sql.ref(name)}`;
    if (type === 'timestamptz') {
      const ms = milliseconds(column);
      if (ms) return sql`${EPOCH} + unnest(${ms}::int8[]) * interval '1 millisecond' as ${sql.ref(name)}`;
    }
    return sql`unnest(${arrayLiteral(column, type)}::${sql.raw(type)}[]) as ${sql.ref(name)}`;
  });
  return sql`(select ${sql.join(unnested)}) as ${sql.raw(alias)}`;
}

/** The instant the milliseconds of a `timestamptz` column count from: UTC's, whatever the session's
 * time zone. */
const EPOCH = sql`timestamptz 'epoch'`;

/**
 * A `timestamptz` column of Dates (or none) as the text of an array of their milliseconds since the
 * epoch, or null when a value is something else (a text, an invalid Date), which the array of
 * texts takes. Read as whole numbers added to the epoch, the instants are exactly the Dates', and
 * both sides do less: writing a Date as ISO text costs Node more than writing the whole number, and
 * PostgreSQL reads a whole number about three times faster than the text of an instant.
 */
function milliseconds(values: readonly unknown[]): string | null {
  const ms = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v == null) ms[i] = null;
    else if (v instanceof Date && Number.isFinite(v.getTime())) ms[i] = v.getTime();
    else return null;
  }
  return `{${JSON.stringify(ms).slice(1, -1)}}`;
}

/** Whether a column holds no value given as text (JSON text goes through the array of texts). */
function noText(values: readonly unknown[]): boolean {
  for (const v of values) if (typeof v === 'string') return false;
  return true;
}

/**
 * A `jsonb` column of documents given as JS values, as one JSON array whose elements are read in
 * step with the other columns: the documents are written once by `JSON.stringify` instead of each
 * on its own and then again quoted inside an array's text, and PostgreSQL reads one document
 * instead of an array of texts each read as a document, a quarter of what reading the arrays of
 * a page of orders costs. Each value is one element whatever it is (`JSON.stringify` writes
 * `undefined` as `null` too), so the rows stay in step; a missing value is JSON's null there,
 * given back as SQL's NULL (the column holds no JSON null: one given as the text `null` goes
 * through the array of texts, where a JS value whose JSON is null is SQL's NULL as here).
 */
function jsonbElements(values: readonly unknown[]): RawBuilder<unknown> {
  return sql`nullif(jsonb_array_elements(${JSON.stringify(values)}::jsonb), 'null'::jsonb)`;
}

/** Inserts rows into `table` with one statement of `unnestRows`; the columns not named take their
 * defaults. */
export async function insertUnnested<T extends keyof Database & string, R extends object>(
  db: Kysely<Database>,
  table: T,
  columns: UnnestColumns<R>,
  rows: readonly R[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  await sql`insert into ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    select * from ${unnestRows('r', columns, rows)}`.execute(db);
}
