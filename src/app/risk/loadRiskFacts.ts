import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/schema.js';
import { CALLED_OFF_STATUSES } from '../../domain/returnStatus.js';
import { bracketing } from '../../domain/risk/bracketing.js';
import { eventFollowed } from '../../domain/risk/events.js';
import type { RiskFacts, RiskStage } from '../../domain/risk/facts.js';
import type { RiskSettings } from '../../domain/risk/settings.js';
import { type ClientHashes, type LinkedRow, linkedCustomersSql, toLinkedCustomer } from './linkedCustomers.js';
import { groupListMatches, listMatchesSql, type MatchRow, noListMatches } from './listMatches.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Lookups read at most for the velocity: far past any threshold, and a busy shared IP costs no more. */
const LOOKUPS_READ = 500;
/** Earlier returns looked at for returns after an event: enough for any pattern, bounded for the
 * few customers with hundreds. */
const EVENT_HISTORY = 200;

/** What the risk facts of a return are loaded for. */
export interface RiskFactsInput {
  stage: RiskStage;
  customerId: string;
  orderId: string;
  /** The return being assessed, left out of the history; null before it is written. */
  returnId: string | null;
  /** When the return was asked: the velocity window ends there, and events are counted to it. */
  askedAt: Date;
  now: Date;
  timeZone: string;
  client: ClientHashes;
  /** The units asked back (at request; at inspection the return's own lines are read). */
  asked: { orderLineId: string; quantity: number }[];
  current: { value: number; lines: number; controllableLines: number };
  inspection: RiskFacts['inspection'];
}

interface FactsRow {
  segment: string | null;
  placed_at: Date | string | null;
  return_count: number;
  returned_value: string | number;
  bought_value: string | number;
  bracketed_value: string | number;
  worn_findings: number;
  empty_boxes: number;
  wrong_items: number;
  recent_returns: number;
  event_pairs: [string, string][];
  exposure: string | number;
  lookups: number;
  order_lines: {
    id: string;
    product_id: string | null;
    variant_id: string | null;
    quantity: number;
    held: number;
    here: number;
  }[];
  matches: MatchRow[];
  linked: LinkedRow[];
}

/**
 * Everything the score of one return is worked out from but the shop's baseline, in one
 * statement (on the request path every round trip counts): the customer's history before this
 * return (its own rows left out, and nothing from `now` on), refund exposure, lookups from the
 * request's device or IP in the last hour, the order's lines for bracketing, the list entries
 * the customer matches and the customers linked to them. The pure parts are the domain's.
 */
export async function loadRiskFacts(
  db: Kysely<Database>,
  input: RiskFactsInput,
  settings: RiskSettings,
  baselineValueRate: number,
): Promise<RiskFacts> {
  const row = await riskFactsStatement(input, settings)
    .execute(db)
    .then((r) => r.rows[0]);
  if (!row) throw new Error(`risk facts of customer ${input.customerId} not found`);
  const matches = groupListMatches(row.matches).get(input.customerId) ?? noListMatches();
  const placedAt = row.placed_at ? new Date(row.placed_at) : null;
  const eventReturns = row.event_pairs.filter(
    ([asked, placed]) => eventFollowed(new Date(placed), new Date(asked), settings.events, input.timeZone) !== null,
  ).length;
  const askedByLine = new Map<string, number>();
  for (const a of input.asked) askedByLine.set(a.orderLineId, (askedByLine.get(a.orderLineId) ?? 0) + a.quantity);
  const bracketed = bracketing(
    row.order_lines.map((l) => ({
      productId: l.product_id,
      variantId: l.variant_id,
      quantity: Number(l.quantity),
      returnedBefore: Number(l.held),
      askedNow: input.returnId ? Number(l.here) : (askedByLine.get(l.id) ?? 0),
    })),
    settings.handlingCost,
  );
  return {
    stage: input.stage,
    segment: row.segment ?? 'standard',
    blockMatches: matches.block,
    allowMatches: matches.allow,
    history: {
      returnCount: Number(row.return_count),
      // What came back from brackets is left out of both: the purchase was what was kept.
      returnedValue: Math.max(0, Number(row.returned_value) - Number(row.bracketed_value)),
      boughtValue: Math.max(0, Number(row.bought_value) - Number(row.bracketed_value)),
      wornFindings: Number(row.worn_findings),
      eventReturns,
      emptyBoxes: Number(row.empty_boxes),
      wrongItems: Number(row.wrong_items),
      recentReturns: Number(row.recent_returns),
    },
    baselineValueRate,
    current: {
      ...input.current,
      event: placedAt ? eventFollowed(placedAt, input.askedAt, settings.events, input.timeZone) : null,
      bracketing: bracketed,
      lookupsLastHour: Number(row.lookups),
    },
    inspection: input.inspection,
    linked: row.linked.map(toLinkedCustomer),
    exposure: Number(row.exposure),
  };
}

