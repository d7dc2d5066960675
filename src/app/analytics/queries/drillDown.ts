import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, DrillDimension, DrillDownPage, DrillDownQuery } from '../analyticsTypes.js';
import { factScope, jsonOf, returnLineConditions } from '../factFilters.js';
import { LEGAL_REFUND_DAYS } from './processing.js';
import { reportedResolution } from './resolutions.js';
import { KEY_COLUMN } from './returnRate.js';

/** The fact column each keyed dimension matches (the line's own value, as the reports group on). */
const DRILL_COLUMN: Record<Exclude<DrillDimension, 'resolution' | 'late'>, string> = {
  ...KEY_COLUMN,
  reason: 'reason_code',
  disposition: 'disposition',
  grade: 'grade',
  warehouse: 'warehouse_id',
};

/** Columns the facts keep as '' rather than null when there is no value (a customer without a
 * segment), so their "—" row is the lines holding ''. */
const STORED_AS_EMPTY = new Set<string>(['segment']);

/** The lines a clicked key stands for; no key (or '') means the lines without one, as the reports
 * show them in a row of their own: null in most columns, '' in those stored so. */
function keyCondition(dimension: Exclude<DrillDimension, 'late'>, key: string | undefined): RawBuilder<SqlBool> {
  if (dimension === 'resolution') return sql<SqlBool>`${reportedResolution} = ${key ?? ''}`;
  const name = DRILL_COLUMN[dimension];
  const column = sql.ref(`l.${name}`);
  if (key !== undefined && key !== '') return sql<SqlBool>`${column} = ${key}`;
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
  const narrowed =
    q.dimension === undefined
      ? sql<SqlBool>`true`
      : q.dimension === 'late'
        ? sql<SqlBool>`${reportedResolution} = 'refund'`
        : keyCondition(q.dimension, q.key);
  // A return is late as a whole: the clock starts at its earliest withdrawal (else request) and
  // stops when the last of its lines to be refunded had its money out.
  const late =
    q.dimension === 'late'
      ? sql`having coalesce(case when bool_and(refunded_at is not null) then max(refunded_at) end, ${ctx.now()}::timestamptz)
          - min(coalesce(withdrawal_at, requested_at)) > make_interval(days => ${LEGAL_REFUND_DAYS})`
      : sql``;
  const { rows } = await sql<Row>`with g as (
      select return_id as id, min(return_number) as number, min(requested_at) as requested_at, min(status) as status,
        sum(quantity) as units, sum(value_amount) as value,
        array_remove(array_agg(distinct reason_code), null) as reasons
      from analytics_return_lines l
      where ${returnLineConditions(scope, q.basis, 'l')} and l.counted and ${narrowed}
      group by return_id ${late}
    )
    select (select count(*)::int from g) as total,
      (select json_agg(json_build_object('id', p.id, 'number', p.number, 'ms', extract(epoch from p.requested_at) * 1000,
          'status', p.status, 'units', p.units, 'value', p.value, 'reasons', p.reasons) order by p.requested_at desc, p.id desc)
       from (select * from g order by requested_at desc, id desc limit ${q.limit} offset ${q.offset}) p) as items`.execute(
    scope.db,
  );
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
