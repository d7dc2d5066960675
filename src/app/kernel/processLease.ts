import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { newId } from './ids.js';

/** How long a lease lives without renewal. A process renews it three times in that span, so a
 * missed renewal or two (a busy event loop, a slow database) does not end a living process's
 * lease, while a dead one's ends within this many seconds. */
export const LEASE_SECONDS = 15;
const RENEW_EVERY_MS = (LEASE_SECONDS * 1000) / 3;

/** A process's sign of life in the database, which other processes can judge without talking to
 * it: alive while its row's `expires_at` lies ahead. Times are the database's own clock, the one
 * clock every process on the database shares. Work a process holds (an Idempotency-Key claim)
 * names its lease, so the work is free once the lease has run out. */
export class ProcessLease {
  private timer: NodeJS.Timeout | null = null;
  private renewing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly db: RetourDb,
    readonly id: string,
  ) {}

  /** Takes a new lease and renews it in the background until `stop`. */
  static async start(db: RetourDb): Promise<ProcessLease> {
    const lease = new ProcessLease(db, newId('lse'));
    await lease.renew();
    lease.timer = setInterval(() => {
      lease.renewing = lease.renew().catch(() => {
        // The next round tries again; meanwhile the lease may lapse and its claims be taken over,
        // which the claim token makes safe (see claimIdempotencyKey).
      });
    }, RENEW_EVERY_MS);
    lease.timer.unref();
    return lease;
  }

  /** Moves the expiry LEASE_SECONDS ahead (and writes the row again if it was pruned). */
  async renew(): Promise<void> {
    await this.db
      .insertInto('process_leases')
      .values({
        id: this.id,
        holder: `${hostname()}:${process.pid}`,
        expires_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})`,
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` }))
      .execute();
  }

  /** Ends the lease at once: claims it still names are free for others. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.renewing.catch(() => {});
    await this.db.deleteFrom('process_leases').where('id', '=', this.id).execute();
  }
}

/** Drops leases that ended long ago (a process that died keeps its row until then). */
export async function pruneProcessLeases(db: RetourDb): Promise<number> {
  const res = await db
    .deleteFrom('process_leases')
    .where('expires_at', '<', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
