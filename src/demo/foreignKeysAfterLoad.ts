import { sql } from 'kysely';
import type { Tx } from '../app/kernel/transaction.js';

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
}

/**
 * Runs `load` with the foreign keys of `tables` taken off, then puts each back exactly as it was
 * (its definition as PostgreSQL states it), which checks every row of the table against it in one
 * join. Checked row by row as they go in, the keys cost the seed's inserts half their time: a
 * trigger and a lookup per row and key. This is PostgreSQL's own advice for filling tables in
 * bulk ("Populating a Database"), and it is safe here only because the demo fills an empty
 * database in one transaction: nobody else sees the tables meanwhile (the keys' removal holds
 * them locked until commit), and a row a key refuses fails the whole seed as it did before.
 */
export async function withForeignKeysCheckedAfter<T>(tx: Tx, tables: readonly string[], load: () => Promise<T>): Promise<T> {
  const { rows: keys } = await sql<ForeignKey>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition
    from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = current_schema() and t.relname = any(${tables}::text[])
    order by t.relname, c.conname`.execute(tx);
  const byTable = new Map<string, ForeignKey[]>();
  for (const key of keys) byTable.set(key.table, [...(byTable.get(key.table) ?? []), key]);
  for (const [table, own] of byTable) {
    await sql`alter table ${sql.table(table)} ${sql.join(own.map((k) => sql`drop constraint ${sql.ref(k.name)}`))}`.execute(tx);
  }
  const loaded = await load();
  for (const [table, own] of byTable) {
    await sql`alter table ${sql.table(table)} ${sql.join(
      own.map((k) => sql`add constraint ${sql.ref(k.name)} ${sql.raw(k.definition)}`),
    )}`.execute(tx);
  }
  return loaded;
}
