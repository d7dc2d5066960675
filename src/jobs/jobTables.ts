import type PgBoss from 'pg-boss';

/** pg-boss's own schema in Retour's database. */
export const JOB_SCHEMA = 'pgboss';

/** The version of pg-boss's schema (its `version` table) the statements here were written for:
 * pg-boss 10.4.2, pinned in package.json. */
export const JOB_SCHEMA_VERSION = 24;

/** pg-boss instances whose schema is not the one these statements know: pg-boss's own fetch and
 * complete serve every queue. */
const otherSchema = new WeakSet<PgBoss>();

type Log = { warn(obj: object, msg: string): void };
export const consoleLog: Log = { warn: (obj, msg) => console.warn(msg, obj) };

/** Whether pg-boss's schema is the one these statements were written for (JOB_SCHEMA_VERSION):
 * checked once at start-up; otherwise, or when it cannot be read, said once and left to pg-boss. */
export async function checkJobSchema(boss: PgBoss, log: Log = consoleLog): Promise<boolean> {
  const found = await boss
    .getDb()
    .executeSql(`select version from ${JOB_SCHEMA}.version`, [])
    .then(({ rows }) => Number((rows[0] as { version?: unknown } | undefined)?.version))
    .catch((err: unknown) => err);
  if (found === JOB_SCHEMA_VERSION) {
    otherSchema.delete(boss);
    return true;
  }
  otherSchema.add(boss);
  log.warn(
    { expected: JOB_SCHEMA_VERSION, ...(typeof found === 'number' ? { found } : { err: found }) },
    "pg-boss's schema is not the version Retour's job statements were written for: pg-boss's own fetch and complete take the jobs",
  );
  return false;
}

/** The queues' own tables (pg-boss keeps one partition per queue), by pg-boss instance: found once
 * per queue. */
const tablesOf = new WeakMap<PgBoss, Map<string, Promise<string | null>>>();

/** A queue's own table, when its jobs can be taken and completed there: not for policies that hand
 * out one job per key at a time, which pg-boss's fetch gates itself. Its policy is read once per
 * process, after start-up made or updated the queue: when a process started later (a newer
 * version) changes a queue's policy, this one serves the queue by the old one until it restarts. */
