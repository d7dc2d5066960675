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
      const text = type === 'jsonb' && typeof value !== 'string' ? JSON.stringify(value) : String(value);
      return NEEDS_ESCAPE.test(text) ? `"${text.replace(ESCAPED, '\\$&')}"` : `"${text}"`;
    }
  }
}

/** A column of values as the text of a PostgreSQL array (`{"a",NULL,"b"}`). Written here rather
 * than by node-postgres: its generic conversion (a value at a time, dates in local time) costs
 * more than the statement it feeds. Text is written by `JSON.stringify`, whose quoting of a string
 * (`"`, with `\"` and `\\` inside) is an array literal's, unless a string holds a character JSON
 * escapes otherwise (a control character): such a column is written element by element. */
export function arrayLiteral(values: readonly unknown[], type: PgType): string {
  if (type === 'text' || type === 'jsonb') {
    const texts =
      type === 'jsonb'
        ? values.map((v) => (v === null || v === undefined || typeof v === 'string' ? v : JSON.stringify(v)))
        : values.map((v) => (v === null || v === undefined || typeof v === 'string' ? v : String(v)));
    const json = JSON.stringify(texts);
    // Most columns hold no backslash at all: that is seen much faster than the pattern is run.
    if (!json.includes('\\') || !JSON_ONLY_ESCAPE.test(json)) return `{${json.slice(1, -1)}}`;
  }
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) parts[i] = element(values[i], type);
  return `{${parts.join(',')}}`;
}

/**
 * `unnest($1::text[], $2::int8[], …) as <alias>(<column>, …)`: rows as one array parameter per
 * column, to select from in an insert. Whatever the number of rows, the statement is short and
 * has as many parameters as columns, so PostgreSQL parses and plans it once per session (it is
 * kept prepared) and only reads the arrays; a JSON document of the rows costs PostgreSQL several
 * times more to take apart, and a VALUES list one parameter per value. A value given as a JS
 * object or array goes into a `jsonb` column as its JSON; a Date as its instant.
 */
export function unnestRows<R extends object>(alias: string, columns: UnnestColumns<R>, rows: readonly R[]): RawBuilder<unknown> {
  const names = Object.keys(columns) as (keyof R & string)[];
  const arrays = names.map((name) => {
    const type = columns[name];
    const values = rows.map((row) => row[name]);
    return sql`${arrayLiteral(values, type)}::${sql.raw(type)}[]`;
  });
  return sql`unnest(${sql.join(arrays)}) as ${sql.raw(alias)}(${sql.join(names.map((n) => sql.ref(n)))})`;
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
