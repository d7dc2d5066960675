import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

interface Constraint {
  table: string;
  name: string;
  definition: string;
  type: 'p' | 'u' | 'f';
}

/** What puts the indexes and keys back, `connections` statements at a time, telling how long
 * each took. */
export type PutBack = (
  db: Kysely<Database>,
  options: { connections: number; onStatement?: (what: string, seconds: number) => void },
) => Promise<void>;

/** Memory an index build may sort in: a few million keys sort in memory instead of on disk. */
const SORT_MEMORY = '1GB';

/**
 * Takes the indexes, keys and unique constraints of `tables` off (and the foreign keys of other
 * tables pointing at them) before a load, and returns what puts each back exactly as PostgreSQL
 * states it. Millions of rows go in several times faster without an index updated and a key
 * checked per row; building an index once over the loaded rows is one sort, and a foreign key put
 * back checks every row in one join, so the shop ends up as valid as if each row had been checked.
 * For an empty database that no one else uses (the dropped keys lock their tables until they
 * are back).
 */
export async function takeIndexesOff(conn: Kysely<Database>, tables: readonly string[]): Promise<PutBack> {
  const { rows: constraints } = await sql<Constraint>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition, c.contype as type
    from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_class r on r.oid = c.confrelid
    where n.nspname = current_schema() and c.contype in ('p', 'u', 'f')
      and (t.relname = any(${tables}::text[]) or (c.contype = 'f' and r.relname = any(${tables}::text[])))
    order by t.relname, c.conname`.execute(conn);
  const { rows: indexes } = await sql<{ table: string; name: string; definition: string }>`
    select t.relname as "table", i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.oid and c.conrelid = t.oid)
    order by i.relname`.execute(conn);
  const keys = constraints.filter((c) => c.type === 'f');
  const uniques = constraints.filter((c) => c.type !== 'f');
  for (const c of [...keys, ...uniques]) {
    await sql`alter table ${sql.table(c.table)} drop constraint ${sql.ref(c.name)}`.execute(conn);
  }
  for (const i of indexes) await sql`drop index ${sql.ref(i.name)}`.execute(conn);
  const add = (c: Constraint) => ({
    what: `${c.table}.${c.name}`,
    table: c.table,
    statement: `alter table ${c.table} add constraint ${c.name} ${c.definition}`,
  });
  // Primary keys and indexes first, each table's in one turn (they lock the table); then the
  // foreign keys, which lean on the primary keys.
  const indexing = [...uniques.map(add), ...indexes.map((i) => ({ what: i.name, table: i.table, statement: i.definition }))];
  // The largest tables (listed first in `tables`) first, so the last to finish is a small one.
  const rank = (table: string) => (tables.includes(table) ? tables.indexOf(table) : tables.length);
  return async (db, { connections, onStatement }) => {
    for (const phase of [indexing, keys.map(add)]) {
      const byTable = new Map<string, { what: string; statement: string }[]>();
      for (const s of [...phase].sort((a, b) => rank(a.table) - rank(b.table))) {
        byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);
      }
      await runSpread(db, [...byTable.values()], connections, onStatement);
    }
  };
}

/** Runs groups of statements on up to `connections` connections at once, a group on one. */
export async function runSpread(
  db: Kysely<Database>,
  groups: { what: string; statement: string }[][],
  connections: number,
  onStatement?: (what: string, seconds: number) => void,
) {
  const queue = [...groups];
  const worker = () =>
    db.connection().execute(async (c) => {
      await sql.raw(`set maintenance_work_mem = '${SORT_MEMORY}'`).execute(c);
      try {
        for (let group = queue.shift(); group; group = queue.shift()) {
          for (const { what, statement } of group) {
            const t0 = performance.now();
            await sql.raw(statement).execute(c);
            onStatement?.(what, (performance.now() - t0) / 1000);
          }
        }
      } finally {
        await sql`reset maintenance_work_mem`.execute(c);
      }
    });
  await Promise.all(Array.from({ length: Math.max(1, connections) }, worker));
}
