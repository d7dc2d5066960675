import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { newId } from '../kernel/ids.js';

/** What a live subscriber learns of a change: enough to know what to reload, nothing more. */
export interface LiveEvent {
  id: string;
  type: string;
  returnId: string | null;
  actorType: string;
  occurredAt: string;
}

type Listener = (event: LiveEvent) => void;

/** How far back each poll looks. Event ids carry the wall time at which their transaction wrote
 * them, and a transaction can commit a little after that, so the feed re-reads a window and
 * remembers what it already sent instead of trusting a single high-water mark. */
const LOOKBACK_MS = 30_000;
const BATCH = 500;

/** The lowest id a `newId` could have made at `ms`: the time part followed by zeros. */
export const idFloorAt = (ms: number) => `evt_${newId('x', ms).slice(2, 12)}0000000000000000`;

function present(row: { id: string; type: string; return_id: string | null; actor_type: string; occurred_at: Date }): LiveEvent {
  return {
    id: row.id,
    type: row.type,
    returnId: row.return_id,
    actorType: row.actor_type,
    occurredAt: row.occurred_at.toISOString(),
  };
}

/** Events written after `afterId` (oldest first), for a subscriber that reconnects. */
export async function eventsAfter(db: RetourDb, afterId: string, limit = 200): Promise<LiveEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['id', 'type', 'return_id', 'actor_type', 'occurred_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(present);
}

/**
 * Tells subscribers of every event any process writes, by polling the events table once per
 * interval while someone listens. Polling the table (rather than a notification channel) works
 * the same on PGlite and PostgreSQL, and across any number of server processes on one database.
 */
export class LiveEventFeed {
  private readonly listeners = new Set<Listener>();
  private readonly sent = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private primed = false;
  private startedAt = 0;

  constructor(
    private readonly db: RetourDb,
    private readonly intervalMs = 1000,
    private readonly wallClock: () => number = Date.now,
  ) {}

  /** Starts listening; the returned function stops. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    if (!this.timer) this.start();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  /** Reads once now (tests and shutdown call it; the timer calls it otherwise). */
  poll(): Promise<void> {
    this.polling ??= this.read().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  close(): void {
    this.listeners.clear();
    this.stop();
  }

  private start() {
    this.primed = false;
    this.startedAt = this.wallClock();
    this.sent.clear();
    void this.poll();
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref();
  }

  private stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async read(): Promise<void> {
    const now = this.wallClock();
    const floor = idFloorAt(now - LOOKBACK_MS);
    let rows: LiveEvent[];
    try {
      rows = (
        await this.db
          .selectFrom('events')
          .select(['id', 'type', 'return_id', 'actor_type', 'occurred_at'])
          .where('id', '>=', floor)
          .orderBy('id')
          .limit(BATCH)
          .execute()
      ).map(present);
    } catch {
      // The database is away for a moment (restart, failover): the next tick tries again.
      return;
    }
    for (const [id, at] of this.sent) if (at < now - 2 * LOOKBACK_MS) this.sent.delete(id);
    let fresh = rows.filter((e) => !this.sent.has(e.id));
    for (const e of fresh) this.sent.set(e.id, now);
    // The first read learns what was there before anyone listened: subscribers want news, not the
    // last 30 s. What was written since the first subscriber arrived is news.
    if (!this.primed) {
      this.primed = true;
      const before = idFloorAt(this.startedAt);
      fresh = fresh.filter((e) => e.id >= before);
    }
    for (const event of fresh) for (const listener of this.listeners) listener(event);
  }
}

/** Whether the staff session or API key behind a long-lived stream still holds. */
export async function credentialStillValid(
  db: RetourDb,
  who: { sessionId: string } | { apiKeyId: string },
  now: Date,
): Promise<boolean> {
  if ('sessionId' in who) {
    const row = await db
      .selectFrom('staff_sessions')
      .innerJoin('staff_users', 'staff_users.id', 'staff_sessions.user_id')
      .select(
        sql<boolean>`staff_sessions.revoked_at is null and staff_users.active and staff_sessions.expires_at > ${now}`.as('ok'),
      )
      .where('staff_sessions.id', '=', who.sessionId)
      .executeTakeFirst();
    return row?.ok === true;
  }
  const row = await db
    .selectFrom('api_keys')
    .select(['revoked_at', 'expires_at'])
    .where('id', '=', who.apiKeyId)
    .executeTakeFirst();
  // An expired key's stream ends as a revoked one's does.
  return Boolean(row) && !row?.revoked_at && (row?.expires_at == null || row.expires_at > now);
}
