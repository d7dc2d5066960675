import { type RawBuilder, sql } from 'kysely';
import {
  COMMENT_LOWER,
  COMMENT_STOP_WORDS,
  COMMENT_UPPER,
  COMMENT_WORD_SEPARATOR,
} from '../../../domain/analytics/commentWords.js';
import { GOODS_OUT_OR_DUE_STATUSES } from '../../../domain/exchangeOrderLifecycle.js';
import { SCANNED_STATES } from '../../../domain/tracking.js';

/** Which returns a statement covers: a list of ids, or a range of ids (a rebuild's chunk). */
export type ReturnScope = { ids: readonly string[] } | { from: string; to: string | null };

/** The scope as a condition on a column holding a return id. */
export function inScope(column: string, scope: ReturnScope): RawBuilder<boolean> {
  const col = sql.ref(column);
  if ('ids' in scope) return sql<boolean>`${col} = any(${[...scope.ids]}::text[])`;
  return scope.to === null
    ? sql<boolean>`${col} >= ${scope.from}`
    : sql<boolean>`${col} >= ${scope.from} and ${col} < ${scope.to}`;
}

/** The words of a comment column, by the rule of src/domain/analytics/commentWords.ts. */
export function commentWordsSql(column: RawBuilder<string | null>): RawBuilder<string[]> {
  // Most lines have no comment: they skip the split.
  return sql<string[]>`case when ${column} is null then '{}'::text[] else array(
    select w from regexp_split_to_table(translate(${column}, ${COMMENT_UPPER}, ${COMMENT_LOWER}), ${COMMENT_WORD_SEPARATOR})
      with ordinality as t(w, n)
    where char_length(w) >= 3 and w <> all(${[...COMMENT_STOP_WORDS]}::text[])
    group by w order by min(n)) end`;
}

/** Columns written, in the order the select gives them. */
const COLUMNS = [
  'return_line_id',
  'return_id',
  'return_number',
  'order_id',
  'order_line_id',
  'customer_id',
  'channel_id',
  'country',
  'segment',
  'currency',
  'sku',
  'variant_id',
  'product_id',
  'category_id',
  'warehouse_id',
  'ordered_at',
  'ordered_day',
  'delivered_at',
  'requested_at',
  'requested_day',
  'withdrawal_at',
  'approved_at',
  'first_scan_at',
  'received_at',
  'inspected_at',
  'refunded_at',
  'status',
  'acceptance',
  'counted',
  'quantity',
  'value_amount',
  'reason_id',
  'reason_code',
  'controllable',
  'comment',
  'comment_words',
  'requested_resolution',
  'granted_resolution',
  'keep_item',
  'grade',
  'disposition',
  'recovered_amount',
  'refund_amount',
  'credit_amount',
  'credit_spent_amount',
  'exchange_amount',
  'bonus_amount',
  'label_cost_amount',
  'fee_amount',
  'inspection_seconds',
  'repurchased_at',
] as const;

/** Settlement kinds that pay a line's money back (an exchange settles with goods, a paid
 * difference going back only returns the shopper's own extra payment). */
export const MONEY_KINDS = ['refund', 'store_credit', 'partial_refund', 'goodwill', 'exchange_surplus'];
/** The kinds whose success is the line's refund moment (the 14-day clock): a partial refund moves
 * no line, so it starts and ends no clock. */
const REFUND_MOMENT_KINDS = ['refund', 'store_credit'];
/** Longest gap between a line's receipt and its inspection by the same person that is taken as
 * inspection time (see docs/analytics.md). */
const INSPECTION_WINDOW_SECONDS = 30 * 60;

/** The moments of each line in scope: approval, receipt and inspection from the return's events.
 * (The return's own approval and first scan, of a parcel or the store's take-back, come with the
 * scope: see upsertReturnFactsSql.) */
