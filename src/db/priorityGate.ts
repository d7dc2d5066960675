import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';

const backgroundWork = new AsyncLocalStorage<true>();

/** Runs `work`, and everything it starts (promises, timers, loops), as background work: on the
 * embedded database its statements take their turn after the requests waiting for one. */
export function asBackgroundWork<T>(work: () => T): T {
  return backgroundWork.run(true, work);
}

/** Whether the caller runs as background work (see asBackgroundWork). */
export function isBackgroundWork(): boolean {
  return backgroundWork.getStore() === true;
}

/** Turns requests may take in a row while background work waits; then the background gets one.
 * Requests come first, yet a steady stream of them cannot stop the outbox, refunds and e-mails. */
export const REQUEST_TURNS_PER_BACKGROUND_TURN = 8;

/**
 * One holder at a time, like the one connection PGlite has. A free gate goes to whoever asks; a
 * taken one is handed on by release: to the longest-waiting request, unless requests had
 * `requestTurns` turns in a row while background work waited, then to the longest-waiting
 * background work. Each queue is first come, first served.
 */
export class PriorityGate {
  #taken = false;
  readonly #requests: (() => void)[] = [];
  readonly #background: (() => void)[] = [];
  /** Turns requests had in a row while background work waited. */
  #requestStreak = 0;

  constructor(private readonly requestTurns = REQUEST_TURNS_PER_BACKGROUND_TURN) {
    if (!(requestTurns >= 1)) throw new Error('requestTurns must be at least 1');
  }

  /** Resolves when the caller holds the gate; it must call release once after. */
  acquire(background: boolean): Promise<void> {
    if (!this.#taken) {
      this.#taken = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => (background ? this.#background : this.#requests).push(resolve));
  }

  release(): void {
    if (!this.#taken) throw new Error('released a gate nobody holds');
    const next = this.#next();
    if (next) next();
    else this.#taken = false;
  }

  /** How many wait, for tests and diagnostics. */
  waiting(): { requests: number; background: number } {
    return { requests: this.#requests.length, background: this.#background.length };
  }

  #next(): (() => void) | undefined {
    const backgroundWaits = this.#background.length > 0;
    if (this.#requests.length > 0 && (!backgroundWaits || this.#requestStreak < this.requestTurns)) {
      this.#requestStreak = backgroundWaits ? this.#requestStreak + 1 : 0;
      return this.#requests.shift();
    }
    this.#requestStreak = 0;
    return this.#background.shift();
  }
}

/** What Kysely's PostgresDialect asks of a pool (see kysely's PostgresPool). */
export interface QueryablePool {
  connect(): Promise<Pick<pg.PoolClient, 'query' | 'release'>>;
  end(): Promise<void>;
}

/**
 * A pool of one connection (PGlite's) whose turns go through a PriorityGate: a statement, or a
 * transaction from begin to commit, holds the connection, and a request's waits less than the
 * background's. node-postgres's own pool would hand it on first come, first served, so a request
 * queued behind every relay pass and job poll that asked before it.
 */
export class GatedPool implements QueryablePool {
  readonly #gate: PriorityGate;

  constructor(
    private readonly pool: pg.Pool,
    gate = new PriorityGate(),
  ) {
    this.#gate = gate;
  }

  async connect(): Promise<Pick<pg.PoolClient, 'query' | 'release'>> {
    await this.#gate.acquire(isBackgroundWork());
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      this.#gate.release();
      throw err;
    }
    let held = true;
    return {
      query: client.query.bind(client) as pg.PoolClient['query'],
      release: (err?: Error | boolean) => {
        // A second release is node-postgres's error to raise; the gate is handed on once.
        if (!held) return client.release(err);
        held = false;
        try {
          client.release(err);
        } finally {
          this.#gate.release();
        }
      },
    };
  }

  /** One statement (or several in one text) on its own turn, as pg.Pool.query. */
  async query(text: string, values?: unknown[]): Promise<pg.QueryResult | pg.QueryResult[]> {
    const client = await this.connect();
    try {
      return (await client.query(text, values)) as pg.QueryResult | pg.QueryResult[];
    } finally {
      client.release();
    }
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
