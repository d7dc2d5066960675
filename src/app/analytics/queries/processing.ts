import { sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import { type AnalyticsFilters, PROCESSING_STAGES, type ProcessingReport, type ProcessingStage } from '../analyticsTypes.js';
import { factScope, jsonOf, returnLineConditions, shareOf } from '../factFilters.js';

/** The EU's refund deadline: 14 days from the withdrawal (or, without one, the request). */
export const LEGAL_REFUND_DAYS = 14;
/** The late refunds a report lists at most (lateTotal counts them all). */
export const LATE_LISTED = 100;

const DAY_MS = 86_400_000;

/** Each stage's start and end moment on a return line; request_to_refund spans the whole journey. */
const STAGE_MOMENTS: Record<ProcessingStage, [string, string]> = {
  approval: ['requested_at', 'approved_at'],
  first_scan: ['approved_at', 'first_scan_at'],
  receipt: ['first_scan_at', 'received_at'],
  inspection: ['received_at', 'inspected_at'],
  refund: ['inspected_at', 'refunded_at'],
  request_to_refund: ['requested_at', 'refunded_at'],
};

/** A stage's lines: both moments known, and the end not before the start (a refund paid on the
 * first scan, before inspection, says nothing about how long inspection-to-refund takes). */
function stageAggregates(stage: ProcessingStage) {
  const [start, end] = STAGE_MOMENTS[stage];
  // date_part answers float8 directly; extract's numeric would cost a conversion per line.
  const seconds = sql`date_part('epoch', ${sql.ref(`l.${end}`)} - ${sql.ref(`l.${start}`)})`;
  const measured = sql`${sql.ref(`l.${end}`)} >= ${sql.ref(`l.${start}`)}`;
  return sql`count(*) filter (where ${measured}) as ${sql.ref(`${stage}_count`)},
    percentile_cont(array[0.5, 0.9]) within group (order by ${seconds}) filter (where ${measured}) as ${sql.ref(`${stage}_seconds`)}`;
}

interface LateRow {
  returnId: string;
  number: string;
  startedMs: number;
  refundedMs: number | null;
}

type ProcessingRow = Record<string, unknown> & {
  refunds: number;
  within_deadline: number;
  late_total: number;
  late: unknown;
};

/**
 * Processing time per stage and the legal refund deadline, over the counted return lines
 * requested in the period (see docs/analytics.md, "Processing time"). Stages are timed per line,
 * since lines of one return are received, inspected and refunded at moments of their own; the
 * deadline is judged per return, as the law speaks of the refund of a withdrawal.
 */
export async function processingReport(ctx: AppContext, f: AnalyticsFilters): Promise<ProcessingReport> {
  const scope = await factScope(ctx, f);
  const now = ctx.now();
  const deadline = sql`make_interval(days => ${LEGAL_REFUND_DAYS})`;
  // One statement: the lines in scope are read once for every stage's percentiles and for the
  // returns due a refund. A return is refunded when every counted line to be refunded has its
  // money out; its clock starts at the withdrawal, else the request.
  const { rows } = await sql<ProcessingRow>`with l as (
      select l.return_id, l.return_number, l.requested_at, l.approved_at, l.first_scan_at, l.received_at,
        l.inspected_at, l.refunded_at, l.withdrawal_at, coalesce(l.granted_resolution, l.requested_resolution) as resolution
      from analytics_return_lines l
      where ${returnLineConditions(scope, 'requested', 'l')} and l.counted
    ), stages as (
      select ${sql.join(PROCESSING_STAGES.map(stageAggregates))} from l
    ), due as (
      select return_id, min(return_number) as number, min(coalesce(withdrawal_at, requested_at)) as started_at,
        case when bool_and(refunded_at is not null) then max(refunded_at) end as refunded_at
      from l where resolution = 'refund' group by return_id
    ), judged as (
      select *, refunded_at is not null and refunded_at - started_at <= ${deadline} as within_deadline,
        coalesce(refunded_at, ${now}::timestamptz) - started_at > ${deadline} as late
      from due
    ), legal as (
      select count(*) filter (where refunded_at is not null or late)::int as refunds,
        count(*) filter (where within_deadline)::int as within_deadline,
        count(*) filter (where late)::int as late_total
      from judged
    ), late_listed as (
      select return_id, number, started_at, refunded_at from judged where late
      order by started_at, return_id limit ${LATE_LISTED}
    )
    select stages.*, legal.*, (
      select json_agg(json_build_object('returnId', return_id, 'number', number,
        'startedMs', extract(epoch from started_at) * 1000, 'refundedMs', extract(epoch from refunded_at) * 1000)
        order by started_at, return_id)
      from late_listed) as late
    from stages, legal`.execute(scope.db);
  const row = rows[0] as ProcessingRow;
  return {
    stages: PROCESSING_STAGES.map((stage) => {
      const seconds = asNumbers(row[`${stage}_seconds`]);
      return {
        stage,
        count: Number(row[`${stage}_count`] ?? 0),
        p50Hours: seconds?.[0] === undefined || seconds[0] === null ? null : seconds[0] / 3600,
        p90Hours: seconds?.[1] === undefined || seconds[1] === null ? null : seconds[1] / 3600,
      };
    }),
    legal: {
      refunds: row.refunds,
      withinDeadline: row.within_deadline,
      share: shareOf(row.within_deadline, row.refunds),
      late: jsonOf<LateRow[]>(row.late, []).map((late) => ({
        returnId: late.returnId,
        number: late.number,
        startedAt: new Date(Number(late.startedMs)).toISOString(),
        refundedAt: late.refundedMs === null ? null : new Date(Number(late.refundedMs)).toISOString(),
        days: elapsedDays(Number(late.startedMs), late.refundedMs === null ? now.getTime() : Number(late.refundedMs)),
      })),
      lateTotal: row.late_total,
    },
  };
}

/** Days from the clock's start to the refund (or now), to one decimal, rounded up so a refund a
 * moment past day 14 never shows as 14.0. */
function elapsedDays(fromMs: number, toMs: number): number {
  return Math.ceil(((toMs - fromMs) / DAY_MS) * 10 - 1e-9) / 10;
}

/** percentile_cont's float8[] comes back as numbers from pg and from PGlite, or as '{…}' text where a driver leaves it. */
function asNumbers(value: unknown): (number | null)[] | null {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => (v === null ? null : Number(v)));
  const text = String(value).replace(/^\{|\}$/g, '');
  return text === '' ? [] : text.split(',').map((v) => (v === 'NULL' ? null : Number(v)));
}