function queueTable(boss: PgBoss, db: PgBoss.Db, queue: string): Promise<string | null> {
  let tables = tablesOf.get(boss);
  if (!tables) {
    tables = new Map();
    tablesOf.set(boss, tables);
  }
  if (otherSchema.has(boss)) return Promise.resolve(null);
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

/** Indexes on a queue's own table, by the suffix of their name (a partition's name is 57
 * characters; a name stays within PostgreSQL's 63): waiting jobs in the order they are handed out,
 * and jobs waiting for a retry in the order they come due. A retry keeps its created_on: in one
 * index with the new jobs, every fetch read the retries not yet due at its head. */
const FETCH_INDEXES: readonly [string, string][] = [
  ['_fc', "(priority desc, created_on, id) where state = 'created'"],
  ['_fr', "(start_after) where state = 'retry'"],
];
/** The single index of an earlier version, new jobs and retries together: no statement uses it. */
const OLD_FETCH_INDEX = '_fetch';

/** Queues whose indexes could not be made, by pg-boss instance: pg-boss's own fetch takes their jobs. */
const withoutIndex = new WeakMap<PgBoss, Set<string>>();

/** Whether an index of pg-boss's schema is there and usable (null: not there; false: a build that
 * failed or still runs). */
async function indexValid(db: PgBoss.Db, name: string): Promise<boolean | null> {
  const { rows } = await db.executeSql(
    `select i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and c.relname = $2`,
    [JOB_SCHEMA, name],
  );
  return rows.length === 0 ? null : Boolean((rows[0] as { valid: boolean }).valid);
}

export interface FetchIndexOptions {
  /** Build without blocking writes to the queue (PostgreSQL, whose statements here run outside a
   * transaction), so a start-up next to running workers never holds up their jobs. */
  concurrently?: boolean;
  log?: Log;
}

/** The indexes a fetch reads (FETCH_INDEXES), made once; another process starting at the same
 * moment may make them first. They are looked up before any `create index`, so a start-up with them
 * in place takes no lock. They only speed fetches up: on any failure the queue's jobs are taken by
 * pg-boss's own fetch in this process, and start-up carries on. */
export async function ensureFetchIndex(boss: PgBoss, queue: string, options: FetchIndexOptions = {}): Promise<void> {
  const db = boss.getDb();
  try {
    const table = await queueTable(boss, db, queue);
    if (!table) return;
    const partition = table.slice(JOB_SCHEMA.length + 1);
    const how = options.concurrently ? 'concurrently ' : '';
    for (const [suffix, definition] of FETCH_INDEXES) {
      const index = `${partition}${suffix}`;
      const valid = await indexValid(db, index);
      if (valid) continue;
      // A concurrent build that failed leaves an invalid index behind: made again.
      if (valid === false) await db.executeSql(`drop index ${how}if exists ${JOB_SCHEMA}.${index}`, []);
      await db
        .executeSql(`create index ${how}if not exists ${index} on ${table} ${definition}`, [])
        .catch(async (err: unknown) => {
          if (!(await indexValid(db, index))) throw err;
        });
    }
    if ((await indexValid(db, `${partition}${OLD_FETCH_INDEX}`)) !== null)
      await db.executeSql(`drop index ${how}if exists ${JOB_SCHEMA}.${partition}${OLD_FETCH_INDEX}`, []);
    withoutIndex.get(boss)?.delete(queue);
  } catch (err) {
    const queues = withoutIndex.get(boss) ?? new Set<string>();
    withoutIndex.set(boss, queues.add(queue));
    (options.log ?? consoleLog).warn(
      { err, queue },
      "a job queue's fetch indexes could not be made: pg-boss's own fetch takes its jobs in this process",
    );
  }
}

/** Takes up to $1 due jobs of `table` in pg-boss's order (highest priority, then oldest), each by
 * one statement only (`skip locked`). New jobs and retries are read apart, each in the order of its
 * own index, so a fetch reads about as many rows as it takes however many retries wait: retries
 * by when they come due (those due first are taken first, then ordered with the new ones).
 * The rows locked are updated where they are (their ctid, in the same statement): no plan to
 * choose, so none that reads the whole table (without statistics the queue's name looked like a
 * rare value). A row another statement changed meanwhile is skipped, never taken twice; rows a
 * branch locked beyond those taken are free again when the statement ends. */
export function fetchStatement(table: string): string {
  return `with fresh as (
      select ctid, priority, created_on, id from ${table}
      where state = 'created' and start_after < now()
      order by priority desc, created_on, id
      limit $1
      for update skip locked
    ), retried as (
      select ctid, priority, created_on, id from ${table}
      where state = 'retry' and start_after < now()
      order by start_after
      limit $1
      for update skip locked
    ), next as (
      select ctid from (select * from fresh union all select * from retried) as due
      order by priority desc, created_on, id
      limit $1
    )
    update ${table} as j set
      state = 'active',
      started_on = now(),
      retry_count = case when started_on is not null then retry_count + 1 else retry_count end
    where j.ctid = any(array(select ctid from next))
    returning j.id, j.name, j.data, extract(epoch from j.expire_in) as "expireInSeconds"`;
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
 * reads them in the order of the queue's fetch indexes (fetchStatement), so it reads about as many
 * rows as it takes however long the queue and however many retries wait, and the planner needs no
 * statistics of the table to see that (the queue's name, the same in every row of its table, is
 * not a condition). `complete` marks active jobs completed. Queues that cannot be served this way
 * (their indexes failed, a pg-boss schema of another version) go through pg-boss. `on`: where the
 * statements run (Retour's pool prepares them once per connection).
 */
export function jobTables(boss: PgBoss, on: PgBoss.Db = boss.getDb()): JobTables {
  return {
    fetch: async <T>(queue: string, batchSize: number) => {
      const table = withoutIndex.get(boss)?.has(queue) ? null : await queueTable(boss, on, queue);
      if (!table) return boss.fetch<T>(queue, { batchSize });
      const { rows } = await on.executeSql(fetchStatement(table), [batchSize]);
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
