import { idOf, type ShopSql } from './salesSql.js';
import { draw, idAt, pick } from './sqlRandom.js';

const APPROVED = `('approved', 'in_transit', 'received', 'inspected', 'resolved', 'closed', 'cancelled', 'expired', 'lost')`;
const SCANNED = `('in_transit', 'received', 'inspected', 'resolved', 'closed', 'lost')`;
const RECEIVED = `('received', 'inspected', 'resolved', 'closed')`;
const INSPECTED = `('inspected', 'resolved', 'closed')`;

/** Money that went back (temp table `shop_settlements`, then `settlements`): one settlement per
 * return and kind at the return's settling moment; refunds by hand, store credit through the
 * ledger. A return shipping fee charged is kept from the refund (on its first line, as the
 * settlement's breakdown says), and credit chosen now and then comes with a bonus. */
export function settlementsSql(): string[] {
  return [
    `create temp table shop_settlement_lines as
     select l.rn, l.ln, l.id, l.kind_settled as kind,
       case when l.kind_settled = 'refund' and l.ln = min(l.ln) filter (where l.kind_settled = 'refund') over (partition by l.rn)
         then least(l.settled, r.fee) else 0 end as fee,
       case when l.kind_settled = 'store_credit' and r.credit_bonus then greatest(100, l.settled / 20) else 0 end as bonus,
       l.settled
     from shop_return_lines l join shop_returns r on r.rn = l.rn
     where l.settled > 0`,
    `create temp table shop_settlements as
     select r.rn, r.i, r.id as return_id, r.customer_id, r.settled_at, l.kind,
       ${idAt('stl', 'r.settled_at', "r.rn * 4 + case l.kind when 'refund' then 0 when 'store_credit' then 1 else 2 end")} as id,
       sum(l.settled - l.fee)::bigint as amount, sum(l.bonus)::bigint as bonus,
       jsonb_agg(jsonb_build_object('returnLineId', l.id, 'amount', l.settled - l.fee) order by l.ln) as lines,
       case when sum(l.fee) > 0 or sum(l.bonus) > 0 then jsonb_build_object('lines', jsonb_agg(
         jsonb_build_object('returnLineId', l.id, 'shippingFeeShare', l.fee, 'bonus', l.bonus) order by l.ln)) end as breakdown
     from shop_settlement_lines l join shop_returns r on r.rn = l.rn
     group by r.rn, r.i, r.id, r.customer_id, r.settled_at, l.kind`,
    `insert into settlements (id, return_id, kind, provider, status, amount, currency, reference, lines, note, created_by,
       created_at, idempotency_key, payment_reference, provider_refund_id, attempts, last_error, breakdown, trigger,
       updated_at, succeeded_at, provider_claim, provider_claimed_until)
     select id, return_id, kind, case when kind = 'store_credit' then 'ledger' else 'manual' end, 'succeeded', amount, 'EUR',
       case kind when 'refund' then 'RF-' when 'store_credit' then 'GC-' else 'EX-' end || (100000 + rn), lines, null, null,
       settled_at, null, null, null, 0, null, breakdown, 'staff', settled_at, settled_at, null, null
     from shop_settlements`,
  ];
}

/** The events of each return's timeline that its moments are read from: the request, staff's
 * decision on the lines sent to review, the approval, and the lines received and inspected, by
 * whom (the warehouse's staff). Ids sort by time. The other steps' events (in transit, resolved,
 * closed …) are left out: nothing the dashboards show is read from them, and they would double
 * the events to write. */
export function eventsSql(): string[] {
  const event = (type: string, at: string, n: number, data: string, where: string, actor: string, actorId = 'null') =>
    `insert into events (id, type, subject_type, subject_id, return_id, actor_type, actor_id, reason, data, occurred_at)
     select ${idAt('evt', at, `r.rn * 8 + ${n}`)}, '${type}', 'return', r.id, r.id, ${actor}, ${actorId}, null, ${data}, ${at}
     from shop_returns r join shop_return_json j on j.rn = r.rn where ${where}`;
  return [
    `create temp table shop_return_json as
     select l.rn,
       jsonb_agg(jsonb_build_object('returnLineId', l.id, 'decision', case when l.acceptance = 'rejected' then 'reject' else 'approve' end)
         order by l.ln) as decisions,
       jsonb_agg(jsonb_build_object('returnLineId', l.id, 'quantity', l.quantity) order by l.ln)
         filter (where l.reception in ('received', 'wrong_item')) as receipts,
       jsonb_agg(jsonb_build_object('returnLineId', l.id, 'grade', l.grade, 'disposition', l.disposition) order by l.ln)
         filter (where l.grade is not null) as inspections
     from shop_return_lines l group by l.rn`,
    'alter table shop_return_json add primary key (rn)',
    event(
      'return.requested',
      'r.requested_at',
      0,
      `jsonb_build_object('number', r.number, 'orderId', r.order_id, 'source', r.source, 'method', r.method)`,
      'true',
      `case when r.source = 'portal' then 'shopper' else 'staff' end`,
    ),
    event(
      'return.lines_decided',
      'r.decided_at',
      1,
      `jsonb_build_object('number', r.number, 'decisions', j.decisions)`,
      `r.reviewed and r.status not in ('requested', 'under_review')`,
      `'staff'`,
    ),
    event(
      'return.approved',
      'r.approved_at',
      2,
      `jsonb_build_object('number', r.number, 'from', case when r.reviewed then 'under_review' else 'requested' end, 'to', 'approved')`,
      `r.status in ${APPROVED}`,
      `case when r.reviewed then 'staff' else 'system' end`,
    ),
    event(
      'return.lines_received',
      'r.received_at',
      3,
      `jsonb_build_object('number', r.number, 'receipts', j.receipts)`,
      `r.status in ${RECEIVED}`,
      `'staff'`,
      'r.received_by',
    ),
    event(
      'return.lines_inspected',
      'r.inspected_at',
      4,
      `jsonb_build_object('number', r.number, 'inspections', j.inspections)`,
      `r.status in ${INSPECTED}`,
      `'staff'`,
      'r.inspected_by',
    ),
  ];
}

