import { type RawBuilder, sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import { type AnalyticsFilters, RESOLUTIONS_REPORTED, type ResolutionsReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, numberOf as n, shareOf } from '../factFilters.js';
import { countedLineConditions } from '../narrowFacts.js';

type Reported = (typeof RESOLUTIONS_REPORTED)[number];

/** What a line granted (else asked for) each resolution is reported as; any other is "other". */
const REPORTED_AS: [string, Reported][] = [
  ['refund', 'refund'],
  ['store_credit', 'store_credit'],
  ['exchange', 'exchange'],
  ['replacement', 'exchange'],
  ['repair', 'repair'],
];

const resolutionCase = (reported: (r: Reported) => RawBuilder<unknown>) =>
  sql`case coalesce(l.granted_resolution, l.requested_resolution) ${sql.join(
    REPORTED_AS.map(([resolution, r]) => sql`when ${sql.lit(resolution)} then ${reported(r)}`),
    sql` `,
  )} else ${reported('other')} end`;

/** How a line was resolved, as the dashboards group it: what was granted, else what was asked; a
 * replacement is goods sent instead of money, so it counts as an exchange; keeping the item and
 * anything else is "other". */
export const reportedResolution = resolutionCase((r) => sql.lit(r)) as RawBuilder<Reported>;

/** The same as its place in RESOLUTIONS_REPORTED (1-based): an integer compares faster than text. */
const reportedResolutionNumber = resolutionCase((r) => sql.lit(RESOLUTIONS_REPORTED.indexOf(r) + 1));

interface Row {
  res: Reported | null;
  b: string | null;
  units: number;
  value: number;
  refunded: number;
  credit: number;
  spent: number;
  exchange: number;
  bonus: number;
}

/**
 * Refund, store credit or exchange, over the counted return lines requested in the period
 * (analytics_counted_lines): returns, units and value per resolution, the money refunded and credit
 * issued, and the revenue retained (goods sent as exchanges + credit the shopper spent), with the
 * bonus given to choose credit or an exchange. Two statements, run side by side on the pool's
 * connections (one pass over the lines each; in turn on the embedded database):
 * - sums grouped by the raw resolutions and day in parallel (a few thousand groups of short text and
 *   a date), then folded three ways (per resolution, per bucket and resolution, in all) on that small
 *   result, so the resolution and bucket expressions are computed per group, not per line;
 * - returns per resolution, as distinct return keys: one distinct count per resolution, each over
 *   its lines only, so the keys are sorted once as bare integers (grouping by resolution first
 *   sorted every line's row and then its keys again; hashing (resolution, key) pairs, of which there
 *   are almost as many as lines, costs more still, and no parallel partial grouping pays). The
 *   resolution is numbered once per line in a subquery kept apart (offset 0), not once per count.
 *   It runs on one core while the sums run on the other, instead of after them.
 */
export async function resolutionsReport(ctx: AppContext, f: AnalyticsFilters): Promise<ResolutionsReport> {
  const scope = await factScope(ctx, f);
  const lines = sql`from analytics_counted_lines l where ${countedLineConditions(scope, 'requested', 'l')}`;
  const [summed, counted] = await Promise.all([
    sql<Row>`select res, b, sum(units) as units, sum(value) as value, sum(refunded) as refunded, sum(credit) as credit,
        sum(spent) as spent, sum(exchange) as exchange, sum(bonus) as bonus
      from (select ${reportedResolution} as res, ${bucketExpr(sql.ref('l.requested_day'), scope.interval)} as b, l.*
        from (select l.granted_resolution, l.requested_resolution, l.requested_day, sum(l.quantity) as units,
            sum(l.value_amount) as value, sum(l.refund_amount) as refunded, sum(l.credit_amount) as credit,
            sum(l.credit_spent_amount) as spent, sum(l.exchange_amount) as exchange, sum(l.bonus_amount) as bonus
          ${lines} group by 1, 2, 3) l) x
      group by grouping sets ((res), (b, res), ())`.execute(scope.db),
    sql<Record<string, number>>`select ${sql.join(
      RESOLUTIONS_REPORTED.map(
        (_, i) => sql`count(distinct x.k) filter (where x.i = ${sql.lit(i + 1)}) as ${sql.ref(`r${i + 1}`)}`,
      ),
    )}
      from (select ${reportedResolutionNumber} as i, l.return_key as k ${lines} offset 0) x`.execute(scope.db),
  ]);
  const rows = summed.rows;
  const total = rows.find((r) => r.res === null && r.b === null);
  const perResolution = new Map(rows.filter((r) => r.res !== null && r.b === null).map((r) => [r.res, r]));
  const returnsOf = new Map(RESOLUTIONS_REPORTED.map((r, i) => [r, counted.rows[0]?.[`r${i + 1}`]]));
  const totalUnits = n(total?.units);
  const creditSpent = n(total?.spent);
  const exchangeValue = n(total?.exchange);
  const trend = new Map<string, ResolutionsReport['trend'][number]>();
  for (const period of bucketsOf(f.from, f.to, scope.interval))
    trend.set(period, { period, refund: 0, store_credit: 0, exchange: 0 });
  for (const r of rows) {
    const bucket = r.b === null ? undefined : trend.get(r.b);
    if (bucket && (r.res === 'refund' || r.res === 'store_credit' || r.res === 'exchange')) bucket[r.res] = n(r.units);
  }
  return {
    currency: f.currency,
    interval: scope.interval,
    byResolution: RESOLUTIONS_REPORTED.map((resolution) => {
      const r = perResolution.get(resolution);
      return {
        resolution,
        returns: n(returnsOf.get(resolution)),
        units: n(r?.units),
        value: n(r?.value),
        share: shareOf(n(r?.units), totalUnits) ?? 0,
      };
    }),
    refunded: n(total?.refunded),
    creditIssued: n(total?.credit),
    creditSpent,
    exchangeValue,
    revenueRetained: exchangeValue + creditSpent,
    retainedShare: shareOf(exchangeValue + creditSpent, n(total?.value)),
    bonusCost: n(total?.bonus),
    trend: [...trend.values()],
  };
}
