import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server the benches make their databases on (BENCH_DATABASE_URL). */
export const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const log = (line: string) => process.stderr.write(`${line}\n`);

async function withAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end().catch(() => {});
  }
}

/** Whether the bench's PostgreSQL server answers; says why on stderr when it does not. */
export async function pgAnswers(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('select 1'));
    return true;
  } catch (err) {
    log(`PostgreSQL at ${ADMIN_URL} does not answer (${err instanceof Error ? err.message : err})`);
    return false;
  }
}

/** A fresh database on the bench server; `drop` removes it (connections and all). */
export async function createPgDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).catch((err: unknown) =>
        log(`could not drop ${name}: ${err instanceof Error ? err.message : err}`),
      );
    },
  };
}

/** Gathers the planner's statistics of a bench database, as autovacuum would on a production
 * server (on machines where it is off, such as CI's, the planner would keep its first guesses of
 * tables that were empty when the server prepared its statements). */
export async function analyzeDatabase(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    await c.query('analyze');
  } finally {
    await c.end().catch(() => {});
  }
}
