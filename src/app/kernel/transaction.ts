import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { AppContext, CommandMeta } from './context.js';
import { completeIdempotency } from './idempotency.js';
import { newId } from './ids.js';

export type Tx = Transaction<Database>;

export interface RecordedEvent {
  type: string;
  subjectType: string;
  subjectId: string;
  returnId?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
}

export interface Unit {
  tx: Tx;
  now: Date;
  /** The database the unit runs on (owner of per-database caches). */
  owner: object;
  /** Queues an event; it is written with its outbox message when the unit commits. */
  record(event: RecordedEvent): void;
}

/** Runs a command's writes, its events, their outbox messages and the idempotent response in
 * one transaction: either all of it happens or none of it. */
export async function inUnit<T>(ctx: AppContext, meta: CommandMeta, work: (unit: Unit) => Promise<T>): Promise<T> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = ctx.now();
    const events: RecordedEvent[] = [];
    const result = await work({ tx, now, owner: ctx.db, record: (e) => events.push(e) });
    if (events.length > 0) {
      const rows = events.map((e) => ({
        id: newId('evt'),
        type: e.type,
        subject_type: e.subjectType,
        subject_id: e.subjectId,
        return_id: e.returnId ?? null,
        actor_type: meta.actor.type,
        actor_id: meta.actor.id,
        reason: e.reason ?? null,
        data: JSON.stringify(e.data ?? {}),
        occurred_at: now,
      }));
      // One statement writes the events and their outbox messages (the foreign key is checked at
      // the end of the statement, when both are in).
      await tx
        .with('written', (db) => db.insertInto('events').values(rows))
        .insertInto('outbox')
        .values(
          rows.map((r, i) => ({
            event_id: r.id,
            topic: r.type,
            payload: JSON.stringify({
              id: r.id,
              type: r.type,
              subject: { type: r.subject_type, id: r.subject_id },
              returnId: r.return_id,
              actor: { type: meta.actor.type, id: meta.actor.id },
              reason: r.reason,
              data: events[i]?.data ?? {},
              occurredAt: now.toISOString(),
            }),
            created_at: now,
          })),
        )
        .execute();
    }
    if (meta.idempotency) await completeIdempotency(tx, meta.idempotency, result);
    return result;
  });
}
