import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { QUEUES, startJobQueue } from '../src/jobs/jobQueue.js';
import {
  checkJobSchema,
  ensureFetchIndex,
  fetchStatement,
  JOB_SCHEMA_VERSION,
  type JobTables,
  jobTables,
} from '../src/jobs/jobTables.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

/** The workers take and complete jobs on a queue's own table, in its fetch indexes' order: the jobs
 * pg-boss's fetch would hand out, each once, with retries counted as pg-boss counts them. */
describe.each(DB_KINDS)('fetching jobs (%s)', (kind) => {
  let handle: DbHandle & { close(): Promise<void> };
  let boss: PgBoss;
  let tables: JobTables;
  const fetchJobs = <T>(queue: string, n: number) => tables.fetch<T>(queue, n);
  let serial = 0;

  beforeAll(async () => {
    handle = await createTestDb(kind);
    boss = await startJobQueue(handle);
    tables = jobTables(boss);
  }, 60_000);
  afterAll(async () => {
    await boss?.stop({ graceful: false });
    await handle?.close();
  });

  async function queue(options: Partial<PgBoss.Queue> = {}) {
    const name = `test.fetch${++serial}`;
    await boss.createQueue(name, { name, retryLimit: 2, retryDelay: 0, ...options });
    return name;
  }
  const sql = async (text: string, values: unknown[] = []) => (await boss.getDb().executeSql(text, values)).rows;

  it('hands out the oldest due jobs first, as many as asked, each once', async () => {
    const name = await queue();
    const ids: string[] = [];
    for (let n = 0; n < 6; n++) ids.push((await boss.send(name, { n })) as string);
    // One not due yet is left waiting.
    const later = (await boss.send(name, { n: 99 }, { startAfter: 3600 })) as string;
    const first = await fetchJobs<{ n: number }>(name, 4);
    const second = await fetchJobs<{ n: number }>(name, 4);
    // Which jobs a fetch takes is ordered; the order of its answer is not (pg-boss's neither).
    const ns = (jobs: { data: { n: number } }[]) => jobs.map((j) => j.data.n).sort((a, b) => a - b);
    expect(ns(first)).toEqual([0, 1, 2, 3]);
    expect(ns(second)).toEqual([4, 5]);
    expect(await fetchJobs(name, 4)).toEqual([]);
    expect(Number(first[0]?.expireInSeconds)).toBeGreaterThan(0);
    for (const id of ids) expect((await boss.getJobById(name, id))?.state).toBe('active');
    expect((await boss.getJobById(name, later))?.state).toBe('created');
  });

  it('counts a retry when a failed job is taken again, as pg-boss does', async () => {
    const name = await queue();
    const id = (await boss.send(name, { n: 1 })) as string;
    const [job] = await fetchJobs(name, 1);
    expect(job?.id).toBe(id);
    await boss.fail(name, id, { message: 'try again' });
    const [again] = await fetchJobs(name, 1);
    expect(again?.id).toBe(id);
    const row = await boss.getJobById(name, id);
    expect(row?.retryCount).toBe(1);
    expect(row?.state).toBe('active');
  });

  it('never hands one job to two fetches running at once', async () => {
    const name = await queue();
    for (let n = 0; n < 40; n++) await boss.send(name, { n });
    const taken = (await Promise.all(Array.from({ length: 8 }, () => fetchJobs(name, 7)))).flat();
    const ids = taken.map((j) => j.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Whatever the fetches running at once left (skipped as locked) is taken next.
    const rest = await fetchJobs(name, 40);
    expect(ids.length + rest.length).toBe(40);
    expect(new Set([...ids, ...rest.map((j) => j.id)]).size).toBe(40);
  });

  it('completes only the active jobs named, of that queue', async () => {
    const name = await queue();
    const other = await queue();
    const [a, b] = [(await boss.send(name, { n: 1 })) as string, (await boss.send(name, { n: 2 })) as string];
    const waiting = (await boss.send(name, { n: 3 }, { startAfter: 3600 })) as string;
    const elsewhere = (await boss.send(other, { n: 4 })) as string;
    await fetchJobs(name, 2);
    await fetchJobs(other, 1);
    await tables.complete(name, [a, waiting, elsewhere]);
    expect((await boss.getJobById(name, a))?.state).toBe('completed');
    expect((await boss.getJobById(name, b))?.state).toBe('active');
    expect((await boss.getJobById(name, waiting))?.state).toBe('created');
    expect((await boss.getJobById(other, elsewhere))?.state).toBe('active');
  });

  it("leaves a queue that hands out one job per key to pg-boss's own fetch", async () => {
    const name = await queue({ policy: 'singleton' });
    await boss.send(name, { n: 1 }, { singletonKey: 'k' });
    await boss.send(name, { n: 2 }, { singletonKey: 'k' });
    expect((await fetchJobs(name, 2)).length).toBe(1);
  });

  it("gives Retour's queues indexes in the order their new jobs are handed out and their retries come due", async () => {
    const [row] = (await sql('select partition_name from pgboss.queue where name = $1', [QUEUES.webhook])) as {
      partition_name: string;
    }[];
    const definition = async (suffix: string) => {
      const index = await sql('select indexdef from pg_indexes where schemaname = $1 and indexname = $2', [
        'pgboss',
        `${row?.partition_name}${suffix}`,
      ]);
      return String((index[0] as { indexdef: string } | undefined)?.indexdef);
    };
    expect(await definition('_fc')).toMatch(/\(priority DESC, created_on, id\) WHERE \(state = 'created'/);
    expect(await definition('_fr')).toMatch(/\(start_after\) WHERE \(state = 'retry'/);
  });

  it('reads about as many rows as it takes while many jobs wait for a retry', async () => {
    const name = await queue({ retryLimit: 5 });
    await ensureFetchIndex(boss, name, { concurrently: kind === 'postgres' });
    // Older than every new job, waiting an hour for their retry: at the head of an index by age.
    await boss.insert(Array.from({ length: 2000 }, (_, n) => ({ name, data: { n } })));
    await sql(
      `update pgboss.job set state = 'retry', started_on = now(), start_after = now() + interval '1 hour'
      where name = $1`,
      [name],
    );
    await boss.insert(Array.from({ length: 30 }, (_, n) => ({ name, data: { n: 5000 + n } })));

    const [row] = (await sql('select partition_name from pgboss.queue where name = $1', [name])) as {
      partition_name: string;
    }[];
    const plan = (await sql(`explain (analyze, format json) ${fetchStatement(`pgboss.${row?.partition_name}`)}`, [10])) as {
      'QUERY PLAN': unknown;
    }[];
    const text = JSON.stringify(plan[0]?.['QUERY PLAN']);
    const removed = [...text.matchAll(/"Rows Removed by Filter":(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
    expect(removed).toBeLessThan(50);
    // The fetch explained took 10 new jobs; the retries still wait.
    const states = (await sql('select state, count(*)::int as n from pgboss.job where name = $1 group by state', [name])) as {
      state: string;
      n: number;
    }[];
    expect(Object.fromEntries(states.map((s) => [s.state, s.n]))).toEqual({ retry: 2000, active: 10, created: 20 });
    // A retry once due is taken, before the newer jobs (pg-boss's order: oldest first).
    await sql(`update pgboss.job set start_after = now() - interval '1 second' where name = $1 and data->>'n' = '7'`, [name]);
    const next = await fetchJobs<{ n: number }>(name, 2);
    // (Jobs inserted together share their created_on: the id orders them.)
    expect(next.map((j) => j.data.n).sort((a, b) => a - b)[0]).toBe(7);
    expect(next.length).toBe(2);
    expect((await boss.getJobById(name, next.find((j) => j.data.n === 7)?.id as string))?.retryCount).toBe(1);
  });
});

describe('pg-boss upgrades', () => {
  it("Retour's own job statements know the schema version of the pg-boss installed", () => {
    const require = createRequire(import.meta.url);
    const versionFile = require.resolve('pg-boss/version.json');
    expect(JSON.parse(readFileSync(versionFile, 'utf8')).schema).toBe(JOB_SCHEMA_VERSION);
    const installed = JSON.parse(readFileSync(require.resolve('pg-boss/package.json'), 'utf8')).version;
    const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).dependencies['pg-boss'];
    // An exact version: an upgrade is a change of package.json, made with this test's attention.
    expect(pinned).toBe(installed);
  });

  it.each([
    ['another schema version', async () => ({ rows: [{ version: JOB_SCHEMA_VERSION + 1 }] })],
    ['a version that cannot be read', async () => Promise.reject(new Error('no such table'))],
  ])("leaves the jobs to pg-boss's own fetch and complete on %s, said once", async (_, executeSql) => {
    const calls: string[] = [];
    const stub = {
      getDb: () => ({ executeSql }),
      fetch: async () => calls.push('fetch') && [],
      complete: async () => calls.push('complete'),
    } as unknown as PgBoss;
    const warnings: string[] = [];
    expect(await checkJobSchema(stub, { warn: (_o, msg) => warnings.push(msg) })).toBe(false);
    const own = jobTables(stub);
    expect(await own.fetch('test.any', 2)).toEqual([]);
    await own.complete('test.any', ['a']);
    expect(calls).toEqual(['fetch', 'complete']);
    expect(warnings.length).toBe(1);
  });
});
