import type PgBoss from 'pg-boss';

/** pg-boss's own schema in Retour's database. */
export const JOB_SCHEMA = 'pgboss';

/** The queues' own tables (pg-boss keeps one partition per queue), by pg-boss instance: found once
 * per queue. */
const tablesOf = new WeakMap<PgBoss, Map<string, Promise<string | null>>>();

/** A queue's own table, when its jobs can be taken and completed there: not for policies that hand
 * out one job per key at a time, which pg-boss's fetch gates itself. */
function queueTable(boss: PgBoss, db: PgBoss.Db, queue: string): Promise<string | null> {
  let tables = tablesOf.get(boss);
  if (!tables) {
    tables = new Map();
    tablesOf.set(boss, tables);
  }
  const known = tables.get(queue);
  if (known) return known;
  const found = db
    .executeSql(`select partition_name, policy from ${JOB_SCHEMA}.queue where name = $1`, [queue])
    .then(({ rows }) => {
      const row = rows[0] as { partition_name: string; policy: string | null } | undefined;
      // A queue not made yet is looked up again next time.
      if (!row) tables.delete(queue);
      if (!row || row.policy === 'singleton' || row.policy === 'stately') return null;
      // Its name goes into statements: only pg-boss's own form ('j' and a SHA-224 in hex) is used.
      return /^j[0-9a-f]{56}$/.test(row.partition_name) ? `${JOB_SCHEMA}.${row.partition_name}` : null;
    });
  tables.set(queue, found);
  found.catch(() => tables.delete(queue));
  return found;
}

/** An index in the order jobs are handed out, on the queue's own table: a fetch reads the first
 * few waiting jobs instead of reading and sorting every one (pg-boss's own index is by start time:
 * a backlog of n jobs cost a sort of n rows per fetch). Made once; a process starting at the same
 * moment may make it first. */
export async function ensureFetchIndex(boss: PgBoss, queue: string): Promise<void> {
  const db = boss.getDb();
  const table = await queueTable(boss, db, queue);
  if (!table) return;
  const index = `${table.slice(JOB_SCHEMA.length + 1)}_fetch`;
  await db
    .executeSql(`create index if not exists ${index} on ${table} (priority desc, created_on, id) where state < 'active'`, [])
    .catch(async (err: unknown) => {
      const exists = await db.executeSql('select 1 from pg_class where relname = $1', [index]);
      if (exists.rows.length === 0) throw err;
    });
}

/** How a worker takes a queue's jobs and writes which ended well. */
export interface JobTables {
  fetch<T>(queue: string, batchSize: number): Promise<PgBoss.Job<T>[]>;
  complete(queue: string, ids: string[]): Promise<void>;
}

/**
 * Takes and completes jobs as pg-boss's fetch and complete do, but on each queue's own table, so
 * planning a statement never looks at the other queues' tables (planning pg-boss's complete on the
 * partitioned table cost more than running it).
 *
 * `fetch` takes up to `batchSize` waiting jobs: highest priority, then oldest first; only those
 * due; each by one worker (`skip locked`); a retry counted when the job had started before. It
 * reads them in the order of the queue's fetch index, so it reads about as many rows as it takes
 * however long the queue, and the planner needs no statistics of the table to see that (the
 * queue's name, the same in every row of its table, is not a condition). `complete` marks active
 * jobs completed. Queues that cannot be served this way go through pg-boss. `on`: where the
 * statements run (Retour's pool prepares them once per connection).
 */
export function jobTables(boss: PgBoss, on: PgBoss.Db = boss.getDb()): JobTables {
  return {
    fetch: async <T>(queue: string, batchSize: number) => {
      const table = await queueTable(boss, on, queue);
      if (!table) return boss.fetch<T>(queue, { batchSize });
      const { rows } = await on.executeSql(
        // The rows locked are updated where they are (their ctid, in the same statement): no plan
        // to choose, so none that reads the whole table (without statistics the queue's name looked
        // like a rare value). A row another statement changed meanwhile is skipped, never taken twice.
        `with next as (
          select ctid from ${table}
          where state < 'active' and start_after < now()
          order by priority desc, created_on, id
          limit $1
          for update skip locked
        )
        update ${table} as j set
          state = 'active',
          started_on = now(),
          retry_count = case when started_on is not null then retry_count + 1 else retry_count end
        where j.ctid = any(array(select ctid from next))
        returning j.id, j.name, j.data, extract(epoch from j.expire_in) as "expireInSeconds"`,
        [batchSize],
      );
      return rows as PgBoss.Job<T>[];
    },
    complete: async (queue, ids) => {
      const table = await queueTable(boss, on, queue);
      if (!table) {
        await boss.complete(queue, ids);
        return;
      }
      // Each job is found by its whole key (the queue's name and its id), one by one whatever the
      // statistics say (`offset 0` keeps each lookup apart): joined, a table without statistics was
      // read whole by the name alone. The rows found are updated where they are, in this statement.
      await on.executeSql(
        `update ${table} as j set completed_on = now(), state = 'completed', output = null
        where j.ctid = any(array(
          select found.ctid from unnest($2::uuid[]) as done(id)
          cross join lateral (select ctid from ${table} where name = $1 and id = done.id offset 0) as found
        ))
        and j.state = 'active'`,
        [queue, ids],
      );
    },
  };
}
