import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../src/db/connection.js';
import { type BatchWorker, startBatchWorker } from '../src/jobs/batchWorker.js';
import { startJobQueue } from '../src/jobs/jobQueue.js';
import { jobTables } from '../src/jobs/jobTables.js';
import { createTestDb, DB_KINDS } from './support/databases.js';
import { until } from './support/until.js';

/** A promise the test settles by hand: a job's handler waits on it. */
function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Jobs fetched several at a time are each completed or failed when they end, with pg-boss's
 * retries and dead-lettering unchanged, and none runs twice. */
describe.each(DB_KINDS)('batch-fetched jobs (%s)', (kind) => {
  let handle: DbHandle & { close(): Promise<void> };
  let boss: PgBoss;
  let serial = 0;
  const workers: BatchWorker[] = [];
  /** Sizes of the batches the worker's fetches answered (empty ones left out). */
  const batches: number[] = [];
  /** Queues whose fetches wait for the test to let them through, and those waiting now. */
  const heldFetches = new Map<string, Promise<void>>();
  const fetchesWaiting = new Set<string>();

  beforeAll(async () => {
    handle = await createTestDb(kind);
    boss = await startJobQueue(handle);
    // The workers' own fetch and complete (jobTables.ts), as startWorkers gives them.
    const tables = jobTables(boss);
    const complete = boss.complete.bind(boss) as (...args: unknown[]) => Promise<unknown>;
    boss.complete = ((name: string, ids: string | string[], ...rest: unknown[]) =>
      Array.isArray(ids) && rest.length === 0
        ? tables.complete(name, ids)
        : complete(name, ids, ...rest)) as typeof boss.complete;
    boss.fetch = (async (name: string, options?: PgBoss.FetchOptions) => {
      const held = heldFetches.get(name);
      if (held) {
        fetchesWaiting.add(name);
        await held;
        fetchesWaiting.delete(name);
      }
      const jobs = await tables.fetch(name, options?.batchSize ?? 1);
      if (jobs.length > 0 && name.startsWith('test.')) batches.push(jobs.length);
      return jobs;
    }) as typeof boss.fetch;
  }, 60_000);
  afterAll(async () => {
    for (const w of workers) await w.stop(0);
    await boss?.stop({ graceful: false });
    await handle?.close();
  });

  /** A fresh queue (so no test sees another's jobs) with one retry, at once unless told, then its
   * dead letter. */
  async function queue(options: { expireInSeconds?: number; retryLimit?: number; retryDelay?: number } = {}) {
    const name = `test.batch${++serial}`;
    await boss.createQueue(`${name}.dead`);
    await boss.createQueue(name, {
      name,
      retryLimit: options.retryLimit ?? 1,
      retryDelay: options.retryDelay ?? 0,
      expireInSeconds: options.expireInSeconds ?? 60,
      deadLetter: `${name}.dead`,
    });
    return name;
  }
  const stateOf = async (name: string, id: string) => (await boss.getJobById(name, id))?.state;
  const send = async (name: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await boss.send(name, { n: i })) as string);
    return ids;
  };

  it('completes each job of a batch when it ends: a slow one does not keep the others active', async () => {
    const name = await queue();
    const [slowId, ...quickIds] = await send(name, 4);
    const slow = gate();
    const runs = new Map<number, number>();
    batches.length = 0;
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 4, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        if (n === 0) await slow.opened;
      },
    );
    workers.push(worker);
    for (const id of quickIds)
      await until(async () => (await stateOf(name, id)) === 'completed', { what: `job ${id} completed` });
    // All four came in one fetch, and the slow one is still running and still active.
    expect(batches[0]).toBe(4);
    expect(worker.running()).toBe(1);
    expect(await stateOf(name, slowId as string)).toBe('active');
    slow.open();
    await until(async () => (await stateOf(name, slowId as string)) === 'completed', { what: 'the slow job completed' });
    expect([...runs.entries()].sort()).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
      [3, 1],
    ]);
    await worker.stop(1_000);
  });

  it('fails only the job that threw: it is retried once as its queue says, then dead-lettered', async () => {
    const name = await queue();
    const [badId, ...goodIds] = await send(name, 3);
    const runs = new Map<number, number>();
    const dead: number[] = [];
    const onError = (err: unknown) => expect.fail(String(err));
    const worker = startBatchWorker<{ n: number }>(boss, name, { concurrency: 3, pollMs: 50, onError }, async ({ n }) => {
      runs.set(n, (runs.get(n) ?? 0) + 1);
      if (n === 0) throw new Error('the receiver is down');
    });
    const deadWorker = startBatchWorker<{ n: number }>(
      boss,
      `${name}.dead`,
      { concurrency: 1, pollMs: 50, onError },
      async ({ n }) => {
        dead.push(n);
      },
    );
    workers.push(worker, deadWorker);
    await until(() => dead.length > 0, { what: 'the failing job dead-lettered' });
    expect(await stateOf(name, badId as string)).toBe('failed');
    for (const id of goodIds) expect(await stateOf(name, id)).toBe('completed');
    expect(dead).toEqual([0]);
    // The first try and its one retry; the others ran once.
    expect([...runs.entries()].sort()).toEqual([
      [0, 2],
      [1, 1],
      [2, 1],
    ]);
    await worker.stop(1_000);
    await deadWorker.stop(1_000);
  });

  it('fails a job still running at its expiry, and leaves the others of its batch completed', async () => {
    const name = await queue({ expireInSeconds: 1 });
    const [stuckId, otherId] = await send(name, 2);
    const stuck = gate();
    const runs = new Map<number, number>();
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 2, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      async ({ n }) => {
        runs.set(n, (runs.get(n) ?? 0) + 1);
        if (n === 0) await stuck.opened;
      },
    );
    workers.push(worker);
    await until(async () => (await stateOf(name, otherId as string)) === 'completed', { what: 'the quick job completed' });
    // Its one retry is stuck too, and expires as well: then the job has failed for good.
    await until(async () => (await stateOf(name, stuckId as string)) === 'failed', { what: 'the stuck job failed' });
    expect(runs.get(0)).toBe(2);
    expect(runs.get(1)).toBe(1);
    stuck.open();
    await worker.stop(1_000);
  });

  it('hands a job still running at a stop back as a failed try, retried after its queue’s delay', async () => {
    const name = await queue({ retryDelay: 3_600 });
    const [id] = await send(name, 1);
    const never = gate();
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 1, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      () => never.opened,
    );
    await until(() => worker.running() === 1, { what: 'the job running' });
    await worker.stop(0);
    // Not active until its expiry, but not at once either: failed, it waits out the retry delay,
    // and its next fetch counts as its retry.
    const job = await boss.getJobById(name, id as string);
    expect(job?.state).toBe('retry');
    expect(job?.retryCount).toBe(0);
    expect((job?.startAfter.getTime() ?? 0) - (job?.startedOn.getTime() ?? 0)).toBeGreaterThanOrEqual(3_600_000);
    never.open();
  });

  it('dead-letters a job handed back at a stop on its last try', async () => {
    const name = await queue({ retryLimit: 0 });
    const [id] = await send(name, 1);
    const never = gate();
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 1, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      () => never.opened,
    );
    await until(() => worker.running() === 1, { what: 'the job running' });
    await worker.stop(0);
    expect(await stateOf(name, id as string)).toBe('failed');
    const dead = await boss.fetch<{ n: number }>(`${name}.dead`);
    expect(dead.map((j) => j.data)).toEqual([{ n: 0 }]);
    never.open();
  });

  it('runs a job its fetch brings while the worker stops, rather than failing it unrun', async () => {
    const name = await queue({ retryLimit: 0 });
    const fetchHeld = gate();
    heldFetches.set(name, fetchHeld.opened);
    const runs: number[] = [];
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 1, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      async ({ n }) => {
        runs.push(n);
      },
    );
    await until(() => fetchesWaiting.has(name), { what: 'the worker’s fetch under way' });
    const [id] = await send(name, 1);
    const stopped = worker.stop(60_000);
    fetchHeld.open();
    await stopped;
    // On its only try: failed unrun, it would have gone to its dead letter.
    expect(runs).toEqual([0]);
    expect(await stateOf(name, id as string)).toBe('completed');
  });

  it('stops without waiting longer than its time for a fetch that hangs, and hands back what it brings', async () => {
    const name = await queue({ retryDelay: 3_600 });
    const fetchHeld = gate();
    heldFetches.set(name, fetchHeld.opened);
    const runs: number[] = [];
    const worker = startBatchWorker<{ n: number }>(
      boss,
      name,
      { concurrency: 1, pollMs: 50, onError: (err) => expect.fail(String(err)) },
      async ({ n }) => {
        runs.push(n);
      },
    );
    await until(() => fetchesWaiting.has(name), { what: 'the worker’s fetch under way' });
    const [id] = await send(name, 1);
    // The fetch is still held: without a bound this would not return.
    await worker.stop(50);
    fetchHeld.open();
    await until(async () => (await stateOf(name, id as string)) === 'retry', { what: 'the late-fetched job handed back' });
    expect(runs).toEqual([]);
  });
});
