import type PgBoss from 'pg-boss';

/** Runs one job's work; a throw fails the job, and pg-boss retries or dead-letters it as its queue
 * says. */
export type JobHandler<T> = (data: T) => Promise<unknown>;

export interface BatchWorkerOptions {
  /** Jobs of the queue this worker runs at the same time. */
  concurrency: number;
  /** How long a queue that had fewer jobs than places is left before it is asked again, unless
   * the worker is woken (ms). Each fetch in a row that finds nothing doubles it, up to four times
   * as long: an idle worker asks its queues a quarter as often, and is woken for what its own
   * process queues anyway. */
  pollMs: number;
  onError: (err: unknown) => void;
  /** Told after a job was failed: its last failure moved it to its dead-letter queue, maybe. */
  onFailed?: () => void;
}

export interface BatchWorker {
  /** Asks the queue at once: jobs were just queued for it. */
  notify(): void;
  /** Stops asking; waits up to `timeoutMs` for the running jobs, then fails those still running (so
   * they are tried again at once, not after their expiry), and writes every completion held. */
  stop(timeoutMs: number): Promise<void>;
  /** Jobs running now (tests). */
  running(): number;
}

/** The expiry pg-boss puts on a handler: a job still running then is failed (and retried or
 * dead-lettered as its queue says), as a worker of pg-boss's own does. */
function withinSeconds<T>(work: Promise<T>, seconds: number): Promise<T> {
  const ms = Math.max(1, seconds) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`handler execution exceeded ${ms}ms`)), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}

/** How long a job's completion may wait for others' to share its statement: far below any
 * queue's expiry, so a job is never handed out again for it. */
const COMPLETE_WITHIN_MS = 50;

/** Completions of jobs that ended close together go in one statement: written with the worker's
 * next fetch, when no job of the worker runs any more, or `COMPLETE_WITHIN_MS` after the first. */
function completer(boss: PgBoss, queue: string, onError: (err: unknown) => void) {
  let ids: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (ids.length === 0) return;
    const batch = ids;
    ids = [];
    writing = Promise.all([writing, boss.complete(queue, batch).catch(onError)]);
  };
  return {
    add(id: string) {
      ids.push(id);
      timer ??= setTimeout(flush, COMPLETE_WITHIN_MS);
    },
    flush,
    /** Writes what is held and waits for every completion written so far. */
    drain: async () => {
      flush();
      await writing;
    },
  };
}

/**
 * Takes a queue's jobs several per fetch and runs them side by side: a fetch asks for as many jobs
 * as there are free places, so a job never waits in this process for another to end (its expiry
 * runs from the fetch). Each job is completed or failed as soon as it ends, not when the others
 * fetched with it end: one slow job cannot keep the rest active until their expiry passes and
 * pg-boss hands them out again. Once half the places are free again the queue is asked at once (a
 * backlog drains at the speed of the work); a fetch that finds fewer jobs than places waits for
 * `notify` or `pollMs`.
 */
export function startBatchWorker<T extends object>(
  boss: PgBoss,
  queue: string,
  options: BatchWorkerOptions,
  handler: JobHandler<T>,
): BatchWorker {
  const concurrency = Math.max(1, options.concurrency);
  // A busy queue is asked again once half its places are free, not at each job's end: about half
  // as many jobs per fetch as it runs at once, while the other half keeps running.
  const refillAt = Math.ceil(concurrency / 2);
  const active = new Map<string, Promise<void>>();
  const completions = completer(boss, queue, options.onError);
  const handedBack = new Set<string>();
  let stopping = false;
  let woken = false;
  /** Fetches in a row that found nothing (counted up to 3). */
  let idle = 0;
  let wake: (() => void) | null = null;
  const rouse = () => {
    woken = true;
    wake?.();
  };
  /** Waits until woken (jobs queued, or enough places free), or `ms` pass (if given). */
  const pause = (ms?: number) =>
    new Promise<void>((resolve) => {
      const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  // pg-boss's fail takes the error to keep after an array of ids too; its types leave that out.
  const fail = (ids: string[], why: unknown) =>
    (boss.fail as (name: string, ids: string[], data: unknown) => Promise<unknown>)
      .call(boss, queue, ids, why)
      .then(() => options.onFailed?.(), options.onError);

  const run = (job: PgBoss.Job<T>) => {
    const work = Promise.resolve().then(() => handler(job.data));
    // A job handed back at a stop may be running elsewhere by the time its handler here ends: what
    // this one ends with is not written (an expired one is already ignored by the race).
    const done = withinSeconds(work, job.expireInSeconds).then(
      () => {
        if (!handedBack.has(job.id)) completions.add(job.id);
      },
      (err: unknown) => (handedBack.has(job.id) ? undefined : fail([job.id], err)),
    );
    active.set(
      job.id,
      done.finally(() => {
        active.delete(job.id);
        if (active.size === 0) completions.flush();
        if (concurrency - active.size >= refillAt) rouse();
      }),
    );
  };

  const loop = async () => {
    while (!stopping) {
      const free = concurrency - active.size;
      if (free <= 0) {
        await pause();
        continue;
      }
      woken = false;
      let jobs: PgBoss.Job<T>[] = [];
      completions.flush();
      try {
        jobs = await boss.fetch<T>(queue, { batchSize: free });
      } catch (err) {
        options.onError(err);
      }
      if (stopping) {
        // Fetched while stopping: handed back at once rather than left active until their expiry.
        if (jobs.length > 0)
          await fail(
            jobs.map((j) => j.id),
            { message: 'the worker stopped' },
          );
        break;
      }
      for (const job of jobs) run(job);
      // A fetch that filled every place may have left jobs behind: ask again when a place frees.
      // Woken meanwhile (a job ended, jobs were queued): ask again now.
      idle = jobs.length === 0 ? Math.min(idle + 1, 3) : 0;
      if (jobs.length < free && !woken) await pause(options.pollMs * 2 ** Math.max(0, idle - 1));
    }
  };
  const looping = loop().catch(options.onError);

  return {
    notify: rouse,
    running: () => active.size,
    stop: async (timeoutMs) => {
      stopping = true;
      wake?.();
      await looping;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), timeoutMs);
      });
      const ended = await Promise.race([Promise.all(active.values()), late]);
      clearTimeout(timer);
      if (ended === 'late' && active.size > 0) {
        const ids = [...active.keys()];
        for (const id of ids) handedBack.add(id);
        await fail(ids, { message: 'the worker stopped while the job ran' });
      }
      await completions.drain();
    },
  };
}
