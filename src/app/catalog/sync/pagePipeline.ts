import type { Tx } from '../../kernel/transaction.js';
import { advanceRun, type ClaimedRun, RunTakenOver } from './syncRuns.js';

/** One holder at a time, in the order they asked: the run's row is written by one page (or one
 * "still alive" stamp) at a time, each reading the stamp the one before committed. */
export class Turns {
  #last: Promise<void> = Promise.resolve();

  /** Waits for the turn; answers the function that hands it on. */
  async take(): Promise<() => void> {
    let release: () => void = () => {};
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const before = this.#last;
    this.#last = before.then(() => mine);
    await before;
    return release;
  }
}

/** What a page moves the run on by, once it and every page before it are in. */
export interface PageCounts {
  next: string | null;
  total: number | null;
  processed: number;
  errors: number;
}

/**
 * Where a run's cursor may go while several of its pages are written at once, each in its own
 * transaction. Pages are numbered in the order the platform gave them; the cursor only ever passes
 * pages that committed, all of them, with nothing missing before: a page that commits while an
 * earlier one is still being written leaves the cursor where it is, and the earlier one, when it
 * commits, moves it past both. So a crash (or a page that fails) leaves the cursor before every
 * page not in: the run goes on from there and reads again the pages after it that did commit,
 * which the upsert finds unchanged. No order is lost, and none is written twice.
 */
export class RunFrontier {
  /** The first page the cursor has not passed. */
  #next = 0;
  /** Pages committed beyond the cursor, waiting for an earlier one. */
  readonly #ahead = new Map<number, PageCounts>();

  constructor(private readonly run: ClaimedRun) {}

  /**
   * In page `seq`'s transaction, holding the run's turn: moves the cursor past this page and the
   * committed ones right after it when every earlier page is in, or else only checks that the run
   * is still this process's. Answers the pages the cursor passes (empty when it stays).
   */
  async moveIn(tx: Tx, seq: number, counts: PageCounts, now: Date): Promise<{ covered: number[]; run: ClaimedRun }> {
    if (seq !== this.#next) {
      await stillOurs(tx, this.run);
      return { covered: [], run: this.run };
    }
    const covered = [seq];
    let last = counts;
    let processed = counts.processed;
    let errors = counts.errors;
    for (let s = seq + 1, c = this.#ahead.get(s); c; c = this.#ahead.get(++s)) {
      covered.push(s);
      last = c;
      processed += c.processed;
      errors += c.errors;
    }
    // A copy: the run in memory moves only once the transaction has committed.
    const moved = { ...this.run };
    await advanceRun(tx, moved, { next: last.next, total: last.total, processed, errors }, now);
    return { covered, run: moved };
  }

  /** After page `seq` committed: what `moveIn` answered becomes the run's state. Answers the orders
   * or products refused on the pages the cursor passed. */
  committed(seq: number, counts: PageCounts, moved: { covered: number[]; run: ClaimedRun }): number {
    if (moved.covered.length === 0) {
      this.#ahead.set(seq, counts);
      return 0;
    }
    let errors = 0;
    for (const s of moved.covered) {
      errors += s === seq ? counts.errors : (this.#ahead.get(s)?.errors ?? 0);
      this.#ahead.delete(s);
    }
    this.#next = (moved.covered.at(-1) as number) + 1;
    this.run.stamp = moved.run.stamp;
    this.run.cursor = moved.run.cursor;
    this.run.processed = moved.run.processed;
    return errors;
  }
}

/** A page written past the cursor still writes only while the run is this process's (the fence
 * `advanceRun` checks for the page that moves it). */
async function stillOurs(tx: Tx, run: ClaimedRun): Promise<void> {
  const row = await tx
    .selectFrom('shop_sync_runs')
    .select('id')
    .where('id', '=', run.id)
    .where('status', '=', 'running')
    .where('updated_at', '=', run.stamp)
    .executeTakeFirst();
  if (!row) throw new RunTakenOver(run.id);
}

/**
 * The pages being written, at most `limit` at once. A failure is kept, not thrown where it
 * happens: the first one is told at once (`onFailure`, and `unlessFailed` rejects), the caller
 * stops reading pages, lets the others finish (so nothing writes after it has given up) and then
 * fails with the first.
 */
export class PagesInFlight {
  readonly #running = new Set<Promise<void>>();
  #failure: { error: unknown } | null = null;
  /** Every failure, the first one first. */
  readonly errors: unknown[] = [];
  #fail: (error: unknown) => void = () => {};
  readonly #failing = new Promise<never>((_, reject) => {
    this.#fail = reject;
  });

  constructor(
    private readonly limit: number,
    private readonly onFailure: () => void = () => {},
  ) {
    // Nobody may be racing it when a page fails.
    this.#failing.catch(() => {});
  }

  get failed(): boolean {
    return this.#failure !== null;
  }

  start(write: () => Promise<void>): void {
    const running: Promise<void> = write()
      .catch((error: unknown) => {
        this.errors.push(error);
        if (this.#failure) return;
        this.#failure = { error };
        this.#fail(error);
        this.onFailure();
      })
      .finally(() => this.#running.delete(running));
    this.#running.add(running);
  }

  /** What `waited` answers, unless a page fails first: then that page's error. */
  unlessFailed<T>(waited: Promise<T>): Promise<T> {
    return Promise.race([waited, this.#failing]);
  }

  /** Waits until another page may start. */
  async room(): Promise<void> {
    while (this.#running.size >= this.limit) await Promise.race(this.#running);
  }

  /** Waits until no page is being written, whether they failed or not. */
  async settle(): Promise<void> {
    while (this.#running.size > 0) await Promise.race(this.#running);
  }

  /** Waits until no page is being written; fails with the first page that failed. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.#failure) throw this.#failure.error;
  }
}
