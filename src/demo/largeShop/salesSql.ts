import { draw, idAt, literal, pick } from './sqlRandom.js';

/** What every statement of the large shop is written against. */
export interface ShopSql {
  seed: number;
  /** The shop's "now", as an SQL timestamptz literal. */
  asOf: string;
  timeZone: string;
  customers: number;
  /** Channel code → id, and warehouse code → id, as the shop has them. */
  channelIds: Map<string, string>;
  warehouseIds: Map<string, string>;
  /** Reason code → id. */
  reasonIds: Map<string, string>;
}

/** `case <expr> when 'code' then 'id' … end` for a code → id map. */
export function idOf(expr: string, ids: Map<string, string>): string {
  const whens = [...ids].map(([code, id]) => `when ${literal(code)} then ${literal(id)}`);
  return `(case ${expr} ${whens.join(' ')} end)`;
}

const COUNTRIES: [string, number][] = [
  ["'NL'", 52],
  ["'BE'", 18],
  ["'DE'", 20],
  ["'FR'", 10],
];
const CITIES: Record<string, string> = { NL: 'Utrecht', BE: 'Antwerpen', DE: 'Köln', FR: 'Lille' };

/** The shop's customers (temp table `shop_customers`, then `customers`): where they live, their
 * language and segment. Customer `n` is the same row wherever it is drawn. */
export function customersSql(s: ShopSql): string[] {
  const u = (salt: number) => draw('n', salt, s.seed);
  return [
    `create temp table shop_customers as
     select n, id, country, segment, created_at, locale,
       'c' || n || '@shop.example' as email,
       case country when 'NL' then (1011 + n % 8000) || ' AB' when 'BE' then (1000 + n % 8000)::text
         else lpad((10000 + n % 80000)::text, 5, '0') end as postcode
     from (
       select n, ${idAt('cus', 'created_at', 'n')} as id, country, segment, created_at,
         case when country = 'NL' then 'nl' when country = 'DE' then 'de' when country = 'FR' then 'fr'
           when u_locale < 0.6 then 'nl' else 'fr' end as locale
       from (
         select n, ${pick(u(1), COUNTRIES)} as country,
           ${pick(u(2), [
             ["'standard'", 91],
             ["'vip'", 6],
             ["'employee'", 2],
             ["'blocked'", 1],
           ])} as segment,
           ${s.asOf}::timestamptz - make_interval(days => 760) + make_interval(secs => floor(${u(3)} * 86400 * 700)) as created_at,
           ${u(4)} as u_locale
         from generate_series(0, ${s.customers - 1}) n
       ) drawn
     ) named`,
    'alter table shop_customers add primary key (n)',
    `insert into customers (id, email, first_name, last_name, phone, country, postcode, locale, segment, tags, created_at)
     select id, email, 'Klant', 'Nummer ' || n, null, country, postcode, locale, segment, '[]'::jsonb, created_at
     from shop_customers`,
  ];
}

/** Orders (temp table `shop_orders`): each day's orders from `shop_days`, at daytime in the
 * shop's time zone, by a customer, through a channel, with one to five lines; `returner` marks
 * the orders whose shopper sends something back, `lag` how long after delivery they ask. */
export function ordersStageSql(s: ShopSql): string[] {
  const u = (salt: number) => draw('i', salt, s.seed);
  return [
    `create temp table shop_orders as
     select o.i, ${idAt('ord', 'o.placed_at', 'o.i')} as id, o.placed_at, o.channel, o.nlines, o.returner, o.lag,
       c.id as customer_id, c.email, c.country, c.postcode, c.segment,
       case when o.channel = 'store-amsterdam' then o.placed_at
         when o.placed_at + o.transit <= ${s.asOf}::timestamptz then o.placed_at + o.transit end as delivered_at,
       ${pick('o.u_pay', [
         ["'ideal'", 55],
         ["'card'", 25],
         ["'paypal'", 15],
         ["'bancontact'", 5],
       ])} as payment_method
     from (
       select i, least(
           (d.day::timestamp + make_interval(secs => 25200 + floor(${u(1)} * 57600))) at time zone ${literal(s.timeZone)},
           ${s.asOf}::timestamptz - make_interval(secs => floor(${u(1)} * 3600))) as placed_at,
         floor(power(${u(2)}, 1.15) * ${s.customers})::int as cidx,
         ${pick(u(3), [
           ["'webshop'", 58],
           ["'bol'", 16],
           ["'zalando'", 16],
           ["'store-amsterdam'", 10],
         ])} as channel,
         ${pick(u(4), [
           ['1', 15],
           ['2', 22],
           ['3', 27],
           ['4', 20],
           ['5', 16],
         ])} as nlines,
         ${u(5)} < ${RETURNER_SHARE} as returner,
         make_interval(secs => 3600 * (20 + floor(${u(6)} * 76))) as transit,
         -- Most ask 5–20 days after delivery; a tail asks in the last days of a longer window.
         make_interval(secs => 86400 * case when ${u(7)} < 0.08 then 20 + 10 * ${u(8)}
           else 1.5 + 6.5 * (${u(8)} + ${u(9)} + ${u(10)}) end) as lag,
         ${u(11)} as u_pay
       from shop_days d, generate_series(d.first, d.last) i
     ) o join shop_customers c on c.n = o.cidx`,
    'alter table shop_orders add primary key (i)',
  ];
}

