import { REASON_WEIGHTS } from '../reasons.js';

import { idOf, RETURNER_SHARE, type ShopSql } from './salesSql.js';
import { draw, idAt, literal, pick } from './sqlRandom.js';

export { idOf };

/** What shoppers write beside a reason: a small vocabulary per reason, so the dashboards' most
 * frequent words per reason show something true ("runs small", "colour differs"). */
export const REASON_COMMENTS: Record<string, string[]> = {
  too_small: ['Runs small', 'Runs small, I need a size up', 'Too tight across the shoulders', 'Size runs small', 'Valt klein'],
  too_large: ['Runs large', 'Too wide around the waist', 'Sleeves too long', 'Too loose, size down', 'Valt groot'],
  defective: ['Stopped working after two days', 'Does not charge', 'Battery drains fast', 'Seam came loose', 'Zip broke'],
  damaged_in_transit: ['The box was crushed', 'Arrived scratched', 'Packaging torn, item dented'],
  not_as_described: [
    'Colour differs from the photos',
    'Colour differs, more orange than red',
    'Material feels cheaper than described',
    'Fabric thinner than expected',
  ],
  wrong_item: ['Wrong size sent', 'Received a different colour', 'Not the item I ordered'],
  changed_mind: ['Not quite my style', 'Ordered two sizes, kept one', 'No longer needed', 'Toch niet mijn stijl'],
  arrived_late: ['Arrived after the party', 'Took too long to arrive'],
  better_price: ['Found it cheaper elsewhere', 'Cheaper at another shop'],
};

/** One of the words of `texts` for a draw `u` in [0, 1). */
function oneOf(texts: string[], u: string): string {
  return `(array[${texts.map(literal).join(', ')}])[1 + floor(${u} * ${texts.length})::int]`;
}

/** When each step of a return happened (temp table `shop_returns`), one return per order with
 * returned lines, numbered by request time; and the status each has reached by `asOf`: most are
 * closed, the recent ones still on their way, a few rejected, cancelled, expired or lost. Refunds
 * take a day after inspection, but a few take weeks (the late ones of the 14-day rule). */
export function returnsStageSql(s: ShopSql): string[] {
  const u = (salt: number) => draw('r.i', salt, s.seed);
  const hours = (h: string) => `make_interval(secs => 3600 * (${h}))`;
  // Each layer adds the moments that follow from the one before.
  return [
    `create temp table shop_returns as
     select r.*, ${idAt('ret', 'r.requested_at', 'r.rn')} as id, 'R-' || (100000 + r.rn) as number, null::text as status,
       r.settled_at + ${hours(`24 + 144 * ${u(39)}`)} as closed_at
     from (
       select r.*, r.inspected_at + ${hours(`1 + 23 * ${u(36)} + case when ${u(37)} < 0.06 then 24 * (8 + 12 * ${u(38)}) else 0 end`)} as settled_at
       from (
         -- Most parcels are inspected by whoever unpacked them, minutes after: that is the
         -- inspection time the costs report prices; the rest wait hours for another person.
         select r.*, r.received_at + case when r.quick then ${hours(`(3 + 22 * ${u(40)}) / 60`)} else ${hours(`2 + 46 * ${u(35)}`)} end
             as inspected_at,
           'stf_warehouse_' || (1 + r.i % 5) as received_by,
           case when r.quick then 'stf_warehouse_' || (1 + r.i % 5) else 'stf_warehouse_' || (1 + (r.i + 1) % 5) end as inspected_by
         from (
           select r.*, r.scan_at + case when r.method = 'store' then interval '0' else ${hours(`24 + 48 * ${u(33)}`)} end as received_at,
             r.scan_at + ${hours(`24 * (8 + 7 * ${u(34)})`)} as lost_at
           from (
             select r.*,
               r.approved_at + case when r.method = 'store' then ${hours(`48 * ${u(30)}`)} else ${hours(`6 + 114 * ${u(30)}`)} end as scan_at,
               r.approved_at + ${hours(`1 + 95 * ${u(31)}`)} as cancelled_at,
               r.approved_at + ${hours(`14 * 24 + 1 + 9 * ${u(32)}`)} as expired_at
             from (
               select r.*, r.requested_at + case when r.reviewed then r.review else interval '0' end as approved_at,
                 case when r.method = 'label' and r.charged then 295 else 0 end as fee, ${u(41)} < 0.4 as credit_bonus,
                 r.requested_at + r.review as decided_at
               from (
                 select r.i, r.order_id, r.customer_id, r.country, r.segment, r.requested_at, r.rn,
                   case when r.channel = 'store-amsterdam' and ${u(20)} < 0.6 then 'store'
                     else ${pick(u(21), [
                       ["'label'", 45],
                       ["'qr'", 42],
                       ["'pickup'", 6],
                       ["'store'", 7],
                     ])} end as method,
                   ${pick(u(22), [
                     ["'portal'", 88],
                     ["'agent'", 12],
                   ])} as source,
                   ${pick(u(23), [
                     ["'rejected'", 3.5],
                     ["'cancelled'", 4],
                     ["'expired'", 4],
                     ["'lost'", 0.6],
                     ["'normal'", 87.9],
                   ])} as outcome,
                   ${u(24)} < 0.22 or ${u(23)} < 0.035 as reviewed,
                   ${hours(`2 + 38 * ${u(25)}`)} as review,
                   ${u(26)} < 0.2 as withdrawal,
                   ${u(27)} < 0.5 as charged,
                   ${u(28)} as u_store,
                   ${u(29)} < 0.6 as quick
                 from (
                   select o.i, o.id as order_id, o.customer_id, o.country, o.segment, o.channel,
                     min(l.requested_at) as requested_at, row_number() over (order by min(l.requested_at), o.i) as rn
                   from shop_lines l join shop_orders o on o.i = l.i
                   where l.returned
                   group by o.i, o.id, o.customer_id, o.country, o.segment, o.channel
                 ) r
               ) r
             ) r
           ) r
         ) r
       ) r
     ) r`,
    returnStatusSql(s),
    'alter table shop_returns add primary key (i)',
    'create unique index on shop_returns (rn)',
  ];
}

