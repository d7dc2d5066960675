import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { StaffRole } from '../../domain/access.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

/** How long a process trusts a session it read without reading it again. A sign-out, a role
 * change or a disabled user drops every copy at once in the process that made the change, and in
 * the others sharing the PostgreSQL database within milliseconds (the cache change channel); only
 * where that channel is not heard (a pooler in transaction mode) does a signed-out session go on
 * working elsewhere, for at most this long. */
const LIFETIME_MS = 5_000;
/** Copies kept at most: past it, the stale ones go, and if all are fresh, all go (a busy shop has
 * far fewer staff signed in; this only bounds memory). */
const MAX_COPIES = 10_000;

/** A live staff session, as a request's credentials are checked against it. */
export interface StaffSessionRow {
  sessionId: string;
  userId: string;
  role: StaffRole;
  csrfToken: string;
  expiresAt: Date;
  /** May only enrol in two-factor sign-in (its role requires it; see loginStaff). */
  enrolOnly?: boolean;
}

declare module '../kernel/context.js' {
  interface AppCaches {
    /** Live staff sessions by their token's hash: read on every back-office request. */
    staffSessions: StaffSessionCopies;
  }
}

/**
 * The staff sessions this process read recently, by token hash. Only sessions that were live when
 * read are kept (an unknown or ended token is read every time, so guessing tokens fills nothing).
 * A TimedValue so that the runtime passes its `forget` on to the other processes like any other
 * cache's; dropping it drops every copy, since a sign-out is rare and a re-read is cheap.
 */
export class StaffSessionCopies extends TimedValue<null> {
  private readonly copies = new Map<string, { at: number; row: StaffSessionRow }>();
  /** Counts the drops: a read that began before one must not keep what it read. */
  private drops = 0;

  constructor(private readonly copyLifetimeMs = LIFETIME_MS) {
    super(copyLifetimeMs);
  }

  /** The session of `tokenHash`, from a copy younger than the lifetime or else from `read` (kept
   * when live). */
  async find(tokenHash: string, read: () => Promise<StaffSessionRow | null>): Promise<StaffSessionRow | null> {
    const kept = this.copies.get(tokenHash);
    if (kept && Date.now() - kept.at < this.copyLifetimeMs) return kept.row;
    const drops = this.drops;
    const row = await read();
    // Dropped while reading: what was read may predate the sign-out, so it is used once, not kept.
    if (row && drops === this.drops) this.keep(tokenHash, row);
    else this.copies.delete(tokenHash);
    return row;
  }

  /** How many sessions are kept now (expired copies count until replaced or dropped). */
  get size(): number {
    return this.copies.size;
  }

  private keep(tokenHash: string, row: StaffSessionRow): void {
    if (this.copies.size >= MAX_COPIES) {
      const now = Date.now();
      for (const [key, copy] of this.copies) if (now - copy.at >= this.copyLifetimeMs) this.copies.delete(key);
      if (this.copies.size >= MAX_COPIES) this.copies.clear();
    }
    this.copies.set(tokenHash, { at: Date.now(), row });
  }

  override dropCopy(): void {
    super.dropCopy();
    this.copies.clear();
    this.drops++;
  }
}

export const staffSessionsCache = () => new StaffSessionCopies();

/** The live session whose token hashes to `tokenHash`: not revoked, its user active, not expired
 * at `now`; null otherwise. Kept briefly in `caches` (see StaffSessionCopies). */
export async function findStaffSession(
  db: Kysely<Database>,
  caches: AppCaches,
  tokenHash: string,
  now: Date,
): Promise<StaffSessionRow | null> {
  const row = await caches.staffSessions.find(tokenHash, () => readStaffSession(db, tokenHash));
  // A kept copy outlives nothing: its expiry is checked on every use, against the request's clock.
  return row && row.expiresAt >= now ? row : null;
}

async function readStaffSession(db: Kysely<Database>, tokenHash: string): Promise<StaffSessionRow | null> {
  const row = await db
    .selectFrom('staff_sessions')
    .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.user_id')
    .select([
      'staff_sessions.id',
      'staff_sessions.csrf_token',
      'staff_sessions.expires_at',
      'staff_sessions.revoked_at',
      'staff_sessions.enrol_only',
      'staff_users.id as user_id',
      'staff_users.role',
      'staff_users.active',
    ])
    .where('staff_sessions.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row || row.revoked_at || !row.active) return null;
  return {
    sessionId: row.id,
    userId: row.user_id,
    role: row.role as StaffRole,
    csrfToken: row.csrf_token,
    expiresAt: row.expires_at,
    enrolOnly: row.enrol_only,
  };
}

/** After sessions were ended or their user's role or standing changed (committed): this process
 * stops trusting its copies at once, the others within milliseconds. */
export function forgetStaffSessions(caches: AppCaches): Promise<void> {
  return caches.staffSessions.forget();
}