/** Where each return's goods were first handed over: the carrier's first scan of its parcel, or
 * the store's counter. */
export function firstScansSql(s: ShopSql): string[] {
  return [
    `insert into shipment_parcels (id, shipment_id, return_id, carrier, collo, remote_id, tracking_number, tracking_url,
       tracking_state, tracking_at, delivered_at, polled_at, flagged_at, flag_reason, watch_ended_at)
     select ${idAt('prc', 'r.approved_at', 'r.rn')}, ${idAt('shp', 'r.approved_at', 'r.rn')}, r.id,
       case when r.country in ('NL', 'BE') then 'postnl' else 'sendcloud' end, 1, 'remote-' || r.rn, '3SNZRT' || (1000000 + r.rn),
       null, case when r.status in ${RECEIVED} then 'delivered' when r.status = 'lost' then 'exception'
         when r.status in ${SCANNED} then 'in_transit' else 'label_created' end,
       case when r.status in ${SCANNED} then r.scan_at end,
       case when r.status in ${RECEIVED} then r.received_at end, null, null, null,
       case when r.status in ${RECEIVED} then r.received_at end
     from shop_returns r
     where r.method <> 'store' and r.status in ${APPROVED}`,
    `insert into tracking_events (id, parcel_id, return_id, state, carrier_status, description, location, occurred_at, received_at, source)
     select ${idAt('trk', 'r.scan_at', 'r.rn')}, ${idAt('prc', 'r.approved_at', 'r.rn')}, r.id, 'in_transit', 'A01',
       'Parcel handed in', null, r.scan_at, r.scan_at, 'webhook'
     from shop_returns r
     where r.method <> 'store' and r.status in ${SCANNED}`,
    `insert into counter_returns (id, store_id, return_id, request_key, taken_by, created_at, receipt_at)
     select ${idAt('ctr', 'r.scan_at', 'r.rn')},
       ${idOf("case when r.u_store < 0.5 then 'amsterdam-winkel' else 'utrecht-winkel' end", s.warehouseIds)}, r.id,
       'counter-' || r.rn, null, r.scan_at, case when r.status in ${RECEIVED} then r.received_at end
     from shop_returns r
     where r.method = 'store' and r.status in ${SCANNED}`,
  ];
}

/** The return labels booked at approval for parcels a carrier takes, with what each cost. */
export function shipmentsSql(s: ShopSql): string {
  const cost = `(case r.country when 'NL' then 395 when 'BE' then 475 when 'DE' then 545 else 625 end
    + case when r.method = 'pickup' then 250 else 0 end)`;
  return `insert into shipments (id, return_id, connection_id, carrier, method, service_code, reference, status, remote_id,
      tracking_url, label_format, label, label_content_type, qr_code, customs_document, pickup, cost_amount, cost_currency,
      customs, tracking_state, tracking_at, attempts, last_error, created_at, updated_at, booked_at)
    select ${idAt('shp', 'r.approved_at', 'r.rn')}, r.id, null,
      case when r.country in ('NL', 'BE') then 'postnl' else 'sendcloud' end, r.method,
      case when r.method = 'pickup' then 'pickup' else 'dropoff' end, 'SHP-' || (100000 + r.rn), 'booked',
      'remote-' || r.rn, null, 'pdf', null, null, null, null, null, ${cost}, 'EUR', null, null, null, 1, null,
      r.approved_at, r.approved_at, r.approved_at
    from shop_returns r
    where r.method <> 'store' and r.status in ${APPROVED} and r.approved_at <= ${s.asOf}::timestamptz`;
}

/** Store credit: an account per customer who took credit, the credit issued (now and then with a
 * bonus for choosing it), and what was spent of it in the weeks after. */