/** Orders whose shopper returns anything; their lines come back at `rate / RETURNER_SHARE`, so a
 * return holds one to three lines as real ones do, while each variant keeps its own rate. */
export const RETURNER_SHARE = 0.45;

/** Order lines (temp table `shop_lines`): each order's lines, its variant drawn from the lottery
 * `shop_tickets`, and whether the line is asked back (delivered, and asked before now). */
export function linesStageSql(s: ShopSql, tickets: number): string[] {
  return [
    `create temp table shop_lines as
     select l.i, l.k, l.ln, l.order_id, l.placed_at, l.delivered_at, l.requested_at, v.vidx, l.quantity,
       l.quantity * v.price as paid,
       l.returner and l.requested_at <= ${s.asOf}::timestamptz and l.u_return < v.rate / ${RETURNER_SHARE} as returned
     from (
       select o.i, k, o.i * 8 + k as ln, o.id as order_id, o.placed_at, o.delivered_at, o.returner,
         o.delivered_at + o.lag as requested_at,
         floor(${draw('o.i * 8 + k', 12, s.seed)} * ${tickets})::int as slot,
         ${pick(draw('o.i * 8 + k', 13, s.seed), [
           ['1', 90],
           ['2', 8],
           ['3', 2],
         ])} as quantity,
         ${draw('o.i * 8 + k', 14, s.seed)} as u_return
       from shop_orders o, generate_series(1, o.nlines) k
     ) l
     join shop_tickets t on t.slot = l.slot
     join shop_variants v on v.vidx = t.vidx`,
    'alter table shop_lines add primary key (ln)',
    `insert into order_lines (id, order_id, line_number, variant_id, sku, title, quantity, unit_price_amount, discount_amount,
       tax_amount, tax_rate_bp, paid_amount, delivered_at, external_id, external_ref, refunded_quantity, refunded_amount)
     select ${idAt('ol', 'l.placed_at', 'l.ln')}, l.order_id, l.k, v.id, v.sku, v.title, l.quantity, v.price, 0,
       (l.paid * 21 + 60) / 121, 2100, l.paid, l.delivered_at, null, null, 0, 0
     from shop_lines l join shop_variants v on v.vidx = l.vidx`,
  ];
}

/** The orders themselves, their totals summed from their lines. */
export function ordersSql(s: ShopSql): string {
  return `insert into orders (id, order_number, channel_id, customer_id, email, currency, placed_at, shipping_country,
      shipping_postcode, shipping_address, subtotal_amount, discount_amount, shipping_amount, shipping_premium_amount,
      tax_amount, total_amount, payment_method, payment_provider, payment_reference, external_id, created_at,
      connection_id, source_updated_at, cancelled_at, marketplace, discount_codes, shipping_lines)
    select o.id, 'NZ-' || (1000000 + o.i), ${idOf('o.channel', s.channelIds)}, o.customer_id, o.email, 'EUR', o.placed_at,
      o.country, o.postcode,
      jsonb_build_object('name', 'Klant ' || o.i, 'line1', 'Dorpsstraat ' || (1 + o.i % 200), 'postcode', o.postcode,
        'city', ${idOf('o.country', new Map(Object.entries(CITIES)))}, 'country', o.country),
      t.paid, 0, case when t.paid < 2500 then 495 else 0 end, 0, t.tax,
      t.paid + case when t.paid < 2500 then 495 else 0 end, o.payment_method, null, null, null, o.placed_at,
      null, null, null, null, '[]'::jsonb, '[]'::jsonb
    from shop_orders o
    join (select i, sum(paid)::bigint as paid, sum((paid * 21 + 60) / 121)::bigint as tax from shop_lines group by i) t
      on t.i = o.i`;
}
