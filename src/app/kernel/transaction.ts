import type { Insertable, Kysely } from 'kysely';
import { keptQuery } from '../../db/keptQuery.js';
import type { Database, EventsTable, OutboxTable } from '../../db/schema.js';
import type { AppContext, CommandMeta } from './context.js';
import { eventsCommitted } from './eventsCommitted.js';
import { completeIdempotency } from './idempotency.js';
import { newId } from './ids.js';
import { dispatchInUnit } from './subscribers.js';
import type { RecordedEvent, Tx, Unit } from './unit.js';

export type { RecordedEvent, Tx, Unit } from './unit.js';

/** Runs a command's writes, what its in-unit subscribers do about its events, the events, their
 * outbox messages and the idempotent response in one transaction: either all of it happens or
 * none of it. */
export async function inUnit<T>(ctx: AppContext, meta: CommandMeta, work: (unit: Unit) => Promise<T>): Promise<T> {
  let wrote = false;
  const result = await ctx.db.transaction().execute(async (tx) => {
    const now = ctx.now();
    const events: RecordedEvent[] = [];
    const unit: Unit = { tx, now, caches: ctx.caches, record: (e) => events.push(e) };
    const result = await work(unit);
    await dispatchInUnit(unit, ctx.subscribers.inUnit, events);
    if (events.length > 0) await writeEvents(tx, meta, events, now);
    if (meta.idempotency) await completeIdempotency(tx, meta.idempotency, result);
    wrote = events.length > 0;
    return result;
  });
  if (wrote) eventsCommitted(ctx.db);
  return result;
}

/** One statement writes the events and their outbox messages (the foreign key is checked at the
 * end of the statement, when both are in). */
async function writeEvents(tx: Tx, meta: CommandMeta, events: RecordedEvent[], now: Date): Promise<void> {
  const rows = events.map((e) => ({
    id: newId('evt'),
    type: e.type,
    subject_type: e.subjectType,
    subject_id: e.subjectId,
    return_id: e.returnId ?? null,
    actor_type: meta.actor.type,
    actor_id: meta.actor.id ?? null,
    reason: e.reason ?? null,
    data: JSON.stringify(e.data ?? {}),
    occurred_at: now,
  }));
  const messages = rows.map((r, i) => ({
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
  }));
  await writeEventsKept.execute(tx, { rows, messages });
}

type EventsValues = { rows: Insertable<EventsTable>[]; messages: Insertable<OutboxTable>[] };

/** Built and compiled once per number of events (see keptQuery): every command that changes
 * something writes its events with it. */
export const writeEventsKept = keptQuery((tx: Kysely<Database>, { rows, messages }: EventsValues) =>
  tx
    .with('written', (db) => db.insertInto('events').values(rows))
    .insertInto('outbox')
    .values(messages),
);
