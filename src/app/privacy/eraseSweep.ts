import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { personalMatcher } from '../../domain/privacy/erasure.js';
import type { Tx } from '../kernel/transaction.js';
import { applyScrub, type TraceSpec } from './eraseTraces.js';
import type { ErasureScope } from './erasureScope.js';

/** Rows read and locked at a time: one short transaction each, so no sweep holds a lock long. */
const BATCH = 500;

/** `owned`: a row that holds one of the person's record ids (a stored answer about their return,
 * a platform's webhook about their order) is theirs and is scrubbed of every value, as the rows
 * tied to them by a key are; any other row only of their e-mail addresses and phone numbers. */
type SweptSpec = Pick<TraceSpec, 'table' | 'key' | 'columns'> & { owned?: boolean };

/** What the sweep looks for, kept in memory from the erasure's scope until it has run. */
export interface SweepValues {
  identifiers: string[];
  all: string[];
  recordIds: string[];
}

export function sweepValues(scope: ErasureScope): SweepValues {
  return {
    identifiers: scope.values.identifiers,
    all: scope.values.all,
    recordIds: [...Object.values(scope.subjects).flat(), ...scope.returnLineIds, ...scope.photoIds],
  };
}

/** Tables that may name the person with no key to them: a stored API answer, a platform's or
 * carrier's webhook, an export's query, a sync error, a linked account's risk signal. */
export const UNLINKED_TABLES: SweptSpec[] = [
  { table: 'idempotency_keys', owned: true, key: ['principal', 'key'], columns: { response_body: 'scrub' } },
  { table: 'shop_webhooks', owned: true, key: ['id'], columns: { event: 'scrub', error: 'scrub' } },
  { table: 'access_log', key: ['id'], columns: { filters: 'scrub' } },
  { table: 'saved_views', key: ['id'], columns: { filters: 'scrub' } },
  { table: 'shop_sync_errors', owned: true, key: ['id'], columns: { message: 'scrub' } },
  { table: 'carrier_webhooks', owned: true, key: ['id'], columns: { updates: 'scrub', error: 'scrub' } },
  { table: 'customers', key: ['id'], columns: { risk_signals: 'scrub' } },
  { table: 'returns', key: ['id'], columns: { risk_signals: 'scrub' } },
  { table: 'risk_assessments', key: ['id'], columns: { signals: 'scrub', note: 'scrub' } },
];

/**
 * Scrubs the person's e-mail addresses and phone numbers (and nothing else: a street, postcode or
 * name is shared with others) from the tables with no key to them, after the erasure has
 * committed: these can only be searched by reading them, so they are read in batches by key,
 * each batch in a transaction of its own, and only the rows that name the person are changed.
 * Adds how many rows of each table changed to the erasure's counts (recorded and answered).
 */
export async function sweepUnlinkedTraces(
  db: RetourDb,
  erasure: { erasureId: string; counts: Record<string, number> },
  values: SweepValues | null,
): Promise<Record<string, number>> {
  const counts = { ...erasure.counts };
  if (!values || values.identifiers.length === 0) return counts;
  const named = personalMatcher(values.identifiers);
  const everything = personalMatcher(values.all);
  const ids = new Set(values.recordIds);
  const theirs = (row: Record<string, unknown>) =>
    (JSON.stringify(row).match(/[a-z]+_[0-9A-Za-z]+/g) ?? []).some((token) => ids.has(token));
  const scrub = async (tx: Tx, spec: SweptSpec, rows: Record<string, unknown>[]) => {
    const owned = spec.owned ? rows.filter(theirs) : [];
    const rest = rows.filter((r) => !owned.includes(r));
    return (await applyScrub(tx, spec, owned, everything)) + (await applyScrub(tx, spec, rest, named));
  };
  for (const spec of UNLINKED_TABLES) {
    let after: unknown[] | null = null;
    do {
      const batch = await sweepBatch(db, spec, after, scrub);
      if (batch.changed > 0) counts[spec.table] = (counts[spec.table] ?? 0) + batch.changed;
      after = batch.last;
    } while (after);
  }
  await sql`update privacy_erasures set counts = ${JSON.stringify(counts)}::jsonb where id = ${erasure.erasureId}`.execute(db);
  return counts;
}

/** One batch of a table after the key `after`, locked, scrubbed and committed; a batch that
 * deadlocks with a request locking the same rows in another order (40P01) is read again. */
async function sweepBatch(
  db: RetourDb,
  spec: SweptSpec,
  after: unknown[] | null,
  scrub: (tx: Tx, spec: SweptSpec, rows: Record<string, unknown>[]) => Promise<number>,
  attempt = 1,
): Promise<{ changed: number; last: unknown[] | null }> {
  try {
    return await db.transaction().execute(async (tx) => {
      const keys = sql`(${sql.join(spec.key.map((k) => sql.ref(k)))})`;
      const from = after ? sql`where ${keys} > (${sql.join(after.map((v) => sql`${v}`))})` : sql``;
      const { rows } = await sql<Record<string, unknown>>`
        select ${sql.join([...spec.key, ...Object.keys(spec.columns)].map((c) => sql.ref(c)))}
          from ${sql.table(spec.table)} ${from} order by ${sql.join(spec.key.map((k) => sql.ref(k)))}
          limit ${BATCH} for update`.execute(tx);
      const end = rows.at(-1);
      return { changed: await scrub(tx, spec, rows), last: end ? spec.key.map((k) => end[k]) : null };
    });
  } catch (error) {
    if ((error as { code?: string }).code !== '40P01' || attempt >= 3) throw error;
    return sweepBatch(db, spec, after, scrub, attempt + 1);
  }
}
