import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, DrillDimension, DrillDownPage, DrillDownQuery } from '../analyticsTypes.js';
import { factScope, jsonOf, returnLineConditions } from '../factFilters.js';
import { countedLineConditions, idOfKey } from '../narrowFacts.js';
import { LEGAL_REFUND_DAYS } from './processing.js';
import { reportedResolution } from './resolutions.js';

/** The narrow facts' column each keyed dimension matches (the line's own value, as the reports
 * group on), and whether it holds an id's key rather than the value itself. */
const DRILL_COLUMN: Record<Exclude<DrillDimension, 'resolution' | 'late'>, { column: string; keyed: boolean; wide: string }> = {
  sku: { column: 'sku_key', keyed: true, wide: 'sku' },
  product: { column: 'product_key', keyed: true, wide: 'product_id' },
  category: { column: 'category_key', keyed: true, wide: 'category_id' },
  channel: { column: 'channel_key', keyed: true, wide: 'channel_id' },
  country: { column: 'country', keyed: false, wide: 'country' },
  segment: { column: 'segment', keyed: false, wide: 'segment' },
  reason: { column: 'reason_code', keyed: false, wide: 'reason_code' },
  disposition: { column: 'disposition', keyed: false, wide: 'disposition' },
  grade: { column: 'grade', keyed: false, wide: 'grade' },
  warehouse: { column: 'warehouse_key', keyed: true, wide: 'warehouse_id' },
};

/** Columns the facts keep as '' rather than null when there is no value (a customer without a
 * segment), so their "—" row is the lines holding ''. */
const STORED_AS_EMPTY = new Set<string>(['segment']);

/** The lines a clicked key stands for; no key (or '') means the lines without one, as the reports
 * show them in a row of their own: null in most columns, '' in those stored so. An id not in the
 * dictionary has no key, and matches nothing. */
function keyCondition(
  dimension: Exclude<DrillDimension, 'late'>,
  key: string | undefined,
  on: 'narrow' | 'wide',
): RawBuilder<SqlBool> {
  if (dimension === 'resolution') return sql<SqlBool>`${reportedResolution} = ${key ?? ''}`;
  const { column: narrowName, keyed, wide } = DRILL_COLUMN[dimension];
  const name = on === 'wide' ? wide : narrowName;
  const column = sql.ref(`l.${name}`);
  if (key !== undefined && key !== '')
    return keyed && on === 'narrow'
      ? sql<SqlBool>`${column} = (select k.id from analytics_keys k where k.value = ${key})`
      : sql<SqlBool>`${column} = ${key}`;
  return STORED_AS_EMPTY.has(name) ? sql<SqlBool>`${column} = ''` : sql<SqlBool>`${column} is null`;
}

interface Row {
  total: number;
  items:
    | { id: string; number: string; ms: number; status: string; units: number; value: number; reasons: string[] | null }[]
    | string
    | null;
}

/**
 * The returns behind a number: the counted return lines under the same filters (the period on the
 * order or the request day, as `basis` says), narrowed to the dimension's key clicked, gathered per
 * return, newest request first, a page at a time with the total. `late` takes the returns whose
 * refund came, or is still due, more than 14 days after the withdrawal (else the request), as the
 * processing report judges them, with their lines to be refunded.
 */
export async function drillDownReturns(ctx: AppContext, f: AnalyticsFilters, q: DrillDownQuery): Promise<DrillDownPage> {
  const scope = await factScope(ctx, f);
  const narrowedOn = (on: 'narrow' | 'wide') =>
    q.dimension === undefined
      ? sql<SqlBool>`true`
      : q.dimension === 'late'
        ? sql<SqlBool>`${reportedResolution} = 'refund'`
        : keyCondition(q.dimension, q.key, on);
  const narrowed = narrowedOn('narrow');
  const narrowedWide = narrowedOn('wide');
  // A return is late as a whole: the clock starts at its earliest withdrawal (else request) and
  // stops when the last of its lines to be refunded had its money out.
  const late =
    q.dimension === 'late'
      ? sql`having coalesce(case when bool_and(refunded_at is not null) then max(refunded_at) end, ${ctx.now()}::timestamptz)
          - min(coalesce(withdrawal_at, requested_at)) > make_interval(days => ${LEGAL_REFUND_DAYS})`
      : sql``;
  // The returns are grouped on their integer key from the narrow lines. Only a page's returns are
  // read back as ids, with their number and status from the wide lines: the page is cut from the
  // first offset + limit returns by request (and any tied with the last of them), ordered exactly
  // by request and id once their ids are known.
  const { rows } = await sql<Row>`with g as materialized (
      select return_key, min(requested_at) as requested_at, sum(quantity) as units, sum(value_amount) as value,
        array_remove(array_agg(distinct reason_code), null) as reasons
      from analytics_counted_lines l
      where ${countedLineConditions(scope, q.basis, 'l')} and ${narrowed}
      group by return_key ${late}
    ), head as (
      select g.*, ${idOfKey(sql.ref('g.return_key'))} as id from g
      order by requested_at desc fetch first (${q.offset + q.limit}) rows with ties
    ), p as (
      select * from head order by requested_at desc, id desc limit ${q.limit} offset ${q.offset}
    )
    select (select count(*)::int from g) as total,
      (select json_agg(json_build_object('id', p.id, 'number', w.number, 'ms', extract(epoch from p.requested_at) * 1000,
          'status', w.status, 'units', p.units, 'value', p.value, 'reasons', p.reasons) order by p.requested_at desc, p.id desc)
       from p cross join lateral (
         select min(l.return_number) as number, min(l.status) as status from analytics_return_lines l
         where l.return_id = p.id and ${returnLineConditions(scope, q.basis, 'l')} and l.counted and ${narrowedWide}
       ) w) as items`.execute(scope.db);
  const row = rows[0] as Row;
  return {
    items: jsonOf<Exclude<Row['items'], string | null>>(row.items, []).map((i) => ({
      returnId: i.id,
      number: i.number,
      requestedAt: new Date(Number(i.ms)).toISOString(),
      status: i.status,
      units: Number(i.units),
      value: Number(i.value),
      reasons: i.reasons ?? [],
    })),
    total: Number(row.total ?? 0),
  };
}
