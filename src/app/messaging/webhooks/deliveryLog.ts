import { sql } from 'kysely';
import { BatchedWriter, writerPerContext } from '../../kernel/batchedWriter.js';
import type { AppContext } from '../../kernel/context.js';
import { newId } from '../../kernel/ids.js';

/** What one try of a delivery came to, as its log keeps it. */
export interface DeliveryTry {
  deliveryId: string;
  endpointId: string;
  /** The delivery's tries before this one. */
  attemptsBefore: number;
  at: Date;
  statusCode: number | null;
  /** null when the endpoint answered 2xx. */
  error: string | null;
  durationMs: number;
}

/** The tries' attempts, their deliveries' new state and their endpoints' last success, written in
 * one statement: its parts commit together, as one transaction would. */
async function writeTries(ctx: AppContext, tries: DeliveryTry[]): Promise<boolean[]> {
  const attempts = sql.join(
    tries.map(
      (t) =>
        sql`(${newId('wha')}, ${t.deliveryId}, ${t.at}::timestamptz, ${t.statusCode}::int, ${t.error}::text, ${t.durationMs}::int)`,
    ),
  );
  // A delivery tried twice in one batch (a repeat of its job) keeps its latest try.
  const latest = new Map(tries.map((t) => [t.deliveryId, t]));
  const deliveries = sql.join(
    [...latest.values()].map(
      (t) =>
        sql`(${t.deliveryId}, ${t.error === null ? 'delivered' : 'pending'}::text, ${t.attemptsBefore + 1}::int, ${t.statusCode}::int, ${t.error}::text, ${t.at}::timestamptz)`,
    ),
  );
  const succeeded = new Map<string, Date>();
  for (const t of tries) {
    const seen = succeeded.get(t.endpointId);
    if (t.error === null && (!seen || seen < t.at)) succeeded.set(t.endpointId, t.at);
  }
  const endpoints = sql.join([...succeeded.entries()].map(([id, at]) => sql`(${id}, ${at}::timestamptz)`));
  await sql`
    with attempts as (
      insert into webhook_attempts (id, delivery_id, attempted_at, status_code, error, duration_ms)
      values ${attempts}
    ), deliveries as (
      update webhook_deliveries as d
      set status = v.status, attempts = v.attempts, last_status_code = v.code, last_error = v.error, updated_at = v.at,
        delivered_at = case when v.status = 'delivered' then v.at else d.delivered_at end
      from (values ${deliveries}) as v(id, status, attempts, code, error, at)
      where d.id = v.id
    )
    ${
      succeeded.size > 0
        ? sql`update webhook_endpoints as e set last_success_at = v.at from (values ${endpoints}) as v(id, at) where e.id = v.id`
        : sql`select 1`
    }`.execute(ctx.db);
  return tries.map(() => true);
}

const logOf = writerPerContext((ctx: AppContext) => new BatchedWriter<DeliveryTry>((tries) => writeTries(ctx, tries)));

/** Logs a try of a delivery: the tries that end while a write runs go together in the next. */
export async function logDeliveryTry(ctx: AppContext, attempt: DeliveryTry): Promise<void> {
  await logOf(ctx).write(attempt);
}