/** The status each return has reached by `asOf`. */
function returnStatusSql(s: ShopSql): string {
  const at = (t: string) => `${t} <= ${s.asOf}::timestamptz`;
  return `update shop_returns set status = case
      when outcome = 'rejected' then case when ${at('decided_at')} then 'rejected' else 'under_review' end
      when not ${at('approved_at')} then 'under_review'
      when outcome = 'cancelled' then case when ${at('cancelled_at')} then 'cancelled' else 'approved' end
      when outcome = 'expired' then case when ${at('expired_at')} then 'expired' else 'approved' end
      when not ${at('scan_at')} then 'approved'
      when outcome = 'lost' then case when ${at('lost_at')} then 'lost' else 'in_transit' end
      when not ${at('received_at')} then 'in_transit'
      when not ${at('inspected_at')} then 'received'
      when not ${at('settled_at')} then 'inspected'
      when not ${at('closed_at')} then 'resolved'
      else 'closed' end`;
}

const INSPECTED = `('inspected', 'resolved', 'closed')`;
const SETTLED = `('resolved', 'closed')`;

/** A grade that fits the reason (faulty goods come back worse), as the small demo grades. */
const GRADE = `case when y.status not in ${INSPECTED} then null when y.reception = 'wrong_item' then 'X'
  when y.reason_code in ('defective', 'damaged_in_transit') then ${pick('y.u_grade', [
    ["'B'", 10],
    ["'C'", 25],
    ["'D'", 35],
    ["'F'", 30],
  ])}
  else ${pick('y.u_grade', [
    ["'A'", 60],
    ["'B'", 25],
    ["'C'", 10],
    ["'D'", 5],
  ])} end`;

/** Where the goods go from their grade, as the small demo sends them. */
const DISPOSITION = `case when x.grade is null then null
  when x.grade in ('A', 'B') then 'restock'
  when x.grade = 'X' then 'return_to_customer'
  when x.kind = 'electronics' and x.grade in ('C', 'D') then 'refurbish'
  when x.grade = 'C' and x.u_disposition < 0.3 then 'donate'
  when x.grade in ('C', 'D') then 'liquidate'
  when x.kind = 'electronics' and x.u_disposition < 0.6 then 'return_to_vendor'
  else 'recycle' end`;

/** The returned lines (temp table `shop_return_lines`): reason (a problem product's own reason
 * most of the time), comment, resolution, and what became of the goods by the return's status. */
export function returnLinesStageSql(s: ShopSql): string[] {
  const u = (salt: number) => draw('l.ln', salt, s.seed);
  const byKind = (kind: 'fashion' | 'electronics', salt: number) =>
    pick(
      u(salt),
      REASON_WEIGHTS[kind].map(([code, w]) => [literal(code), w] as const),
    );
  const comments = Object.entries(REASON_COMMENTS)
    .map(([code, texts]) => `when ${literal(code)} then ${oneOf(texts, u(44))}`)
    .join(' ');
  return [
    `create temp table shop_return_lines as
     select x.*, ${DISPOSITION} as disposition, (x.paid * x.quantity) / x.ordered as value,
       case when x.status in ${SETTLED} and x.reception = 'received' then (x.paid * x.quantity) / x.ordered else 0 end as settled,
       case when x.status in ${SETTLED} and x.reception = 'received' then x.resolution end as kind_settled
     from (
       select y.*, ${GRADE} as grade
       from (
         select l.ln, l.i, r.rn, r.id as return_id, r.requested_at, r.status, r.reviewed, r.outcome, r.settled_at,
           ${idAt('rl', 'r.requested_at', 'l.ln')} as id, ${idAt('ol', 'l.placed_at', 'l.ln')} as order_line_id,
           l.vidx, v.kind, v.product_id, l.quantity as ordered,
           case when l.quantity > 1 and ${u(40)} < 0.2 then 1 else l.quantity end as quantity,
           l.paid, v.problem_reason, z.reason_code,
           case when ${u(43)} >= 0.38 then null
             when z.reason_code = v.problem_reason and ${u(45)} < 0.7
               then v.problem_comments[1 + floor(${u(46)} * array_length(v.problem_comments, 1))::int]
             else (case z.reason_code ${comments} end) end as comment,
           case when v.kind = 'fashion' then ${pick(u(47), [
             ["'refund'", 55],
             ["'exchange'", 28],
             ["'store_credit'", 17],
           ])} else ${pick(u(47), [
             ["'refund'", 72],
             ["'exchange'", 13],
             ["'store_credit'", 15],
           ])} end as resolution,
           case
             when r.status in ('requested', 'under_review') then case when r.reviewed then 'manual_review' else 'pending' end
             when r.status = 'rejected' then 'rejected'
             else 'approved' end as acceptance,
           case
             when r.status in ('requested', 'under_review', 'approved') then 'expected'
             when r.status = 'in_transit' then 'in_transit'
             when r.status = 'rejected' then 'cancelled'
             when r.status in ('cancelled', 'expired', 'lost') then r.status
             when ${u(48)} < 0.03 then 'wrong_item'
             else 'received' end as reception,
           ${u(49)} as u_grade, ${u(50)} as u_disposition
         from shop_lines l
         join shop_returns r on r.i = l.i
         join shop_variants v on v.vidx = l.vidx
         cross join lateral (select case when v.problem_reason is not null and ${u(41)} < 0.65 then v.problem_reason
             when v.kind = 'fashion' then ${byKind('fashion', 42)} else ${byKind('electronics', 42)} end as reason_code) z
         where l.returned
       ) y
     ) x`,
    'alter table shop_return_lines add primary key (ln)',
    'create index on shop_return_lines (rn)',
  ];
}