function momentCtes(scope: ReturnScope) {
  return sql`
ev as (
  select e.return_id, e.type, e.data, e.occurred_at, e.actor_id from events e
  where ${inScope('e.return_id', scope)}
    and e.type in ('return.approved', 'return.lines_decided', 'return.lines_received', 'return.lines_inspected')
),
line_events as (
  select d->>'returnLineId' as line_id, 'approved' as kind, ev.occurred_at, ev.actor_id
    from ev cross join lateral jsonb_array_elements(ev.data->'decisions') d
    where ev.type = 'return.lines_decided' and d->>'decision' = 'approve'
  union all
  select d->>'returnLineId', 'received', ev.occurred_at, ev.actor_id
    from ev cross join lateral jsonb_array_elements(ev.data->'receipts') d
    where ev.type = 'return.lines_received' and coalesce((d->>'quantity')::integer, 1) > 0
  union all
  select d->>'returnLineId', 'inspected', ev.occurred_at, ev.actor_id
    from ev cross join lateral jsonb_array_elements(ev.data->'inspections') d
    where ev.type = 'return.lines_inspected'
),
moments as (
  select line_id,
    min(occurred_at) filter (where kind = 'approved') as approved_at,
    min(occurred_at) filter (where kind = 'received') as received_at,
    (array_agg(actor_id order by occurred_at) filter (where kind = 'received'))[1] as received_by,
    min(occurred_at) filter (where kind = 'inspected') as inspected_at,
    (array_agg(actor_id order by occurred_at) filter (where kind = 'inspected'))[1] as inspected_by
  from line_events group by line_id
),
`;
}

/** The money of each line in scope: settlements that succeeded, the fees and bonus their
 * breakdowns kept, exchange orders, and the return's label costs. */
function moneyCtes(scope: ReturnScope) {
  return sql`
line_values as (
  -- Each line's value, and its weight when a sum of the whole return is shared over its lines.
  select v.*, case when sum(v.value) over (partition by v.return_id) > 0 then v.value else 1 end as weight
  from (
    select l.id as line_id, l.return_id,
      case when ol.quantity > 0 then round(ol.paid_amount::numeric * l.quantity / ol.quantity)::bigint else 0 end as value
    from return_lines l join order_lines ol on ol.id = l.order_line_id
    where ${inScope('l.return_id', scope)}
  ) v
),
stl_all as (
  -- A staff-recorded settlement is stored as succeeded without a success time: its creation is it.
  select st.id, st.return_id, st.kind, st.provider, coalesce(st.succeeded_at, st.created_at) as succeeded_at, st.amount,
    jsonb_typeof(st.lines) = 'array' and jsonb_array_length(st.lines) > 0 as lined, st.lines
  from settlements st
  where ${inScope('st.return_id', scope)} and st.status = 'succeeded'
),
stl as (
  select st.id, st.kind, st.provider, st.succeeded_at, x->>'returnLineId' as line_id,
    coalesce((x->>'amount')::bigint, 0) as amount
  from stl_all st cross join lateral jsonb_array_elements(st.lines) x
  where st.lined
  union all
  -- A settlement naming no line (goodwill, an exchange's surplus) is shared over the return's lines
  -- by value, exactly: each line takes what its running total of value reaches.
  select id, kind, provider, succeeded_at, line_id,
    (floor(amount::numeric * upto / total) - floor(amount::numeric * (upto - weight) / total))::bigint
  from (
    select st.id, st.kind, st.provider, st.succeeded_at, st.amount, lv.line_id, lv.weight,
      sum(lv.weight) over (partition by st.id order by lv.line_id) as upto,
      sum(lv.weight) over (partition by st.id) as total
    from stl_all st join line_values lv on lv.return_id = st.return_id
    where not st.lined
  ) u
),
money as (
  -- Store credit is what the ledger issued or what staff recorded as store credit.
  select line_id,
    coalesce(sum(amount) filter (where provider <> 'ledger' and kind <> 'store_credit'
      and kind = any(${MONEY_KINDS}::text[])), 0) as refund_amount,
    coalesce(sum(amount) filter (where (provider = 'ledger' or kind = 'store_credit')
      and kind = any(${MONEY_KINDS}::text[])), 0) as credit_amount,
    min(succeeded_at) filter (where kind = any(${REFUND_MOMENT_KINDS}::text[])) as refunded_at
  from stl group by line_id
),
kept as (
  select b->>'returnLineId' as line_id,
    sum(coalesce((b->>'restockingFee')::bigint, 0) + coalesce((b->>'diminishedValue')::bigint, 0)
      + coalesce((b->>'shippingFeeShare')::bigint, 0)) as fee_amount,
    coalesce(sum((b->>'bonus')::bigint) filter (where st.provider = 'ledger'), 0) as credit_bonus
  from settlements st cross join lateral jsonb_array_elements(st.breakdown->'lines') b
  where ${inScope('st.return_id', scope)} and st.status = 'succeeded' and st.kind in ('refund', 'store_credit')
    and jsonb_typeof(st.breakdown->'lines') = 'array'
  group by 1
),
exch as (
  select eol.return_line_id as line_id, sum(eol.unit_price * eol.quantity) as exchange_amount, sum(eol.bonus) as bonus
  from exchange_orders eo join exchange_order_lines eol on eol.exchange_order_id = eo.id
  where ${inScope('eo.return_id', scope)} and eo.status = any(${[...GOODS_OUT_OR_DUE_STATUSES]}::text[])
  group by 1
),
labels as (
  -- Only labels paid in the return's currency: a figure holds one currency.
  select sh.return_id, sum(sh.cost_amount) as cost
  from shipments sh join scope s on s.id = sh.return_id
  where ${inScope('sh.return_id', scope)} and sh.status = 'booked' and sh.cost_amount is not null
    and sh.cost_currency = s.currency
  group by 1
),`;
}

