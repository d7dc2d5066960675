import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, RoiReport } from '../analyticsTypes.js';
import { factScope, numberOf as n } from '../factFilters.js';
import { countedLineConditions } from '../narrowFacts.js';
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
 *
 * Reads the narrow analytics_counted_lines: once for the period's line sums, once grouped per return
 * on its integer key. Returns are never grouped or joined on their text id: the few brought to a
 * store or routed to the cheapest quote in the period are read from `returns` and given their key
 * by the dictionary, then matched with the returns sent back.
 */
export async function roiReport(ctx: AppContext, f: AnalyticsFilters): Promise<RoiReport> {
  const scope = await factScope(ctx, f);
  const first = sql`(r.routing -> 'candidates' -> 0)`;
  const booked = sql`(select c from jsonb_array_elements(r.routing -> 'candidates') c where (c ->> 'chosen')::boolean limit 1)`;
  const inScope = countedLineConditions(scope, 'requested', 'l');
  // Two reads of the lines. The period's sums are line sums, those of the lines sent back too (a
  // plain scan PostgreSQL shares out between processes). Returns are grouped on their key for what
  // only a whole return tells: kept entirely, labelled at all; and those sent back are matched with
  // the few brought to a store or routed to the cheapest quote. A return's label sum is a float8:
  // exact for sums of whole cents below 2^53, and a state that needs no allocation per return.
  const { rows } = await sql<Row>`with t as (
      select sum(l.exchange_amount) as exchanges, sum(l.credit_spent_amount) as spent, sum(l.label_cost_amount) as label,
        sum(l.inspection_seconds) as seconds, sum(l.bonus_amount) as bonus, sum(l.fee_amount) as fees,
        sum(l.label_cost_amount) filter (where not l.keep_item) as sent_label,
        sum(l.inspection_seconds) filter (where not l.keep_item) as sent_seconds,
        min(l.requested_at) as first_at, max(l.requested_at) as last_at
      from analytics_counted_lines l where ${inScope}
    ), routed as (
      select k.id as return_key, r.method, case when r.routing ->> 'serviceChoice' = 'cheapest'
          then greatest(0, ${quoteOf(first, f.currency)} - ${quoteOf(booked, f.currency)}) end as saving
      from returns r join analytics_keys k on k.value = r.id
      where (r.method = 'store' or r.routing ->> 'serviceChoice' = 'cheapest')
        -- A fact's request is its return's creation: the returns of the period are read by that
        -- index in one range instead of one look-up per return.
        and r.created_at between (select first_at from t) and (select last_at from t)
    )
    select ${handlingRateSql} as rate, t.exchanges, t.spent, t.label, t.seconds, t.bonus, t.fees, t.sent_label,
      t.sent_seconds, p.*
    from t, (
      select count(*) filter (where p.kept_all)::int as kept_returns, count(*) filter (where not p.kept_all)::int as sent_returns,
        count(*) filter (where p.labelled)::int as labelled_returns,
        count(*) filter (where not p.kept_all and r.method = 'store')::int as store_returns,
        sum(r.saving) filter (where not p.kept_all and r.method is distinct from 'store') as rate_saving
      from (
        select l.return_key, bool_and(l.keep_item) as kept_all, sum(l.label_cost_amount::float8) > 0 as labelled
        from analytics_counted_lines l where ${inScope}
        group by l.return_key
      ) p left join routed r on r.return_key = p.return_key
    ) p`.execute(scope.db);
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
