import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, RoiReport } from '../analyticsTypes.js';
import { factScope, numberOf as n, returnLineConditions } from '../factFilters.js';
import { handlingCostOf, handlingRateSql } from './costs.js';

interface Row {
  rate: number;
  exchanges: number | null;
  spent: number | null;
  label: number | null;
  seconds: number | null;
  bonus: number | null;
  fees: number | null;
  kept_returns: number;
  sent_returns: number;
  sent_label: number | null;
  sent_seconds: number | null;
  labelled_returns: number;
  store_returns: number;
  rate_saving: number | null;
}

/** Of a return's routing, the quote of the service it names (the first configured one, or the one
 * booked) when it was quoted in the report's currency. */
const quoteOf = (candidate: RawBuilder<unknown>, currency: string) =>
  sql`case when ${candidate} ->> 'currency' = ${currency} then (${candidate} ->> 'amount')::numeric end`;

/**
 * The returns programme's return on its cost, over the counted return lines requested in the
 * period (rules in docs/analytics.md, "ROI of the returns programme"): revenue kept by exchanges
 * and spent credit; costs saved by keep-the-item (an average returned parcel's labels and handling
 * per return kept) and by routing (the cheaper quote booked against the first configured service's,
 * and the average label of a return brought to a store); against labels, handling and bonuses less
 * fees charged. One statement; a return's routing is read from the return itself.
 */
export async function roiReport(ctx: AppContext, f: AnalyticsFilters): Promise<RoiReport> {
  const scope = await factScope(ctx, f);
  const first = sql`(r.routing -> 'candidates' -> 0)`;
  const booked = sql`(select c from jsonb_array_elements(r.routing -> 'candidates') c where (c ->> 'chosen')::boolean limit 1)`;
  const { rows } = await sql<Row>`with l as (
      select l.return_id, l.requested_at, l.keep_item, l.label_cost_amount, l.inspection_seconds, l.exchange_amount, l.credit_spent_amount,
        l.bonus_amount, l.fee_amount
      from analytics_return_lines l
      where ${returnLineConditions(scope, 'requested', 'l')} and l.counted
    ), per_return as (
      select return_id, bool_and(keep_item) as kept_all, sum(label_cost_amount) as label,
        sum(label_cost_amount) filter (where not keep_item) as sent_label,
        sum(inspection_seconds) filter (where not keep_item) as sent_seconds
      from l group by return_id
    ), routed as (
      select r.method, case when r.routing ->> 'serviceChoice' = 'cheapest'
          then greatest(0, ${quoteOf(first, f.currency)} - ${quoteOf(booked, f.currency)}) end as saving
      from per_return p join returns r on r.id = p.return_id
      where not p.kept_all and (r.method = 'store' or r.routing ->> 'serviceChoice' = 'cheapest')
        -- A fact's request is its return's creation: the returns of the period are read by that
        -- index in one range instead of one look-up per return.
        and r.created_at between (select min(requested_at) from l) and (select max(requested_at) from l)
    )
    select ${handlingRateSql} as rate, t.*, p.*,
      (select count(*)::int from routed where method = 'store') as store_returns,
      (select sum(saving) from routed where method is distinct from 'store') as rate_saving
    from (select sum(exchange_amount) as exchanges, sum(credit_spent_amount) as spent, sum(label_cost_amount) as label,
        sum(inspection_seconds) as seconds, sum(bonus_amount) as bonus, sum(fee_amount) as fees from l) t,
      (select count(*) filter (where kept_all)::int as kept_returns, count(*) filter (where not kept_all)::int as sent_returns,
        sum(sent_label) as sent_label, sum(sent_seconds) as sent_seconds,
        count(*) filter (where label > 0)::int as labelled_returns from per_return) p`.execute(scope.db);
  const row = rows[0] as Row;
  const rate = n(row.rate);
  const exchanges = n(row.exchanges);
  const creditSpent = n(row.spent);
  // An average returned parcel: labels and handling of the lines sent back, per return with one.
  const keepItem =
    row.sent_returns === 0
      ? 0
      : Math.round((row.kept_returns * (n(row.sent_label) + handlingCostOf(n(row.sent_seconds), rate))) / row.sent_returns);
  const storeSaving = row.labelled_returns === 0 ? 0 : Math.round((row.store_returns * n(row.label)) / row.labelled_returns);
  const routing = Math.round(n(row.rate_saving)) + storeSaving;
  const costOfReturns = n(row.label) + handlingCostOf(n(row.seconds), rate) + n(row.bonus) - n(row.fees);
  const kept = exchanges + creditSpent;
  return {
    currency: f.currency,
    revenueKept: { exchanges, creditSpent, total: kept },
    costsSaved: { keepItem, routing, total: keepItem + routing },
    costOfReturns,
    roi: costOfReturns <= 0 ? null : (kept + keepItem + routing) / costOfReturns,
  };
}
