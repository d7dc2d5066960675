import { type RawBuilder, sql } from 'kysely';
import { addDays, dayDate, dayOfDate } from '../../../domain/calendar.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, RoiReport } from '../analyticsTypes.js';
import { type FactScope, factScope, numberOf as n } from '../factFilters.js';
import { countedLineConditions } from '../narrowFacts.js';
import { handlingCostOf, handlingRateSql } from './costs.js';

/** A part of the period's figures: every one a sum over its returns or lines. */
interface Part {
  rate: number;
  exchanges: number;
  spent: number;
  label: number;
  seconds: number;
  bonus: number;
  fees: number;
  sent_label: number;
  sent_seconds: number;
  returns: number;
  sent_returns: number;
  labelled_returns: number;
  store_returns: number;
  rate_saving: number;
}

/** Of a return's routing, the quote of the service it names (the first configured one, or the one
 * booked) when it was quoted in the report's currency. */
const quoteOf = (candidate: RawBuilder<unknown>, currency: string) =>
  sql`case when ${candidate} ->> 'currency' = ${currency} then (${candidate} ->> 'amount')::numeric end`;

/** Below this many days a period is read in one statement: a second one would cost more than it saves. */
const SPLIT_FROM_DAYS = 28;

/** The period as one run of days, or two when long enough, the second starting halfway. */
function partsOf(from: string, to: string): [string, string][] {
  const days = dayOfDate(to) - dayOfDate(from) + 1;
  if (days < SPLIT_FROM_DAYS) return [[from, to]];
  const mid = dayDate(dayOfDate(from) + Math.floor(days / 2));
  return [
    [from, addDays(mid, -1)],
    [mid, to],
  ];
}

/**
 * The figures of the counted lines requested in `from`..`to`, a part of the period.
 *
 * One read of analytics_counted_lines by its (currency, requested_day) index, which touches only
 * the part's pages, into one aggregate with no grouping: the lines' sums, and returns counted as
 * distinct integer keys (a sort of ints per count, no table of groups), all of them, those with a
 * line sent back, those with a label. A line's label is its share of its return's label, all shares
 * of one sign, so a return has a positive label sum exactly when one of its lines has a positive label.
 *
 * The returns brought to a store or routed to the cheapest quote are read from `returns` by the
 * partial index on their creation and given their key by the dictionary; a line then asks whether its
 * return is one of them in a hashed set (never a join or a group on text ids). The cheapest quotes'
 * savings are added up for the distinct returns sent back, whose keys are gathered in an array.
 */
async function partOf(scope: FactScope, from: string, to: string): Promise<Part> {
  const currency = scope.filters.currency;
  const inPart = countedLineConditions({ ...scope, filters: { ...scope.filters, from, to } }, 'requested', 'l');
  const first = sql`(r.routing -> 'candidates' -> 0)`;
  const booked = sql`(select c from jsonb_array_elements(r.routing -> 'candidates') c where (c ->> 'chosen')::boolean limit 1)`;
  // A fact's request is its return's creation, a day in the shop's time zone: two days either side
  // of the part hold every return of its lines whatever the session's time zone, and the few more
  // match no line. A key is looked up per return by the dictionary's index (a join could be planned
  // as a scan of the whole dictionary); `routed`, read three times, is computed once.
  const { rows } = await sql<Part>`with routed as (
      select (select k.id from analytics_keys k where k.value = r.id) as return_key, r.method,
        case when r.routing ->> 'serviceChoice' = 'cheapest'
          then greatest(0, ${quoteOf(first, currency)} - ${quoteOf(booked, currency)}) end as saving
      from returns r
      where (r.method = 'store' or r.routing ->> 'serviceChoice' = 'cheapest')
        and r.created_at >= ${from}::date - 2 and r.created_at < ${to}::date + 3
    ), a as (
      select sum(l.exchange_amount) as exchanges, sum(l.credit_spent_amount) as spent, sum(l.label_cost_amount) as label,
        sum(l.inspection_seconds) as seconds, sum(l.bonus_amount) as bonus, sum(l.fee_amount) as fees,
        sum(l.label_cost_amount) filter (where not l.keep_item) as sent_label,
        sum(l.inspection_seconds) filter (where not l.keep_item) as sent_seconds,
        count(distinct l.return_key)::int as returns,
        count(distinct l.return_key) filter (where not l.keep_item)::int as sent_returns,
        count(distinct l.return_key) filter (where l.label_cost_amount > 0)::int as labelled_returns,
        count(distinct l.return_key) filter (where not l.keep_item and l.to_store)::int as store_returns,
        array_agg(distinct l.return_key) filter (where not l.keep_item and l.saved) as saved
      from (
        select l.return_key, l.keep_item, l.exchange_amount, l.credit_spent_amount, l.label_cost_amount,
          l.inspection_seconds, l.bonus_amount, l.fee_amount,
          l.return_key in (select return_key from routed where method = 'store') as to_store,
          l.return_key in (select return_key from routed where method is distinct from 'store' and saving > 0) as saved
        from analytics_counted_lines l where ${inPart}
      ) l
    )
    select ${handlingRateSql} as rate, a.exchanges, a.spent, a.label, a.seconds, a.bonus, a.fees, a.sent_label,
      a.sent_seconds, a.returns, a.sent_returns, a.labelled_returns, a.store_returns,
      (select sum(r.saving) from routed r join unnest(a.saved) s(key) on s.key = r.return_key
        where r.method is distinct from 'store') as rate_saving
    from a`.execute(scope.db);
  return rows[0] as Part;
}

