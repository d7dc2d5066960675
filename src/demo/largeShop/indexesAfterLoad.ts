import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

interface Constraint {
  table: string;
  name: string;
  definition: string;
  type: 'p' | 'u' | 'f';
}

/**
 * Runs `load` with the indexes, keys and unique constraints of `tables` taken off (and the foreign
 * keys of other tables pointing at them), and puts each back exactly as PostgreSQL states it.
 * Millions of rows go in several times faster without an index updated per row; building an index
 * once over the loaded rows is one sort, and a foreign key put back checks every row in one join,
 * so the shop ends up as valid as if each row had been checked. For an empty database that no one
 * else uses (the dropped keys lock their tables until they are back).
 */
export async function withoutIndexes(conn: Kysely<Database>, tables: readonly string[], load: () => Promise<void>) {
  const { rows: constraints } = await sql<Constraint>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition, c.contype as type
    from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
      left join pg_class r on r.oid = c.confrelid
    where n.nspname = current_schema() and c.contype in ('p', 'u', 'f')
      and (t.relname = any(${tables}::text[]) or (c.contype = 'f' and r.relname = any(${tables}::text[])))
    order by t.relname, c.conname`.execute(conn);
  const { rows: indexes } = await sql<{ name: string; definition: string }>`
    select i.relname as name, pg_get_indexdef(i.oid) as definition
    from pg_index x
      join pg_class i on i.oid = x.indexrelid
      join pg_class t on t.oid = x.indrelid
      join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and t.relname = any(${tables}::text[])
      and not exists (select 1 from pg_constraint c where c.conindid = i.oid and c.conrelid = t.oid)
    order by i.relname`.execute(conn);
  const keys = constraints.filter((c) => c.type === 'f');
  const uniques = constraints.filter((c) => c.type !== 'f');
  const alter = (c: Constraint, what: 'drop' | 'add') =>
    what === 'drop'
      ? sql`alter table ${sql.table(c.table)} drop constraint ${sql.ref(c.name)}`.execute(conn)
      : sql`alter table ${sql.table(c.table)} add constraint ${sql.ref(c.name)} ${sql.raw(c.definition)}`.execute(conn);
  for (const c of keys) await alter(c, 'drop');
  for (const c of uniques) await alter(c, 'drop');
  for (const i of indexes) await sql`drop index ${sql.ref(i.name)}`.execute(conn);
  await load();
  // Primary keys before the indexes and the foreign keys that lean on them.
  for (const c of uniques) await alter(c, 'add');
  for (const i of indexes) await sql.raw(i.definition).execute(conn);
  for (const c of keys) await alter(c, 'add');
}
