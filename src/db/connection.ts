import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { claimDataDir, type DataDirClaim } from './dataDirOwner.js';
import { inProcessSession, PgliteConnection, type PgliteSession } from './pgliteConnection.js';
import { type PgliteThread, startPgliteThread } from './pgliteThread.js';
import { GatedPool, PriorityGate } from './priorityGate.js';
import type { Database } from './schema.js';

// bigint (int8) and numeric come back as strings by default; our amounts are minor units far
// below 2^53, so numbers are safe and spare every caller a conversion.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));

export type RetourDb = Kysely<Database>;

/** Distinct statements one connection keeps prepared; any beyond run unprepared as before. */
const MAX_PREPARED_PER_CONNECTION = 500;
/** Longer statements (batch inserts, long IN lists) are rarely repeated: not worth keeping. A
 * return request's risk facts (about 9,000 characters) are below it: unprepared, PostgreSQL parsed
 * and planned them on every request, 7 of their 8 ms. */
export const MAX_PREPARED_SQL_LENGTH = 12_000;
/** PostgreSQL errors after which a connection's prepared statements are dropped and made anew:
 * a schema change altered a statement's result type, or a pooler discarded the statements. */
const STALE_STATEMENT_ERRORS = new Set(['0A000', '26000']);

type QueryFn = (...args: unknown[]) => unknown;

/** The statements prepared on one server session. Kept per node-postgres connection object, not
 * per client: PGlite hands every client of its pool the same connection (and session), and
 * node-postgres remembers parsed statements on the connection too. */
interface PreparedNames {
  names: Map<string, string>;
  generation: number;
}
const preparedBySession = new WeakMap<object, PreparedNames>();

/** A node-postgres client that runs each parameterised statement Kysely sends as a named prepared
 * statement, so PostgreSQL parses and plans it once per session instead of on every call
 * (planning the return request's queries cost more CPU than running them). The SQL text and the
 * values are unchanged, so are the results. */
export class PreparingClient extends pg.Client {
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    const plain = () => (super.query as QueryFn).apply(this, args) as never;
    if (typeof text !== 'string' || !Array.isArray(values) || values.length === 0 || callback !== undefined) return plain();
    if (text.length > MAX_PREPARED_SQL_LENGTH) return plain();
    const session = (this as unknown as { connection: object }).connection;
    let prepared = preparedBySession.get(session);
    if (!prepared) {
      prepared = { names: new Map(), generation: 0 };
      preparedBySession.set(session, prepared);
    }
    let name = prepared.names.get(text);
    if (!name) {
      if (prepared.names.size >= MAX_PREPARED_PER_CONNECTION) return plain();
      name = `retour_${prepared.generation}_${prepared.names.size}`;
      prepared.names.set(text, name);
    }
    const state = prepared;
    const result = (super.query as QueryFn).call(this, { name, text, values }) as Promise<unknown>;
    return result.catch((err: unknown) => {
      // Start over under new names; the failed statement fails once, the next call prepares anew.
      if (STALE_STATEMENT_ERRORS.has((err as { code?: string }).code ?? '') && state.names.get(text) === name) {
        state.names.clear();
        state.generation++;
      }
      throw err;
    }) as never;
  }
}

/** Runs raw SQL for the job queue (pg-boss): its own statements, some with several commands. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number }>;
}

export interface DbHandle {
  db: RetourDb;
  kind: 'pglite' | 'postgres';
  /** For the job queue: on PGlite the same one-connection pool as Kysely (so its statements never
   * land inside an open transaction); on PostgreSQL the queue opens its own connections. */
  jobs: { executor: SqlExecutor } | { connectionString: string };
  /** This process's hold on the embedded database's directory (none on PostgreSQL or in memory). */
  owner?: DataDirClaim;
  close(): Promise<void>;
}

const poolExecutor = (pool: GatedPool): SqlExecutor => ({
  executeSql: async (text, values) => {
    const r = await pool.query(text, values as unknown[] | undefined);
    // Several commands in one text answer with one result each: the last is the one asked for.
    const last = Array.isArray(r) ? (r[r.length - 1] as pg.QueryResult) : r;
    return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
  },
});

