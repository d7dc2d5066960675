import { sql } from 'kysely';
import type { RetourDb } from '../../src/db/connection.js';

export interface UntilOptions {
  /** How long the wait may go without the check holding (ms); with `progress`, how long without
   * any progress. */
  ms?: number;
  /** What is waited for, named in the failure. */
  what?: string;
  /** A measure of the work moving on (a count, an object of counts): while it keeps changing the
   * wait goes on, however long the whole takes, and it gives up only after `ms` without change. A
   * busy machine is slow, not stuck. */
  progress?: () => unknown;
  /** What was still pending when the wait gave up, for the failure message. */
  pending?: () => Promise<unknown> | unknown;
}

/** Waits until `check` gives something truthy (which it returns), looking again soon at first and
 * then every 100 ms at most (a poll between looks, not a wait for time to pass). For work
 * the background workers do in their own time; a number is the `ms` of the options. */
export async function until<T>(
  check: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  options: number | UntilOptions = 30_000,
): Promise<T> {
  const { ms = 30_000, what = 'a condition', progress, pending } = typeof options === 'number' ? { ms: options } : options;
  const measure = () => JSON.stringify(progress?.() ?? null);
  let last = measure();
  let movedAt = Date.now();
  let looks = 0;
  for (;;) {
    const result = await check();
    if (result) return result;
    looks++;
    const now = measure();
    if (now !== last) {
      last = now;
      movedAt = Date.now();
    }
    // Looked at least twice, so a check that is slow by itself is still given a second chance.
    if (looks > 1 && Date.now() - movedAt > ms) {
      const still = pending ? `; still pending: ${JSON.stringify(await pending())}` : '';
      const moved = progress ? ` without progress (last: ${last})` : '';
      throw new Error(`timed out waiting for ${what} after ${Math.round(ms / 1000)} s${moved}${still}`);
    }
    await new Promise((r) => setTimeout(r, nextLookAfter(looks)));
  }
}

/** The pause before the next look: short for facts that hold soon, at most 100 ms for long waits. */
const nextLookAfter = (looks: number) => Math.min(100, 5 * 2 ** looks);

/** What the background work of a database still has to do. */
export interface PendingWork {
  /** Outbox events not relayed yet. */
  outbox: number;
  /** Jobs not finished (waiting, to retry, running) per queue and state, e.g. `{ "email.send": { "active": 2 } }`. */
  jobs: Record<string, Record<string, number>>;
  /** E-mails per status. */
  emails: Record<string, number>;
  /** Webhook deliveries per status. */
  deliveries: Record<string, number>;
}

const byStatus = (rows: { status: string; n: number }[]) => Object.fromEntries(rows.map((r) => [r.status, r.n]));

/** Reads what the workers have not done yet: for waits that must know the work is over, and for
 * the message of a wait that gave up. A database no job queue was ever started on has no pg-boss
 * tables (a fresh PostgreSQL test database; the PGlite template already has them). */
export async function pendingWork(db: RetourDb): Promise<PendingWork> {
  const outbox = await sql<{ n: number }>`select count(*)::int as n from outbox where published_at is null`.execute(db);
  const hasBoss = await sql<{ t: string | null }>`select to_regclass('pgboss.job')::text as t`.execute(db);
  const jobs: PendingWork['jobs'] = {};
  if (hasBoss.rows[0]?.t) {
    const rows = await sql<{ name: string; state: string; n: number }>`
      select name, state::text as state, count(*)::int as n from pgboss.job
      where state in ('created', 'retry', 'active') group by name, state`.execute(db);
    for (const r of rows.rows) jobs[r.name] = { ...jobs[r.name], [r.state]: r.n };
  }
  const emails = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from emails group by status`.execute(db);
  const deliveries = await sql<{ status: string; n: number }>`
    select status, count(*)::int as n from webhook_deliveries group by status`.execute(db);
  return {
    outbox: outbox.rows[0]?.n ?? 0,
    jobs,
    emails: byStatus(emails.rows),
    deliveries: byStatus(deliveries.rows),
  };
}

/**
 * Waits until the background work has caught up: every outbox event relayed and no job waiting,
 * retrying or running in any queue. Jobs are queued in the transaction that relays their event, and
 * a job writes the events and jobs that follow from it before it completes, so once both are empty
 * nothing more comes of what happened so far: only then is "nothing else happened" a fact to
 * assert. Gives up only when the pending work stops moving for `ms`.
 */
export async function untilSettled(db: RetourDb, ms = 30_000): Promise<void> {
  let seen: PendingWork | null = null;
  await until(
    async () => {
      seen = await pendingWork(db);
      return seen.outbox === 0 && Object.keys(seen.jobs).length === 0;
    },
    { ms, what: 'the workers to finish their work', progress: () => seen, pending: () => seen },
  );
}