export function storeCreditSql(s: ShopSql): string[] {
  const u = (salt: number) => draw('c.rn', salt, s.seed);
  return [
    `create temp table shop_credit as
     select c.*, ${u(52)} < 0.65 as spent,
       c.settled_at + make_interval(secs => 86400 * (3 + 77 * ${u(53)})) as spent_at, 0.4 + 0.6 * ${u(54)} as spent_share
     from (select s.*, a.account_id from shop_settlements s
       join (select customer_id, ${idAt('sca', 'min(settled_at)', 'min(rn)')} as account_id
         from shop_settlements where kind = 'store_credit' group by customer_id) a on a.customer_id = s.customer_id
       where s.kind = 'store_credit') c`,
    `insert into store_credit_accounts (id, customer_id, currency, code, created_at)
     select account_id, customer_id, 'EUR', 'GC-' || upper(substr(account_id, 5)), min(settled_at)
     from shop_credit group by account_id, customer_id`,
    `insert into store_credit_entries (id, account_id, kind, amount, expires_at, return_id, settlement_id, hold_id, reverses_id,
       reference, note, actor_type, actor_id, created_at)
     select ${idAt('sce', 'settled_at', 'rn * 4')}, account_id, 'issue', amount, null::timestamptz, return_id, id, null::text,
       null::text, null::text, null::text, 'system', null::text, settled_at from shop_credit
     union all
     select ${idAt('sce', 'settled_at', 'rn * 4 + 1')}, account_id, 'bonus', bonus, null, return_id, id,
       null, null, null, null, 'system', null, settled_at from shop_credit where bonus > 0
     union all
     select ${idAt('sce', 'spent_at', 'rn * 4 + 2')}, account_id, 'redeem', -floor((amount + bonus) * spent_share)::bigint, null, null,
       null, null, null, 'NZ-order', null, 'shopper', null, spent_at
     from shop_credit where spent and spent_at <= ${s.asOf}::timestamptz`,
  ];
}

/** Exchange orders sent for the exchanged lines: another variant of the same product, shipped
 * when the return was settled; now and then with a bonus towards it. */
export function exchangesSql(s: ShopSql): string[] {
  return [
    `insert into exchange_orders (id, return_id, number, status, instant, currency, price_difference, created_at, updated_at,
       ready_at, shipped_at, carrier, tracking_number)
     select ${idAt('exo', 'r.approved_at', 's.rn')}, s.return_id, 'EX-' || (100000 + s.rn), 'shipped', false, 'EUR', 0,
       r.approved_at, s.settled_at, s.settled_at, s.settled_at, 'postnl', '3SNZEX' || (1000000 + s.rn)
     from shop_settlements s join shop_returns r on r.rn = s.rn where s.kind = 'exchange'`,
    `insert into exchange_order_lines (id, exchange_order_id, return_line_id, variant_id, sku, title, quantity, unit_price,
       returned_value, bonus, difference)
     select ${idAt('exl', 'r.approved_at', 'l.ln')}, ${idAt('exo', 'r.approved_at', 'r.rn')}, l.id, x.id, x.sku, x.title,
       l.quantity, x.price, l.settled, b.bonus, greatest(0, x.price * l.quantity - l.settled - b.bonus)
     from shop_return_lines l
     join shop_returns r on r.rn = l.rn
     join shop_variants v on v.vidx = l.vidx
     join shop_variants x on x.vidx = v.first_vidx + (v.position + 1) % v.variants
     cross join lateral (select case when ${draw('l.ln', 55, s.seed)} < 0.25 then 500 else 0 end as bonus) b
     where l.kind_settled = 'exchange'`,
  ];
}

/** Ratings a third of the shoppers left once their return was done: lower where the goods were
 * at fault, with a few words now and then. */
export function feedbackSql(s: ShopSql): string {
  const u = (salt: number) => draw('r.rn', salt, s.seed);
  const rating = (faulty: boolean) =>
    pick(
      u(57),
      faulty
        ? [
            ['1', 17],
            ['2', 18],
            ['3', 20],
            ['4', 25],
            ['5', 20],
          ]
        : [
            ['1', 4],
            ['2', 6],
            ['3', 13],
            ['4', 32],
            ['5', 45],
          ],
    );
  const comment = `case when ${u(58)} >= 0.4 then null when f.rating >= 4 then (array['Quick refund, thanks', 'Easy return', 'Smooth and fast'])[1 + floor(${u(59)} * 3)::int]
    when f.rating = 3 then 'Took a while but fine' else (array['Refund took too long', 'Label did not work', 'Nobody answered my e-mail'])[1 + floor(${u(59)} * 3)::int] end`;
  return `insert into return_feedback (return_id, customer_id, rating, comment, created_at)
    select f.id, f.customer_id, f.rating, ${comment}, least(f.closed_at, ${s.asOf}::timestamptz)
    from (
      select r.id, r.rn, r.customer_id, r.closed_at,
        case when exists (select 1 from shop_return_lines l where l.rn = r.rn and l.reason_code in ('defective', 'damaged_in_transit'))
          then ${rating(true)} else ${rating(false)} end as rating
      from shop_returns r where r.status = 'closed' and ${u(56)} < 0.33
    ) f join shop_returns r on r.rn = f.rn`;
}
