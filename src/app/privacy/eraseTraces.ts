import { type RawBuilder, sql } from 'kysely';
import { ERASED, likePatterns, scrubValue } from '../../domain/privacy/erasure.js';
import type { Tx } from '../kernel/transaction.js';
import type { ErasureScope } from './erasureScope.js';

/** What becomes of a column in the rows found: `scrub` replaces each string (in a text, or inside
 * a JSON document) that mentions the person and keeps the rest (amounts, ids, dates); `erase`
 * replaces a whole text (a shopper's or staff's free text about them); `null` empties it, and
 * `clear` empties an array column that may not be null. */
type How = 'scrub' | 'erase' | 'null' | 'clear';

export interface TraceSpec {
  table: string;
  key: string[];
  columns: Record<string, How>;
  where: RawBuilder<unknown>;
}

const list = (values: string[]) => (values.length ? sql.join(values) : sql`null`);

/** Changes the columns of the rows found as their spec says; answers how many rows changed. */
export async function scrubRows(tx: Tx, spec: TraceSpec, values: readonly string[]): Promise<number> {
  const columns = Object.keys(spec.columns);
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join([...spec.key, ...columns].map((c) => sql.ref(c)))} from ${sql.table(spec.table)} where ${spec.where}`.execute(
    tx,
  );
  let changed = 0;
  for (const row of rows) {
    const sets = columns.flatMap((column) => {
      if (spec.columns[column] === 'clear') {
        const value = row[column];
        return Array.isArray(value) && value.length > 0 ? [sql`${sql.ref(column)} = '{}'`] : [];
      }
      const next = nextValue(row[column], spec.columns[column] as How, values);
      if (!next.changed) return [];
      const json = next.value !== null && typeof next.value === 'object';
      return [sql`${sql.ref(column)} = ${json ? sql`${JSON.stringify(next.value)}::jsonb` : sql`${next.value}`}`];
    });
    if (sets.length === 0) continue;
    const match = sql.join(
      spec.key.map((k) => sql`${sql.ref(k)} = ${row[k]}`),
      sql` and `,
    );
    await sql`update ${sql.table(spec.table)} set ${sql.join(sets)} where ${match}`.execute(tx);
    changed += 1;
  }
  return changed;
}

function nextValue(value: unknown, how: How, values: readonly string[]): { value: unknown; changed: boolean } {
  if (value === null || value === undefined) return { value, changed: false };
  if (how === 'null' || how === 'clear') return { value: null, changed: true };
  if (how === 'erase') return value === ERASED ? { value, changed: false } : { value: ERASED, changed: true };
  return scrubValue(value, values);
}

/** The rows tied to the person by a key (their customer, orders, returns, events …): every
 * string that mentions them is scrubbed, with every value they are known by. */
export function linkedTraces(scope: ErasureScope): TraceSpec[] {
  return [...returnTraces(scope), ...eventTraces(scope), ...moneyAndParcelTraces(scope)];
}

/** The returns themselves, their lines' comments, notes, feedback and the analytics kept of them. */
function returnTraces(scope: ErasureScope): TraceSpec[] {
  const returns = list(scope.returnIds);
  return [
    { table: 'returns', key: ['id'], columns: { risk_signals: 'scrub', status_reason: 'scrub' }, where: sql`id in (${returns})` },
    {
      table: 'return_lines',
      key: ['id'],
      columns: { comment: 'null', acceptance_reason: 'scrub', verdict: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
    { table: 'return_notes', key: ['id'], columns: { body: 'erase' }, where: sql`return_id in (${returns})` },
    { table: 'return_feedback', key: ['return_id'], columns: { comment: 'null' }, where: sql`return_id in (${returns})` },
    {
      table: 'analytics_return_lines',
      key: ['return_line_id'],
      columns: { comment: 'null', comment_words: 'clear' },
      where: sql`return_id in (${returns})`,
    },
    {
      table: 'analytics_counted_lines',
      key: ['return_line_id'],
      columns: { comment_words: 'clear' },
      where: sql`return_line_id in (${list(scope.returnLineIds)})`,
    },
  ];
}

/** The events about the person, and what was made of them: outbox messages, webhook bodies,
 * automation outcomes, staff notifications, risk assessments. */
function eventTraces(scope: ErasureScope): TraceSpec[] {
  const returns = list(scope.returnIds);
  const subjects = list(scope.subjectIds);
  const events = sql`select id from events where subject_id in (${subjects}) or return_id in (${returns})`;
  return [
    { table: 'events', key: ['id'], columns: { data: 'scrub', reason: 'scrub' }, where: sql`id in (${events})` },
    { table: 'outbox', key: ['id'], columns: { payload: 'scrub' }, where: sql`event_id in (${events})` },
    {
      table: 'webhook_deliveries',
      key: ['id'],
      columns: { payload: 'scrub', last_error: 'scrub' },
      where: sql`event_id in (${events})`,
    },
    {
      table: 'webhook_attempts',
      key: ['id'],
      columns: { error: 'scrub' },
      where: sql`delivery_id in (select id from webhook_deliveries where event_id in (${events}))`,
    },
    {
      table: 'automation_runs',
      key: ['event_id', 'rule_id'],
      columns: { outcome: 'scrub' },
      where: sql`event_id in (${events})`,
    },
    {
      table: 'staff_notifications',
      key: ['id'],
      columns: { facts: 'scrub' },
      where: sql`return_id in (${returns}) or subject_id in (${subjects})`,
    },
    {
      table: 'risk_assessments',
      key: ['id'],
      columns: { signals: 'scrub', note: 'scrub' },
      where: sql`return_id in (${returns}) or customer_id in (${list(scope.customerIds)})`,
    },
  ];
}

/** Notes and texts beside the money (settlements, credit, exchanges, repairs, stock) and the
 * parcels' labels, papers and tracking. Amounts, dates and references stay. */
function moneyAndParcelTraces(scope: ErasureScope): TraceSpec[] {
  const returns = list(scope.returnIds);
  return [
    {
      table: 'settlements',
      key: ['id'],
      columns: { note: 'scrub', breakdown: 'scrub', last_error: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
    {
      table: 'store_credit_entries',
      key: ['id'],
      columns: { note: 'scrub' },
      where: sql`account_id in (${list(scope.accountIds)})`,
    },
    {
      table: 'exchange_orders',
      key: ['id'],
      columns: { cancel_reason: 'scrub', payment_error: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
    { table: 'repairs', key: ['id'], columns: { note: 'scrub' }, where: sql`return_id in (${returns})` },
    {
      table: 'stock_movements',
      key: ['id'],
      columns: { note: 'scrub' },
      where: sql`return_line_id in (${list(scope.returnLineIds)})`,
    },
    {
      table: 'policy_exceptions',
      key: ['id'],
      columns: { reason: 'scrub', effects: 'scrub' },
      where: sql`customer_id in (${list(scope.customerIds)}) or order_id in (${list(scope.orderIds)}) or return_id in (${returns})`,
    },
    // Labels and customs papers print the shopper's address; a finished return needs neither.
    {
      table: 'shipments',
      key: ['id'],
      columns: { label: 'null', customs_document: 'null', customs: 'null', pickup: 'scrub', last_error: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
    { table: 'shipment_parcels', key: ['id'], columns: { label: 'null' }, where: sql`return_id in (${returns})` },
    {
      table: 'tracking_events',
      key: ['id'],
      columns: { description: 'scrub', location: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
    {
      table: 'platform_returns',
      key: ['id'],
      columns: { reported: 'scrub', last_error: 'scrub' },
      where: sql`return_id in (${returns})`,
    },
  ];
}

/** Tables that may hold the person's e-mail, phone, full name or street without a key to them: a
 * stored API answer, a platform's webhook, an export's query, a linked account's risk signal. */
export function unlinkedTraces(scope: ErasureScope): TraceSpec[] {
  const patterns = likePatterns(scope.values.strong);
  if (patterns.length === 0) return [];
  const like = (column: string) => sql`lower(${sql.ref(column)}::text) like any (${patterns}::text[])`;
  const others = list(scope.customerIds);
  return [
    { table: 'idempotency_keys', key: ['principal', 'key'], columns: { response_body: 'scrub' }, where: like('response_body') },
    { table: 'shop_webhooks', key: ['id'], columns: { event: 'scrub', error: 'scrub' }, where: like('event') },
    { table: 'access_log', key: ['id'], columns: { filters: 'scrub' }, where: like('filters') },
    { table: 'saved_views', key: ['id'], columns: { filters: 'scrub' }, where: like('filters') },
    { table: 'shop_sync_errors', key: ['id'], columns: { message: 'scrub' }, where: like('message') },
    { table: 'carrier_webhooks', key: ['id'], columns: { updates: 'scrub', error: 'scrub' }, where: like('updates') },
    {
      table: 'customers',
      key: ['id'],
      columns: { risk_signals: 'scrub' },
      where: sql`id not in (${others}) and ${like('risk_signals')}`,
    },
    { table: 'returns', key: ['id'], columns: { risk_signals: 'scrub' }, where: like('risk_signals') },
    {
      table: 'risk_assessments',
      key: ['id'],
      columns: { signals: 'scrub', note: 'scrub' },
      where: sql`${like('signals')} or ${like('note')}`,
    },
    {
      table: 'emails',
      key: ['id'],
      columns: { recipient: 'null', subject: 'erase', html: 'null', text_body: 'null', last_error: 'scrub' },
      where: sql`return_id in (${list(scope.returnIds)}) or ${like('recipient')} or ${like('text_body')}`,
    },
  ];
}