/** Of the store credit issued for the lines in scope, what the shopper spent: each account's
 * redemptions (less those reversed) are taken from its credit first issued, first spent, each lot
 * counted net of what expired or was reversed of it. */
function creditCtes(scope: ReturnScope) {
  return sql`
accounts as (
  select distinct e.account_id from store_credit_entries e
  where ${inScope('e.return_id', scope)} and e.kind = 'issue'
),
spent as (
  select e.account_id,
    -coalesce(sum(e.amount) filter (where e.kind = 'redeem'), 0)
    - coalesce(sum(e.amount) filter (where e.kind = 'reverse' and rv.kind = 'redeem'), 0) as amount
  from store_credit_entries e
  left join store_credit_entries rv on rv.id = e.reverses_id
  where e.account_id in (select account_id from accounts)
  group by 1
),
issues as (
  select q.id, q.settlement_id, q.amount,
    greatest(0, least(q.net, coalesce(sp.amount, 0) - q.before)) as spent
  from (
    select n.id, n.account_id, n.kind, n.issued as amount, n.amount as net, n.settlement_id,
      sum(n.amount) over (partition by n.account_id order by n.created_at, n.id) - n.amount as before
    from (
      select e.id, e.account_id, e.kind, e.amount as issued, e.settlement_id, e.created_at,
        greatest(0, e.amount + coalesce((select sum(u.amount) from store_credit_entries u
          where u.reverses_id = e.id and u.kind in ('expire', 'reverse')), 0)) as amount
      from store_credit_entries e
      where e.account_id in (select account_id from accounts) and e.kind in ('issue', 'bonus', 'adjust') and e.amount > 0
    ) n
  ) q
  left join spent sp on sp.account_id = q.account_id
  where q.kind = 'issue'
),
credit_spent as (
  select stl.line_id, sum(round(i.spent::numeric * stl.amount / nullif(i.amount, 0)))::bigint as amount
  from issues i join stl on stl.id = i.settlement_id
  group by 1
),`;
}