/** The parts' figures added up (the handling rate is the shop's, the same in every part). */
function sumOf(parts: Part[]): Part {
  const total = (pick: (p: Part) => unknown) => parts.reduce((sum, p) => sum + n(pick(p)), 0);
  return {
    rate: n(parts[0]?.rate),
    exchanges: total((p) => p.exchanges),
    spent: total((p) => p.spent),
    label: total((p) => p.label),
    seconds: total((p) => p.seconds),
    bonus: total((p) => p.bonus),
    fees: total((p) => p.fees),
    sent_label: total((p) => p.sent_label),
    sent_seconds: total((p) => p.sent_seconds),
    returns: total((p) => p.returns),
    sent_returns: total((p) => p.sent_returns),
    labelled_returns: total((p) => p.labelled_returns),
    store_returns: total((p) => p.store_returns),
    rate_saving: total((p) => p.rate_saving),
  };
}

/**
 * The returns programme's return on its cost, over the counted return lines requested in the
 * period (rules in docs/analytics.md, "ROI of the returns programme"): revenue kept by exchanges
 * and spent credit; costs saved by keep-the-item (an average returned parcel's labels and handling
 * per return kept) and by routing (the cheaper quote booked against the first configured service's,
 * and the average label of a return brought to a store); against labels, handling and bonuses less
 * fees charged. A return's routing is read from the return itself.
 *
 * Every figure read is a sum over lines or returns, and all lines of a return share its request
 * day: a long period is read as two halves at once, on two connections, and their figures added.
 * Each half's statement runs in one process, so two keep two processors busy.
 */
export async function roiReport(ctx: AppContext, f: AnalyticsFilters): Promise<RoiReport> {
  const scope = await factScope(ctx, f);
  const row = sumOf(await Promise.all(partsOf(f.from, f.to).map(([from, to]) => partOf(scope, from, to))));
  const rate = row.rate;
  const exchanges = row.exchanges;
  const creditSpent = row.spent;
  const keptReturns = row.returns - row.sent_returns;
  // An average returned parcel: labels and handling of the lines sent back, per return with one.
  const keepItem =
    row.sent_returns === 0
      ? 0
      : Math.round((keptReturns * (row.sent_label + handlingCostOf(row.sent_seconds, rate))) / row.sent_returns);
  const storeSaving = row.labelled_returns === 0 ? 0 : Math.round((row.store_returns * row.label) / row.labelled_returns);
  const routing = Math.round(row.rate_saving) + storeSaving;
  const costOfReturns = row.label + handlingCostOf(row.seconds, rate) + row.bonus - row.fees;
  const kept = exchanges + creditSpent;
  return {
    currency: f.currency,
    revenueKept: { exchanges, creditSpent, total: kept },
    costsSaved: { keepItem, routing, total: keepItem + routing },
    costOfReturns,
    roi: costOfReturns <= 0 ? null : (kept + keepItem + routing) / costOfReturns,
  };
}