/** The returns and their lines as the app stores them. */
export function returnsSql(s: ShopSql): string[] {
  const warehouse = `case when r.method = 'store' then case when r.u_store < 0.5 then 'amsterdam-winkel' else 'utrecht-winkel' end
    when r.country in ('DE', 'FR') then 'koeln' else 'utrecht' end`;
  return [
    `insert into returns (id, number, order_id, customer_id, status, on_hold, hold_reasons, source, method, currency,
       policy_version, policy_arm, experiment_id, withdrawal_declared_at, tracking_number, ship_by, pickup_slot_start,
       pickup_slot_end, store_id, status_reason, value_amount, return_shipping_fee, risk_score, risk_signals, tags,
       service_point, routing, destination_warehouse_id, parcel_count, carrier_delivered_at, created_at, updated_at)
     select r.id, r.number, r.order_id, r.customer_id, r.status, false, '[]'::jsonb, r.source, r.method, 'EUR',
       (select active_policy_version_id from shop_settings where id = 'default'), null, null,
       case when r.withdrawal then r.requested_at end,
       case when r.method <> 'store' and r.status not in ('requested', 'under_review', 'rejected', 'approved', 'cancelled', 'expired')
         then '3SNZRT' || (1000000 + r.rn) end,
       case when r.status not in ('requested', 'under_review', 'rejected') then r.approved_at + interval '14 days' end,
       null, null,
       case when r.method = 'store' then ${idOf(warehouse, s.warehouseIds)} end,
       null, m.value, r.fee, 10, '[]'::jsonb, '[]'::jsonb,
       null, null,
       case when r.status not in ('requested', 'under_review', 'rejected') then ${idOf(warehouse, s.warehouseIds)} end,
       1, null, r.requested_at, greatest(r.requested_at, least(r.closed_at, ${s.asOf}::timestamptz))
     from shop_returns r join (select rn, sum(value)::bigint as value from shop_return_lines group by rn) m on m.rn = r.rn`,
    `insert into return_lines (id, return_id, order_line_id, quantity, reason_id, comment, requested_resolution,
       granted_resolution, acceptance, acceptance_reason, reception, quantity_received, grade, disposition, settlement,
       settled_amount, eligibility, verdict, exchange_variant_id, exchange_unit_price, checklist, recovered_value)
     select l.id, l.return_id, l.order_line_id, l.quantity, ${idOf('l.reason_code', s.reasonIds)}, l.comment, l.resolution,
       case when l.acceptance = 'approved' then l.resolution end, l.acceptance,
       case when l.acceptance = 'rejected' then 'Item shows clear signs of wear' end, l.reception,
       case when l.reception in ('received', 'wrong_item') then l.quantity else 0 end, l.grade, l.disposition,
       case when l.settled > 0 then 'succeeded' else 'none' end, l.settled, '[]'::jsonb, null,
       case when l.resolution = 'exchange' and l.acceptance = 'approved' then x.id end,
       case when l.resolution = 'exchange' and l.acceptance = 'approved' then x.price end, null,
       case when l.disposition is null then null else case l.disposition when 'restock' then l.value * 95 / 100 when 'refurbish' then l.value * 45 / 100
         when 'liquidate' then l.value / 5 when 'return_to_vendor' then l.value * 60 / 100
         else 0 end end
     from shop_return_lines l
     join shop_variants v on v.vidx = l.vidx
     join shop_variants x on x.vidx = v.first_vidx + (v.position + 1) % v.variants`,
  ];
}

export { RETURNER_SHARE };