/** Each line in scope with its dimensions and what the CTEs above found for it. */
function linesCte(scope: ReturnScope, timeZone: string) {
  return sql`
lines as (
  select l.id as return_line_id, l.return_id, s.number as return_number, s.order_id, l.order_line_id, s.customer_id,
    o.channel_id, o.shipping_country as country, coalesce(c.segment, '') as segment, s.currency, ol.sku,
    ol.variant_id, v.product_id, p.category_id, coalesce(s.destination_warehouse_id, s.store_id) as warehouse_id,
    o.placed_at as ordered_at, (o.placed_at at time zone ${timeZone})::date as ordered_day, ol.delivered_at,
    s.created_at as requested_at, (s.created_at at time zone ${timeZone})::date as requested_day,
    s.withdrawal_declared_at as withdrawal_at,
    case when l.acceptance = 'approved' then least(m.approved_at, s.approved_at) end as approved_at,
    s.first_scan_at, m.received_at, m.inspected_at, mo.refunded_at,
    s.status, l.acceptance,
    (s.status not in ('rejected', 'cancelled', 'expired') and l.acceptance <> 'rejected') as counted,
    l.quantity,
    case when ol.quantity > 0 then round(ol.paid_amount::numeric * l.quantity / ol.quantity)::bigint else 0 end as value_amount,
    l.reason_id, rs.code as reason_code, rs.controllable, l.comment, ${commentWordsSql(sql`l.comment`)} as comment_words,
    l.requested_resolution, l.granted_resolution, l.reception = 'not_required' as keep_item, l.grade, l.disposition,
    coalesce(l.recovered_value, 0) as recovered_amount,
    coalesce(mo.refund_amount, 0) as refund_amount, coalesce(mo.credit_amount, 0) as credit_amount,
    coalesce(cs.amount, 0) as credit_spent_amount, coalesce(x.exchange_amount, 0) as exchange_amount,
    coalesce(k.credit_bonus, 0) + coalesce(x.bonus, 0) as bonus_amount,
    coalesce(lb.cost, 0) as label_cost, coalesce(k.fee_amount, 0) as fee_amount,
    case when m.received_by = m.inspected_by
      and m.inspected_at >= m.received_at
      and m.inspected_at - m.received_at <= make_interval(secs => ${INSPECTION_WINDOW_SECONDS})
      then extract(epoch from m.inspected_at - m.received_at)::integer end as inspection_seconds,
    (select min(o2.placed_at) from orders o2
      where o2.customer_id = s.customer_id and o2.placed_at > s.created_at and o2.cancelled_at is null) as repurchased_at
  from scope s
  join return_lines l on l.return_id = s.id and ${inScope('l.return_id', scope)}
  join orders o on o.id = s.order_id
  join order_lines ol on ol.id = l.order_line_id
  left join customers c on c.id = s.customer_id
  left join variants v on v.id = ol.variant_id
  left join products p on p.id = v.product_id
  left join reasons rs on rs.id = l.reason_id
  left join moments m on m.line_id = l.id
  left join money mo on mo.line_id = l.id
  left join kept k on k.line_id = l.id
  left join exch x on x.line_id = l.id
  left join labels lb on lb.return_id = s.id
  left join credit_spent cs on cs.line_id = l.id
),`;
}

/**
 * One statement that upserts the fact rows of the returns in scope from the live tables (see
 * docs/analytics.md, "How the figures stay current", for each column's rule).
 */
export function upsertReturnFactsSql(scope: ReturnScope, timeZone: string): RawBuilder<unknown> {
  const cols = sql.join(COLUMNS.map((c) => sql.ref(c)));
  const updates = sql.join(COLUMNS.filter((c) => c !== 'return_line_id').map((c) => sql`${sql.ref(c)} = excluded.${sql.ref(c)}`));
  return sql`
with scope as (
  -- With each return's own moments read by key here, once per return: joined to the lines as
  -- grouped rows, a plan that guessed one row for the lines (the events' estimate) compared every
  -- line with every return — a refresh of 200 returns spent 100 ms on it.
  select r.*,
    (select min(e.occurred_at) from events e where e.return_id = r.id and e.type = 'return.approved') as approved_at,
    least(
      (select min(te.occurred_at) from tracking_events te
        where te.return_id = r.id and te.state = any(${SCANNED_STATES}::text[])),
      (select min(cr.created_at) from counter_returns cr where cr.return_id = r.id)
    ) as first_scan_at
  from returns r where ${inScope('r.id', scope)}
),
${momentCtes(scope)}
${moneyCtes(scope)}
${creditCtes(scope)}
${linesCte(scope, timeZone)}
shared as (
  -- The label cost split by value over the counted lines, exactly: each line takes the part of the
  -- cost its running total of value reaches, so the shares add up to the cost. A rejected line takes
  -- none; counted lines worth nothing share it equally, and all lines do when none is counted.
  select lines.*,
    sum(weight) over (partition by return_id order by return_line_id) as upto,
    sum(weight) over (partition by return_id) as total
  from (select lines.*, case
          when sum(value_amount) filter (where counted) over (partition by return_id) > 0
            then case when counted then value_amount else 0 end
          when bool_or(counted) over (partition by return_id) then case when counted then 1 else 0 end
          else 1 end as weight
        from lines) lines
)
insert into analytics_return_lines (${cols}, updated_at)
select ${sql.join(
    COLUMNS.map((c) =>
      c === 'label_cost_amount'
        ? sql`(floor(label_cost::numeric * upto / total) - floor(label_cost::numeric * (upto - weight) / total))::bigint`
        : sql.ref(c),
    ),
  )}, now()
from shared
on conflict (return_line_id) do update set ${updates}, updated_at = now()`;
}
