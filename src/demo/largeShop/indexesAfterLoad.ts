import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';

interface Constraint {
  table: string;
  name: string;
  definition: string;
  type: 'p' | 'u' | 'f';
  /** The table a foreign key points at. */
  references: string | null;
}

interface Statement {
  what: string;
  statement: string;
}

/** Statements run one after the other on one connection, once the tables in `after` are built. */
interface Group {
  statements: Statement[];
  /** The table whose indexes these are. */
  table?: string;
  after?: string[];
}

/** The indexes and keys taken off, as PostgreSQL states them: each table's own (primary key,
 * unique constraints, indexes), and the foreign keys, which lean on the primary keys. */
export interface TakenOff {
  byTable: Map<string, Statement[]>;
  keys: (Statement & { tables: string[] })[];
}

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
export async function takeIndexesOff(conn: Kysely<Database>, tables: readonly string[]): Promise<TakenOff> {
  const { rows: constraints } = await sql<Constraint>`
    select t.relname as "table", c.conname as name, pg_get_constraintdef(c.oid) as definition, c.contype as type,
      r.relname as "references"
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
    statement: `alter table ${c.table} add constraint ${c.name} ${c.definition}`,
  });
  const byTable = new Map<string, Statement[]>();
  const put = (table: string, s: Statement) => byTable.set(table, [...(byTable.get(table) ?? []), s]);
  for (const c of uniques) put(c.table, add(c));
  for (const i of indexes) put(i.table, { what: i.name, statement: i.definition });
  return { byTable, keys: keys.map((k) => ({ ...add(k), tables: [k.table, k.references ?? k.table] })) };
}

/** Puts back what `takeIndexesOff` took off, a table at a time as each is loaded. */
export interface IndexesBack {
  /** `table` holds all its rows: its primary key, unique constraints and indexes are built (and it
   * is analysed) on a connection of their own while the load goes on with the next tables, and
   * then each foreign key whose two tables are built. */
  loaded(table: string): void;
  /** Once the load has given its connection back: the rest, on `connections` connections. */
  finish(): Promise<void>;
  /** The load failed: builds no more (what is built stays), and lets the connections go. */
  abandon(): Promise<void>;
}

/**
 * Builds each table's indexes as soon as it is loaded, on a second connection while the first
 * loads the next tables: on two cores the sorts of the index builds and the load's own
 * statements run side by side instead of one after the other. An index build locks its table
 * against writes only, which the load no longer makes to a table it has finished; a primary key
 * locks it wholly, and the load reads its staged rows, never the tables it has filled. A foreign
 * key waits until both its tables are built (and analysed, so that the join checking it is
 * planned on their real sizes). With one connection (PGlite) everything is built at the end.
 */
export function putIndexesBack(
  db: Kysely<Database>,
  taken: TakenOff,
  tables: readonly string[],
  options: { connections: number; onStatement?: (what: string, seconds: number) => void },
): IndexesBack {
  const connections = Math.max(1, options.connections);
  const pending = new Map([...taken.byTable].map(([table, statements]) => [table, [...statements, analyze(table)]]));
  for (const table of tables) if (!pending.has(table)) pending.set(table, [analyze(table)]);
  let keys = taken.keys;
  const queued = new Set<string>();
  const work = workQueue(db, new Set(tables), options.onStatement);
  // One connection is the load's until it ends.
  if (connections > 1) work.start(1);
  const queue = (table: string) => {
    const statements = pending.get(table);
    pending.delete(table);
    queued.add(table);
    if (statements) work.add({ statements, table });
  };
  const queueKeys = () => {
    const ready = keys.filter((k) => k.tables.every((t) => queued.has(t) || !tables.includes(t)));
    keys = keys.filter((k) => !ready.includes(k));
    for (const k of ready) work.add({ statements: [k], after: k.tables });
  };
  return {
    loaded(table) {
      queue(table);
      queueKeys();
    },
    async finish() {
      // The largest tables (listed first in `tables`) first, so the last to finish is a small one.
      for (const table of [...pending.keys()].sort((a, b) => rank(tables, a) - rank(tables, b))) queue(table);
      queueKeys();
      work.start(connections > 1 ? connections - 1 : 1);
      await work.close();
    },
    async abandon() {
      await work.close(true).catch(() => {});
    },
  };
}

const analyze = (table: string): Statement => ({ what: `analyze ${table}`, statement: `analyze ${table}` });
const rank = (tables: readonly string[], table: string) => (tables.includes(table) ? tables.indexOf(table) : tables.length);

/** Groups of statements run by workers, a group on one connection, added while they run; the
 * workers end once the queue is closed and empty. A group waits for the groups of the `tracked`
 * tables in its `after` (taken from the queue before it, so never a wait on a group not begun). */
function workQueue(db: Kysely<Database>, tracked: ReadonlySet<string>, onStatement?: (what: string, seconds: number) => void) {
  const queue: Group[] = [];
  const waiting: (() => void)[] = [];
  const workers: Promise<void>[] = [];
  const failures: unknown[] = [];
  const built = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const builtOf = (table: string) => {
    let entry = built.get(table);
    if (!entry) {
      let resolve = () => {};
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      entry = { promise, resolve };
      built.set(table, entry);
    }
    return entry;
  };
  let closed = false;
  const wake = () => {
    for (const w of waiting.splice(0)) w();
  };
  const next = async (): Promise<Group | undefined> => {
    for (;;) {
      const group = queue.shift();
      if (group || closed) return group;
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
  };
  const run = async (c: Kysely<Database>, group: Group) => {
    try {
      await Promise.all((group.after ?? []).filter((t) => tracked.has(t)).map((t) => builtOf(t).promise));
      for (const { what, statement } of group.statements) {
        const t0 = performance.now();
        await sql.raw(statement).execute(c);
        onStatement?.(what, (performance.now() - t0) / 1000);
      }
    } finally {
      // Also when it failed: what waits on it then fails on its own, or runs anyway.
      if (group.table) builtOf(group.table).resolve();
    }
  };
  const worker = () =>
    db.connection().execute(async (c) => {
      await sql.raw(`set maintenance_work_mem = '${SORT_MEMORY}'`).execute(c);
      try {
        for (let group = await next(); group; group = await next()) await run(c, group);
      } finally {
        await sql`reset maintenance_work_mem`.execute(c);
      }
    });
  return {
    add(group: Group) {
      queue.push(group);
      wake();
    },
    start(n: number) {
      // A failure is kept for close(): the load goes on meanwhile, and the other workers take the rest.
      for (let i = 0; i < n; i++) workers.push(worker().catch((err) => void failures.push(err)));
    },
    async close(drop = false) {
      closed = true;
      if (drop) queue.length = 0;
      wake();
      await Promise.all(workers);
      if (failures.length > 0) throw failures[0];
      if (queue.length > 0) throw new Error(`${queue.length} groups of index statements were left unbuilt`);
    },
  };
}
