import { sql } from 'kysely';
import type { Tx } from '../app/kernel/transaction.js';

interface ForeignKey {
  table: string;
  name: string;
  definition: string;
  /** Whether the current role owns (or has the rights of the owner of) both tables of the key. */
  owned: boolean;
}

/** PostgreSQL's codes for a lock not had within `lock_timeout`, and for a right the role lacks. */
const LOCK_NOT_AVAILABLE = '55P03';
const INSUFFICIENT_PRIVILEGE = '42501';

/** How long the removal of the keys may wait for a table's lock before the seed keeps them. */
const LOCK_WAIT = '2s';

/** Whether a client other than this transaction's is connected to the database. On PGlite the
 * only session is ours; on PostgreSQL any other one (the app, a psql, another pool's idle
 * connection) could read or write the tables the keys' removal would lock until the seed commits. */
async function othersConnected(tx: Tx): Promise<boolean> {
  const { rows } = await sql<{ others: boolean }>`
    select exists (
      select 1 from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend'
    ) as others`.execute(tx);
  return rows[0]?.others ?? true;
}

/** Takes the keys off, table by table, waiting at most `LOCK_WAIT` for each lock. Inside a
 * savepoint, so a lock not had (or a right the role lacks) leaves the transaction usable and every
 * key in place; returns whether they came off. */
async function dropKeys(tx: Tx, byTable: Map<string, ForeignKey[]>): Promise<boolean> {
  const { rows } = await sql<{ wait: string }>`select current_setting('lock_timeout') as wait`.execute(tx);
  await sql`savepoint foreign_keys_off`.execute(tx);
  try {
    await sql`select set_config('lock_timeout', ${LOCK_WAIT}, true)`.execute(tx);
    for (const [table, own] of byTable) {
      await sql`alter table ${sql.table(table)} ${sql.join(own.map((k) => sql`drop constraint ${sql.ref(k.name)}`))}`.execute(tx);
    }
    await sql`release savepoint foreign_keys_off`.execute(tx);
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code !== LOCK_NOT_AVAILABLE && code !== INSUFFICIENT_PRIVILEGE) throw error;
    // Undoes the drops made so far and the shorter wait with them.
    await sql`rollback to savepoint foreign_keys_off`.execute(tx);
    await sql`release savepoint foreign_keys_off`.execute(tx);
    return false;
  }
  await sql`select set_config('lock_timeout', ${rows[0]?.wait ?? '0'}, true)`.execute(tx);
  return true;
}

/** Whether the foreign keys of the tables are off (or there are none), and what puts them back. */
export interface KeysOff {
  off: boolean;
  /** Puts every key taken off back exactly as it was (its definition as PostgreSQL states it),
   * which checks every row of the table against it in one join. */
  putBack: () => Promise<void>;
}

/**
 * Takes the foreign keys of `tables` off for a load when nothing else can be hurt by it; the load
 * calls `putBack` once its rows are in. Checked row by row as they go in, the keys cost
 * the seed's inserts half their time: a trigger and a lookup per row and key. This is
 * PostgreSQL's own advice for filling tables in bulk ("Populating a Database"), and it is safe
 * here because the demo fills an empty database in one transaction and a row a key refuses fails
 * the whole seed as it did before. But dropping a key locks both its tables exclusively until
 * commit (sixteen tables, settings and policy included) and needs the tables' owner: so the keys
 * come off only when no other client is connected, the role owns every table, and the locks are
 * had within a short wait. Otherwise they stay (`off` is false: a row must then go in after the
 * rows it refers to), and the seed is only slower.
 */
export async function takeForeignKeysOff(tx: Tx, tables: readonly string[]): Promise<KeysOff> {
  const { rows: keys } = await sql<ForeignKey>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition,
      pg_has_role(t.relowner, 'USAGE') and pg_has_role(r.relowner, 'USAGE') as owned
    from pg_constraint c
      join pg_class t on t.oid = c.conrelid
      join pg_class r on r.oid = c.confrelid
      join pg_namespace n on n.oid = t.relnamespace
    where c.contype = 'f' and n.nspname = current_schema() and t.relname = any(${tables}::text[])
    order by t.relname, c.conname`.execute(tx);
  const nothing = async () => {};
  if (keys.length === 0) return { off: true, putBack: nothing };
  if (!keys.every((k) => k.owned) || (await othersConnected(tx))) return { off: false, putBack: nothing };
  const byTable = new Map<string, ForeignKey[]>();
  for (const key of keys) byTable.set(key.table, [...(byTable.get(key.table) ?? []), key]);
  if (!(await dropKeys(tx, byTable))) return { off: false, putBack: nothing };
  const putBack = async () => {
    for (const [table, own] of byTable) {
      await sql`alter table ${sql.table(table)} ${sql.join(
        own.map((k) => sql`add constraint ${sql.ref(k.name)} ${sql.raw(k.definition)}`),
      )}`.execute(tx);
    }
  };
  return { off: true, putBack };
}
