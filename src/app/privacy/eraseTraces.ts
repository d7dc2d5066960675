import { type RawBuilder, sql } from 'kysely';
import { ERASED, personalMatcher, scrubValue } from '../../domain/privacy/erasure.js';
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

/** Rows changed by one statement: a person with thousands of events is a few statements. */
const CHUNK = 200;

/** Changes the columns of the rows found as their spec says, one statement per chunk of rows;
 * answers how many rows changed. */
export async function scrubRows(tx: Tx, spec: TraceSpec, values: readonly string[]): Promise<number> {
  const columns = Object.keys(spec.columns);
  const { rows } = await sql<Record<string, unknown>>`
    select ${sql.join([...spec.key, ...columns].map((c) => sql.ref(c)))} from ${sql.table(spec.table)} where ${spec.where}`.execute(
    tx,
  );
  return applyScrub(tx, spec, rows, personalMatcher(values));
}

/** Scrubs the rows read (keys and columns of `spec`) in set-based updates; answers how many changed. */
export async function applyScrub(
  tx: Tx,
  spec: Pick<TraceSpec, 'table' | 'key' | 'columns'>,
  rows: Record<string, unknown>[],
  matches: (text: string) => boolean,
): Promise<number> {
  const changes: { row: Record<string, unknown>; sets: Map<string, RawBuilder<unknown>> }[] = [];
  for (const row of rows) {
    const sets = new Map<string, RawBuilder<unknown>>();
    for (const [column, how] of Object.entries(spec.columns)) {
      if (how === 'clear') {
        const value = row[column];
        if (Array.isArray(value) && value.length > 0) sets.set(column, sql`'{}'`);
        continue;
      }
      const next = nextValue(row[column], how, matches);
      if (!next.changed) continue;
      const json = next.value !== null && typeof next.value === 'object';
      sets.set(column, json ? sql`${JSON.stringify(next.value)}::jsonb` : sql`${next.value}`);
    }
    if (sets.size > 0) changes.push({ row, sets });
  }
  for (let i = 0; i < changes.length; i += CHUNK) await updateChunk(tx, spec, changes.slice(i, i + CHUNK));
  return changes.length;
}

/** One update for many rows: each column takes its new value by the row's key, or stays. */
async function updateChunk(
  tx: Tx,
  spec: Pick<TraceSpec, 'table' | 'key' | 'columns'>,
  changes: { row: Record<string, unknown>; sets: Map<string, RawBuilder<unknown>> }[],
): Promise<void> {
  const keyOf = (row: Record<string, unknown>) => sql`(${sql.join(spec.key.map((k) => sql`${row[k]}`))})`;
  const keyColumns = sql`(${sql.join(spec.key.map((k) => sql.ref(k)))})`;
  const columns = Object.keys(spec.columns).filter((c) => changes.some((ch) => ch.sets.has(c)));
  const sets = columns.map((column) => {
    const cases = changes.flatMap((ch) => {
      const to = ch.sets.get(column);
      return to ? [sql`when ${keyColumns} = ${keyOf(ch.row)} then ${to}`] : [];
    });
    return sql`${sql.ref(column)} = case ${sql.join(cases, sql` `)} else ${sql.ref(column)} end`;
  });
  await sql`update ${sql.table(spec.table)} set ${sql.join(sets)}
    where ${keyColumns} in (${sql.join(changes.map((ch) => keyOf(ch.row)))})`.execute(tx);
}

function nextValue(value: unknown, how: How, matches: (text: string) => boolean): { value: unknown; changed: boolean } {
  if (value === null || value === undefined) return { value, changed: false };
  if (how === 'null' || how === 'clear') return { value: null, changed: true };
  if (how === 'erase') return value === ERASED ? { value, changed: false } : { value: ERASED, changed: true };
  return scrubValue(value, matches);
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
  // By type and id, so the (subject_type, subject_id) index finds them.
  const subjects = Object.entries(scope.subjects).filter(([, ids]) => ids.length > 0);
  const bySubject = subjects.length
    ? sql.join(
        subjects.map(([type, ids]) => sql`(subject_type = ${type} and subject_id in (${sql.join(ids)}))`),
        sql` or `,
      )
    : sql`false`;
  const events = sql`select id from events where ${bySubject} or return_id in (${returns})`;
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
      where: sql`return_id in (${returns}) or ${bySubject}`,
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

/** The one table with no key to the person searched inside the erasure: the mailbox, by return
 * or by recipient (its normal form, which an index holds: never a LIKE over the texts). A message
 * found is the person's and goes whole. The other tables without a key are swept after the
 * commit (eraseSweep.ts). */
export function unlinkedTraces(scope: ErasureScope): TraceSpec[] {
  const emails = scope.values.identifiers.filter((v) => v.includes('@'));
  return [
    {
      table: 'emails',
      key: ['id'],
      columns: { recipient: 'null', subject: 'erase', html: 'null', text_body: 'null', last_error: 'scrub' },
      where: sql`return_id in (${list(scope.returnIds)}) or retour_normal_email(recipient) in (${list(emails)})`,
    },
  ];
}
