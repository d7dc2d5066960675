import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import type { AppCaches } from '../kernel/context.js';
import { TimedValue } from '../kernel/timedValue.js';

const YEAR_MS = 365 * 86_400_000;
const CACHE_MS = 10 * 60_000;

declare module '../kernel/context.js' {
  interface AppCaches {
    /** The shop's return rate by value: what serial returning is measured against. It moves slowly
     * and reading it sums a year of orders, so it is read again at most every ten minutes. */
    riskBaseline: TimedValue<number>;
  }
}

export const riskBaselineCache = () => new TimedValue<number>(CACHE_MS);

/** The shop's own return rate by value over the year before `now`, 0–1: what returns that still
 * stand were paid (value_amount) over what orders not cancelled were paid (total_amount). */
export async function riskBaseline(db: Kysely<Database>, now: Date): Promise<number> {
  const since = new Date(now.getTime() - YEAR_MS);
  const calledOff = sql.join(CALLED_OFF_STATUSES.map((s) => sql.lit(s)));
  const row = await sql<{ returned: string | number | null; sold: string | number | null }>`
    select
      (select sum(value_amount) from returns
        where created_at >= ${since} and created_at < ${now} and status not in (${calledOff})) as returned,
      (select sum(total_amount) from orders
        where placed_at >= ${since} and placed_at < ${now} and cancelled_at is null) as sold`
    .execute(db)
    .then((r) => r.rows[0]);
  const sold = Number(row?.sold ?? 0);
  const rate = sold > 0 ? Number(row?.returned ?? 0) / sold : 0;
  return Math.round(Math.min(Math.max(rate, 0), 1) * 10_000) / 10_000;
}

/** The baseline, read at most every ten minutes; `reader` is the transaction to read through. */
export function riskBaselineCached(caches: AppCaches, reader: Kysely<Database>, now: Date): Promise<number> {
  return caches.riskBaseline.get(() => riskBaseline(reader, now));
}
