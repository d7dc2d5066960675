import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { QUEUES, startJobQueue } from '../src/jobs/jobQueue.js';
import { type JobTables, jobTables } from '../src/jobs/jobTables.js';
import { createTestDb, DB_KINDS } from './support/databases.js';

/** The workers take and complete jobs on a queue's own table, in its fetch index's order: the jobs
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

  it("gives Retour's queues an index in the order their jobs are handed out", async () => {
    const [row] = (await sql('select partition_name from pgboss.queue where name = $1', [QUEUES.webhook])) as {
      partition_name: string;
    }[];
    const index = await sql('select indexdef from pg_indexes where schemaname = $1 and indexname = $2', [
      'pgboss',
      `${row?.partition_name}_fetch`,
    ]);
    expect(String((index[0] as { indexdef: string } | undefined)?.indexdef)).toMatch(/\(priority DESC, created_on, id\)/);
  });
});