/** The one statement of the risk facts (see loadRiskFacts). */
export function riskFactsStatement(input: RiskFactsInput, settings: RiskSettings) {
  const { customerId: c, orderId, now, askedAt, client } = input;
  const returnId = input.returnId ?? '';
  const calledOff = sql.join(CALLED_OFF_STATUSES.map((s) => sql.lit(s)));
  const velocitySince = new Date(askedAt.getTime() - settings.velocityDays * DAY_MS);
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  // At inspection the lookups are the request's: the shopper's device is not at the dock. A request
  // from staff or an integration comes from no portal device. Counted by device, by IP only when no
  // device came with the request: behind a carrier's NAT or a proxy many shoppers share one IP. Two
  // texts, one per key, so each reads its own index in order and stops at LOOKUPS_READ (one text
  // testing both read every sighting of a busy IP in the hour before the limit).
  const lookups =
    input.stage === 'request' && !client.device && !client.ip
      ? sql<number>`0`
      : input.stage === 'request'
        ? sql<number>`(select count(distinct k)::int from (select coalesce(order_id, id::text) as k from portal_sightings
          where ${client.device ? sql`device = ${client.device}::text` : sql`ip = ${client.ip}::text`}
            and kind in ('lookup', 'lookup_failed') and at >= ${hourAgo}::timestamptz and at <= ${now}::timestamptz
          limit ${LOOKUPS_READ}) s)`
        : sql<number>`coalesce((select (s->>'strength')::int from risk_assessments a, jsonb_array_elements(a.signals) s
          where a.return_id = ${returnId} and a.stage = 'request' and s->>'code' = 'LOOKUP_VELOCITY'
          order by a.created_at desc limit 1), 0)`;
  const eventPairs =
    settings.events.length > 0
      ? sql`(select coalesce(jsonb_agg(jsonb_build_array(e.created_at, o.placed_at)), '[]'::jsonb)
          from (select order_id, created_at from r where status not in (${calledOff})
                order by created_at desc limit ${EVENT_HISTORY}) e
          join orders o on o.id = e.order_id)`
      : sql`'[]'::jsonb`;
  return sql<FactsRow>`
    with r as (
      select id, order_id, created_at, status, value_amount from returns
      where customer_id = ${c} and id <> ${returnId} and created_at < ${now}::timestamptz
    ),
    rl as (
      select l.return_id, l.reception, l.quantity_received, l.grade, l.checklist
      from return_lines l where l.return_id in (select id from r where status not in (${calledOff}))
    ),
    bracketed as (${bracketedValue(calledOff, now)}),
    matched as (${listMatchesSql(sql<string[]>`array[${c}::text]`, now)}),
    linked as (${linkedCustomersSql(c, client, now)})
    select
      (select segment from customers where id = ${c}) as segment,
      (select placed_at from orders where id = ${orderId}) as placed_at,
      (select count(*)::int from r where status not in (${calledOff})) as return_count,
      (select coalesce(sum(value_amount), 0) from r where status not in (${calledOff})) as returned_value,
      (select coalesce(sum(total_amount), 0) from orders
        where customer_id = ${c} and cancelled_at is null and placed_at <= ${now}::timestamptz) as bought_value,
      (select value from bracketed) as bracketed_value,
      (select count(*)::int from rl
        where grade = 'C' or checklist->>'unworn' = 'false' or checklist->>'tags_attached' = 'false') as worn_findings,
      (select count(*)::int from (
        select return_id from rl group by return_id
        having bool_or(reception in ('received', 'short_received'))
          and coalesce(sum(quantity_received) filter (where reception in ('received', 'short_received')), 0) = 0
          and not bool_or(reception = 'wrong_item')) e) as empty_boxes,
      (select count(*)::int from rl where reception = 'wrong_item' or grade = 'X') as wrong_items,
      (select count(*)::int from r where created_at >= ${velocitySince}::timestamptz and created_at < ${askedAt}::timestamptz)
        as recent_returns,
      ${eventPairs} as event_pairs,
      -- Each of the customer's returns' lines by the return's key, not a scan of every return line.
      (select coalesce(sum(l.paid), 0) from returns x
        cross join lateral (select sum(settled_amount) as paid from return_lines
          where return_id = x.id and settled_amount > 0 and reception in ('expected', 'in_transit', 'lost') offset 0) l
        where x.customer_id = ${c}) as exposure,
      ${lookups} as lookups,
      (select coalesce(jsonb_agg(jsonb_build_object('id', ol.id, 'product_id', v.product_id, 'variant_id', ol.variant_id,
          'quantity', ol.quantity, 'held', coalesce(h.held, 0), 'here', coalesce(h.here, 0))), '[]'::jsonb)
        from order_lines ol
        left join variants v on v.id = ol.variant_id
        left join lateral (
          select coalesce(sum(l.quantity) filter (where l.return_id <> ${returnId}), 0) as held,
            coalesce(sum(l.quantity) filter (where l.return_id = ${returnId}), 0) as here
          from return_lines l join returns x on x.id = l.return_id
          where l.order_line_id = ol.id and l.acceptance <> 'rejected' and x.status not in (${calledOff})) h on true
        where ol.order_id = ${orderId}) as order_lines,
      (select coalesce(jsonb_agg(m), '[]'::jsonb) from matched m) as matches,
      (select coalesce(jsonb_agg(l), '[]'::jsonb) from linked l) as linked`;
}

