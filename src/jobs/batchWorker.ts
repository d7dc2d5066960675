import type PgBoss from 'pg-boss';
import type { JobTables } from './jobTables.js';

/** Runs one job's work; a throw fails the job, and pg-boss retries or dead-letters it as its queue
 * says. */
/** What a handler is told of its job besides its data: when its expiry fails it (process clock,
 * ms), so work that waits can stop waiting in time to end by itself. */
export interface JobRun {
  expiresAt: number;
}

export type JobHandler<T> = (data: T, run: JobRun) => Promise<unknown>;

export interface BatchWorkerOptions {
  /** Jobs of the queue this worker runs at the same time. */
  concurrency: number;
  /** How long a queue that had fewer jobs than places is left before it is asked again, unless
   * the worker is woken (ms). */
  pollMs: number;
  /** Whether each fetch in a row that finds nothing doubles `pollMs`, up to four times as long: for
   * a queue whose jobs this process wakes the worker for, so an idle one is asked a quarter as
   * often. Not for one other processes fill (a server's tracking webhooks), where it would only
   * make a job wait. */
  idleBackoff?: boolean;
  /** How its jobs are taken and completed (jobTables.ts); pg-boss's own fetch and complete unless
   * told. */
  tables?: JobTables;
  onError: (err: unknown) => void;
  /** Told after a job was failed: its last failure moved it to its dead-letter queue, maybe. */
  onFailed?: () => void;
}

export interface BatchWorker {
  /** Asks the queue at once: jobs were just queued for it. */
  notify(): void;
  /** Stops asking; waits up to `timeoutMs` for a fetch under way and the running jobs (those a
   * fetch under way brings run too), then fails those still running, and writes every completion
   * held. A failed job is handed back sooner than its expiry would, but as a failed try: pg-boss
   * retries it after its queue's retry delay (with backoff where the queue has it), or
   * dead-letters it when that was its last try, as pg-boss's own shutdown does. */
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
export function completer(
  boss: PgBoss,
  queue: string,
  onError: (err: unknown) => void,
  complete: JobTables['complete'] = (name, ids) => boss.complete(name, ids),
) {
  let ids: string[] = [];
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (ids.length === 0) return;
    const batch = ids;
    ids = [];
    // Only the writes still pending are held, not their results: a worker that runs for weeks
    // would otherwise keep every statement's answer it ever had.
    writing = Promise.all([writing, complete(queue, batch).catch(onError)]).then(() => undefined);
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
  const alarm = createAlarm();
  const jobs = jobRunner<T>(boss, queue, options, handler, () => {
    if (concurrency - jobs.active.size >= refillAt) alarm.rouse();
  });
  const fetch = options.tables?.fetch ?? (<J>(name: string, batchSize: number) => boss.fetch<J>(name, { batchSize }));
  let stopping = false;
  /** The stop has returned: nothing may run here any more. */
  let stopped = false;
  /** Fetches in a row that found nothing (counted up to 3). */
  let idle = 0;

  const loop = async () => {
    while (!stopping) {
      const free = concurrency - jobs.active.size;
      if (free <= 0) {
        await alarm.pause();
        continue;
      }
      alarm.reset();
      jobs.completions.flush();
      const fetched = await fetch<T>(queue, free).catch((err: unknown) => {
        options.onError(err);
        return [];
      });
      if (stopped) {
        // The stop gave up on this fetch (it hung): its jobs are handed back as failed tries, as
        // their expiry would, rather than run once nothing waits for them any more.
        if (fetched.length > 0)
          await jobs.fail(
            fetched.map((j) => j.id),
            { message: 'the worker had stopped when its fetch returned' },
          );
        break;
      }
      // Jobs a fetch brings while the worker stops run like the others, within the stop's wait:
      // failing them unrun would spend one of their tries, and dead-letter one on its last.
      for (const job of fetched) jobs.run(job);
      if (stopping) break;
      // A fetch that filled every place may have left jobs behind: ask again when places free.
      // Woken meanwhile (places freed, jobs were queued): ask again now.
      idle = fetched.length === 0 && options.idleBackoff ? Math.min(idle + 1, 3) : 0;
      if (fetched.length < free && !alarm.woken()) await alarm.pause(options.pollMs * 2 ** Math.max(0, idle - 1));
    }
  };
  const looping = loop().catch(options.onError);

  return {
    notify: alarm.rouse,
    running: () => jobs.active.size,
    stop: async (timeoutMs) => {
      stopping = true;
      alarm.rouse();
      const deadline = Date.now() + timeoutMs;
      // A fetch under way (a lost connection may hold it) is waited for within the same time.
      const left = () => Math.max(0, deadline - Date.now());
      const settled = (await endsWithin(looping, left())) && (await endsWithin(jobs.allEnded(), left()));
      stopped = true;
      if (!settled) await jobs.handBack();
      await jobs.completions.drain();
    },
  };
}

/** Whether `work` ends within `ms`. */
async function endsWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const ended = await Promise.race([work.then(() => true), late]);
  clearTimeout(timer);
  return ended;
}

/** How a worker's loop waits: until roused (jobs queued, places freed, a stop), or `ms` pass. */
function createAlarm() {
  let roused = false;
  let wake: (() => void) | null = null;
  return {
    rouse: () => {
      roused = true;
      wake?.();
    },
    /** Whether it was roused since the last reset. */
    woken: () => roused,
    reset: () => {
      roused = false;
    },
    pause: (ms?: number) =>
      new Promise<void>((resolve) => {
        const timer = ms === undefined ? undefined : setTimeout(resolve, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      }).finally(() => {
        wake = null;
      }),
  };
}

/** Runs a worker's jobs, each within its expiry, and writes how each ended; `ended` is told after
 * each job's end is written down (or held to share a statement). */
function jobRunner<T extends object>(
  boss: PgBoss,
  queue: string,
  options: BatchWorkerOptions,
  handler: JobHandler<T>,
  ended: () => void,
) {
  const active = new Map<string, Promise<void>>();
  const completions = completer(boss, queue, options.onError, options.tables?.complete);
  const handedBack = new Set<string>();
  // pg-boss's fail takes the error to keep after an array of ids too; its types leave that out.
  const fail = (ids: string[], why: unknown) =>
    (boss.fail as (name: string, ids: string[], data: unknown) => Promise<unknown>)
      .call(boss, queue, ids, why)
      .then(() => options.onFailed?.(), options.onError);
  const run = (job: PgBoss.Job<T>) => {
    // Taken before the expiry's timer starts, so never later than the expiry itself.
    const expiresAt = Date.now() + Math.max(1, job.expireInSeconds) * 1000;
    const work = Promise.resolve().then(() => handler(job.data, { expiresAt }));
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
        ended();
      }),
    );
  };
  /** Fails the jobs still running, so they are handed back now rather than at their expiry: each
   * as a failed try, retried after its queue's retry delay or dead-lettered if it was its last. */
  const handBack = async () => {
    const ids = [...active.keys()];
    for (const id of ids) handedBack.add(id);
    if (ids.length > 0) await fail(ids, { message: 'the worker stopped while the job ran' });
  };
  /** Ends when no job runs, those started meanwhile included. */
  const allEnded = async () => {
    while (active.size > 0) await Promise.all(active.values());
  };
  return { active, completions, fail, run, handBack, allEnded };
}
