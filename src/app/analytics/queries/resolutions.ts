import { sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import type { AppContext } from '../../kernel/context.js';
import { type AnalyticsFilters, RESOLUTIONS_REPORTED, type ResolutionsReport } from '../analyticsTypes.js';
import { bucketExpr, factScope, numberOf as n, returnLineConditions, shareOf } from '../factFilters.js';

type Reported = (typeof RESOLUTIONS_REPORTED)[number];

/** How a line was resolved, as the dashboards group it: what was granted, else what was asked; a
 * replacement is goods sent instead of money, so it counts as an exchange; keeping the item and
 * anything else is "other". */
export const reportedResolution = sql<Reported>`case coalesce(l.granted_resolution, l.requested_resolution)
    when 'refund' then 'refund' when 'store_credit' then 'store_credit' when 'exchange' then 'exchange'
    when 'replacement' then 'exchange' when 'repair' then 'repair' else 'other' end`;

interface Row {
  res: Reported | null;
  b: string | null;
  returns: number;
  units: number;
  value: number;
  refunded: number;
  credit: number;
  spent: number;
  exchange: number;
  bonus: number;
}

/**
 * Refund, store credit or exchange, over the counted return lines requested in the period: returns,
 * units and value per resolution, the money refunded and credit issued, and the revenue retained
 * (goods sent as exchanges + credit the shopper spent), with the bonus given to choose credit or an
 * exchange. One statement: sums grouped three ways (per resolution, per bucket and resolution, in
 * all), and returns per resolution.
 */
export async function resolutionsReport(ctx: AppContext, f: AnalyticsFilters): Promise<ResolutionsReport> {
  const scope = await factScope(ctx, f);
  const lines = sql`from analytics_return_lines l where ${returnLineConditions(scope, 'requested', 'l')} and l.counted`;
  // Sums are hashed three ways in one pass; returns are counted apart (a distinct count would sort
  // every line for each grouping), marked by b = '*'.
  const { rows } = await sql<Row>`select res, b, null::int as returns, sum(quantity) as units,
      sum(value_amount) as value, sum(refund_amount) as refunded, sum(credit_amount) as credit,
      sum(credit_spent_amount) as spent, sum(exchange_amount) as exchange, sum(bonus_amount) as bonus
    from (select ${reportedResolution} as res, ${bucketExpr(sql.ref('l.requested_day'), scope.interval)} as b, l.quantity,
        l.value_amount, l.refund_amount, l.credit_amount, l.credit_spent_amount, l.exchange_amount, l.bonus_amount ${lines}) x
    group by grouping sets ((res), (b, res), ())
    union all
    select res, '*', count(*)::int, null, null, null, null, null, null, null
    from (select distinct ${reportedResolution} as res, l.return_id ${lines}) d group by res`.execute(scope.db);
  const total = rows.find((r) => r.res === null && r.b === null);
  const perResolution = new Map(rows.filter((r) => r.res !== null && r.b === null).map((r) => [r.res, r]));
  const returnsOf = new Map(rows.filter((r) => r.b === '*').map((r) => [r.res, r.returns]));
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
