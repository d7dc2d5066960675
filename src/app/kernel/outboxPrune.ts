import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';

/** How long an outbox message is kept after it was relayed: a day to look into what a subscriber
 * made of it. The event itself stays in `events`; the message is only its copy on the way out, and
 * an erasure or the retention round scrubs one still kept (src/app/privacy). */
export const RELAYED_OUTBOX_KEPT_MS = 24 * 3_600_000;

/** Rows one statement looks at: each delete holds its locks only briefly. */
const BATCH = 1_000;

/**
 * Deletes the outbox messages relayed before `relayedBefore`, oldest first, a batch per
 * statement; a message not yet relayed is never deleted, however old. Messages are made in the
 * order of their ids, so the batches stop at the first one made after `relayedBefore`: nothing
 * from there on can have been relayed before it. Answers how many were deleted.
 */
export async function pruneRelayedOutbox(db: RetourDb, relayedBefore: Date, batch = BATCH): Promise<number> {
  let after = 0;
  let removed = 0;
  for (;;) {
    const { rows } = await sql<{ last: string | number | null; removed: string | number; reached: boolean | null }>`
      with batch as (
        select id, created_at, published_at from outbox where id > ${after} order by id limit ${batch}
      ), gone as (
        delete from outbox o using batch b
        where o.id = b.id and b.published_at < ${relayedBefore} and o.published_at is not null
        returning o.id
      )
      select (select max(id) from batch) as last, (select count(*) from gone) as removed,
        (select bool_or(created_at >= ${relayedBefore}) from batch) as reached`.execute(db);
    const row = rows[0];
    removed += Number(row?.removed ?? 0);
    if (!row || row.last === null || row.reached) return removed;
    after = Number(row.last);
  }
}