export interface OpenDbOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` keeps everything in memory (tests). */
  dataDir?: string;
  poolSize?: number;
  /** Run parameterised statements as prepared statements on PostgreSQL (default true; PGlite
   * always does). Turn off behind a pooler that does not keep prepared statements, such as
   * PgBouncer in transaction mode before 1.21. */
  prepareStatements?: boolean;
  onIdleError?: (err: Error) => void;
  /** Settings each new PostgreSQL session starts with (`set_config(name, value)`), e.g. for a
   * pool that only reads large aggregates. */
  sessionSettings?: Readonly<Record<string, string>>;
  /** What this process is (`retour serve`, …), told to a second process the data dir refuses. */
  command?: string;
  /** Where PGlite on a data directory runs: in a thread of its own (default), so its work goes on
   * another core beside the process's JavaScript, or in this thread. In memory it always runs here. */
  pgliteThread?: boolean;
  /** Called once should PGlite's thread end unasked: every statement fails from then on (with the
   * cause), so the process should stop in order, which closes the handle and gives up the
   * directory. Without it the cause is written to stderr. */
  onDatabaseGone?: (err: Error) => void;
  /** For tests: the thread PGlite runs in, once started. */
  onPgliteThread?: (thread: PgliteThread) => void;
}

/** Opens Kysely on PostgreSQL when a URL is given, else on embedded PGlite. Both speak the same
 * PostgreSQL dialect through node-postgres, so every query and migration is shared. */
export async function openDb(options: OpenDbOptions): Promise<DbHandle> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      ...(options.prepareStatements === false ? {} : { Client: PreparingClient }),
    });
    // An idle connection the server closes (restart, failover) must not bring the process down;
    // the pool drops it and opens a new one on the next query.
    pool.on('error', (err) => options.onIdleError?.(err));
    // No JIT on Retour's sessions: its statements are short, and where the planner over-estimates
    // one (statistics not yet gathered on young tables) JIT spent seconds compiling a statement that
    // ran in milliseconds — a return request's risk facts took 2.6 s.
    const settings = Object.entries({ jit: 'off', ...(options.sessionSettings ?? {}) });
    // A client's statements run in order, so these run before the first statement it is lent for.
    if (settings.length > 0)
      pool.on('connect', (client) => {
        for (const [name, value] of settings)
          client.query('select set_config($1, $2, false)', [name, value]).catch((err: Error) => options.onIdleError?.(err));
      });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', jobs: { connectionString: options.databaseUrl }, close: () => db.destroy() };
  }
  const dataDir = options.dataDir ?? './data';
  if (dataDir.startsWith('memory://')) return wrapPglite(await PGlite.create(dataDir));
  mkdirSync(dataDir, { recursive: true });
  // Before PGlite reads anything: a second process must not even load a copy it could write back.
  const owner = claimDataDir(dataDir, options.command ?? 'retour');
  try {
    if (options.pgliteThread === false) return wrapPglite(await PGlite.create(dataDir), owner);
    const onGone =
      options.onDatabaseGone ?? ((err: Error) => process.stderr.write(`The embedded database stopped: ${err.message}\n`));
    const thread = await startPgliteThread(dataDir, { onGone });
    options.onPgliteThread?.(thread);
    return wrapSession(thread, () => thread.close(), owner);
  } catch (err) {
    owner.release();
    throw err;
  }
}

/** Puts Kysely on an open PGlite; closing the handle closes PGlite too (and gives up its directory).
 * `gate` orders the turns on its one connection; a test passes its own to see who waits. */
export function wrapPglite(pglite: PGlite, owner?: DataDirClaim, gate = new PriorityGate()): DbHandle {
  return wrapSession(inProcessSession(pglite), () => pglite.close(), owner, gate);
}

/** Puts Kysely on PGlite's one session, here or in its thread; `closeSession` closes PGlite. */
function wrapSession(
  session: PgliteSession,
  closeSession: () => Promise<void>,
  owner?: DataDirClaim,
  gate = new PriorityGate(),
): DbHandle {
  // PGlite is one backend: a pool of one connection serialises transactions correctly, and the
  // gate in front of it gives requests their turn before background work (see GatedPool). Every
  // client of the pool talks to the same connection object, the session's.
  const connection = new PgliteConnection(session);
  const config = { connection, max: 1, Client: PreparingClient, user: 'postgres', database: 'postgres' };
  const pool = new GatedPool(new pg.Pool(config as pg.PoolConfig), gate);
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  // Every call answers the same closing (a pool ends once), and the directory is given up however
  // it ends.
  let closing: Promise<void> | null = null;
  const close = async () => {
    try {
      await db.destroy();
    } finally {
      try {
        await closeSession();
      } finally {
        owner?.release();
      }
    }
  };
  return {
    db,
    kind: 'pglite',
    jobs: { executor: poolExecutor(pool) },
    ...(owner ? { owner } : {}),
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}
