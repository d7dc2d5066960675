import { type RawBuilder, sql } from 'kysely';
import type { RetentionCounts, RetentionPeriods } from '../../domain/privacy/retention.js';
import { countOf, type RetentionStep } from './retentionStep.js';

/** A table whose due rows are found by `due` (a condition its partial index spells, or none) and
 * a time column older than the cutoff; `clear` is what happens to them: deleted, or columns set. */
interface LogKind {
  count: keyof RetentionCounts;
  period: keyof RetentionPeriods;
  table: string;
  time: string;
  due?: string;
  /** Columns to blank; none: the row is deleted. */
  set?: string;
  /** The index that finds the due rows. */
  index: string;
}

function logStep(kind: LogKind): RetentionStep {
  const table = sql.table(kind.table);
  const time = sql.ref(kind.time);
  const condition = (cutoff: Date): RawBuilder<unknown> =>
    kind.due ? sql`${sql.raw(kind.due)} and ${time} < ${cutoff}` : sql`${time} < ${cutoff}`;
  const pick = (cutoff: Date, limit: number) =>
    sql<{ id: string }>`select id from ${table} where ${condition(cutoff)}
      order by ${time}, id limit ${limit} for update skip locked`;
  return {
    count: kind.count,
    period: kind.period,
    index: kind.index,
    pick,
    due: (db, cutoff) => countOf(sql<{ n: string }>`select count(*) as n from ${table} where ${condition(cutoff)}`.execute(db)),
    async clear(tx, cutoff, limit) {
      const picked = pick(cutoff, limit);
      const res = kind.set
        ? await sql`update ${table} set ${sql.raw(kind.set)} where id in (${picked})`.execute(tx)
        : await sql`delete from ${table} where id in (${picked})`.execute(tx);
      const n = Number(res.numAffectedRows ?? 0);
      return { taken: n, cleared: n };
    },
  };
}

/** E-mails sent or kept: the body and the recipient's address go; the template (kind), subject
 * (it names the return's number, no person), language, status, return and times stay, so the
 * mailbox still tells which e-mail went when. */
export const emailsStep = logStep({
  count: 'emails',
  period: 'emailDays',
  table: 'emails',
  index: 'emails_retention_idx',
  time: 'created_at',
  due: `status <> 'pending' and (html is not null or text_body is not null or recipient is not null)`,
  set: 'html = null, text_body = null, recipient = null',
});

/** The logs Retour keeps: who opened what, what webhooks carried and how their calls went, the
 * bodies shops and carriers sent once applied (a carrier webhook's row stays: it holds replays off),
 * and shop sync errors (they quote the order). */
export const logSteps: RetentionStep[] = [
  logStep({ count: 'accessLog', period: 'logDays', table: 'access_log', index: 'access_log_at_idx', time: 'at' }),
  logStep({
    count: 'webhookPayloads',
    period: 'logDays',
    table: 'webhook_deliveries',
    index: 'webhook_deliveries_retention_idx',
    time: 'created_at',
    due: `status <> 'pending' and payload <> '{}'::jsonb`,
    set: `payload = '{}'::jsonb`,
  }),
  logStep({
    count: 'webhookAttempts',
    period: 'logDays',
    table: 'webhook_attempts',
    index: 'webhook_attempts_at_idx',
    time: 'attempted_at',
  }),
  logStep({
    count: 'shopWebhooks',
    period: 'logDays',
    table: 'shop_webhooks',
    index: 'shop_webhooks_retention_idx',
    time: 'received_at',
    due: `applied_at is not null and event <> '{}'::jsonb`,
    set: `event = '{}'::jsonb`,
  }),
  logStep({
    count: 'carrierWebhooks',
    period: 'logDays',
    table: 'carrier_webhooks',
    index: 'carrier_webhooks_retention_idx',
    time: 'received_at',
    due: `applied_at is not null and updates <> '[]'::jsonb`,
    set: `updates = '[]'::jsonb`,
  }),
  logStep({
    count: 'syncErrors',
    period: 'logDays',
    table: 'shop_sync_errors',
    index: 'shop_sync_errors_at_idx',
    time: 'created_at',
  }),
];