/** What came back from brackets before `now`: units of an order line sent back while another size or
 * colour of the product was kept from the same order — a fitting room, bracketing's cost, left out
 * of serial returning. Reads the history CTE `r` of the facts' statement. Every other return's row
 * is read by its key (`offset 0` keeps the planner from hashing the whole returns table, as a plan
 * kept from a small table did on every call as the shop grew). */
function bracketedValue(calledOff: RawBuilder<unknown>, now: Date) {
  return sql`
      select coalesce(sum(ol.paid_amount * l.quantity / nullif(ol.quantity, 0)), 0) as value
      from return_lines l
      join r on r.id = l.return_id
      join order_lines ol on ol.id = l.order_line_id
      join variants v on v.id = ol.variant_id
      where r.status not in (${calledOff}) and l.acceptance <> 'rejected'
        and exists (
          select 1 from order_lines k join variants kv on kv.id = k.variant_id
          where k.order_id = ol.order_id and kv.product_id = v.product_id and k.variant_id <> ol.variant_id
            and k.quantity > (select coalesce(sum(kl.quantity), 0) from return_lines kl
              cross join lateral (select 1 from returns kr where kr.id = kl.return_id and kr.status not in (${calledOff})
                and kr.created_at <= ${now}::timestamptz offset 0) kr
              where kl.order_line_id = k.id and kl.acceptance <> 'rejected'))`;
}
