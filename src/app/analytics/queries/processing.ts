import { sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import { type AnalyticsFilters, PROCESSING_STAGES, type ProcessingReport, type ProcessingStage } from '../analyticsTypes.js';
import { factScope, jsonOf, returnLineConditions, shareOf } from '../factFilters.js';
import { countedLineConditions, idOfKey } from '../narrowFacts.js';

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
 * first scan, before inspection, says nothing about how long inspection-to-refund takes). As
 * json_build_object's arguments: its count and its p50/p90 seconds. */
function stageFigures(stage: ProcessingStage) {
  const [start, end] = STAGE_MOMENTS[stage];
  // date_part answers float8 directly; extract's numeric would cost a conversion per line.
  const seconds = sql`date_part('epoch', ${sql.ref(`l.${end}`)} - ${sql.ref(`l.${start}`)})`;
  const measured = sql`${sql.ref(`l.${end}`)} >= ${sql.ref(`l.${start}`)}`;
  return sql`${sql.lit(`${stage}_count`)}, count(*) filter (where ${measured}),
    ${sql.lit(`${stage}_seconds`)}, percentile_cont(array[0.5, 0.9]) within group (order by ${seconds}) filter (where ${measured})`;
}

/** The stages split in two halves of about the same number of lines to sort. */
const STAGE_HALVES: ProcessingStage[][] = [PROCESSING_STAGES.slice(0, 3), PROCESSING_STAGES.slice(3)];

interface LateRow {
  returnId: string;
  number: string;
  startedMs: number;
  refundedMs: number | null;
}

interface ProcessingRow {
  /** Each half of the stages' figures, as one json object: `<stage>_count` and `<stage>_seconds`. */
  parts: unknown;
  refunds: number;
  within_deadline: number;
  late_total: number;
  late: unknown;
}

/**
 * Processing time per stage and the legal refund deadline, over the counted return lines
 * requested in the period (see docs/analytics.md, "Processing time"). Stages are timed per line,
 * since lines of one return are received, inspected and refunded at moments of their own; the
 * deadline is judged per return, as the law speaks of the refund of a withdrawal.
 *
 * Reads the narrow analytics_counted_lines: the stages' percentiles sort only float8 seconds (three
 * stages by three, side by side where PostgreSQL can), and the returns due a refund are grouped on
 * their integer key. Only the late returns listed (at most
 * LATE_LISTED) get their id back from the dictionary and their number from the wide fact table.
 */
export async function processingReport(ctx: AppContext, f: AnalyticsFilters): Promise<ProcessingReport> {
  const scope = await factScope(ctx, f);
  const now = ctx.now();
  const deadline = sql`make_interval(days => ${LEGAL_REFUND_DAYS})`;
  const inScope = countedLineConditions(scope, 'requested', 'l');
  // The percentiles are the report's cost: twelve of them, each sorting a year's lines. Sorts
  // cannot be shared out between processes, so the stages are read by two subqueries of three
  // stages each, which PostgreSQL runs side by side (a parallel append) where it can.
  const halves = STAGE_HALVES.map(
    (stages) =>
      sql`select json_build_object(${sql.join(stages.map(stageFigures))}) as figures
        from analytics_counted_lines l where ${inScope}`,
  );
  // A return is refunded when every counted line to be refunded has its money out; its clock
  // starts at the withdrawal, else the request. Returns are grouped on their integer key.
  const { rows } = await sql<ProcessingRow>`with judged as (
      select *, refunded_at is not null and refunded_at - started_at <= ${deadline} as within_deadline,
        coalesce(refunded_at, ${now}::timestamptz) - started_at > ${deadline} as late
      from (
        select l.return_key, min(coalesce(l.withdrawal_at, l.requested_at)) as started_at,
          case when bool_and(l.refunded_at is not null) then max(l.refunded_at) end as refunded_at
        from analytics_counted_lines l
        where ${inScope} and coalesce(l.granted_resolution, l.requested_resolution) = 'refund'
        group by l.return_key
      ) due
    ), legal as (
      select count(*) filter (where refunded_at is not null or late)::int as refunds,
        count(*) filter (where within_deadline)::int as within_deadline,
        count(*) filter (where late)::int as late_total
      from judged
    ), earliest_late as (
      -- Ties on the start are broken by the return's id, which only the dictionary knows: every
      -- return tied with the last one listed is kept for that.
      select return_key, started_at, refunded_at from judged where late
      order by started_at fetch first ${LATE_LISTED} rows with ties
    ), late_listed as (
      select x.*, ${idOfKey(sql`x.return_key`)} as return_id from earliest_late x
      order by started_at, return_id limit ${LATE_LISTED}
    )
    select stages.parts, legal.*, (
      select json_agg(json_build_object('returnId', x.return_id, 'number', (
          select min(w.return_number) from analytics_return_lines w
          where w.return_id = x.return_id and w.counted and ${returnLineConditions(scope, 'requested', 'w')}
            and coalesce(w.granted_resolution, w.requested_resolution) = 'refund'),
        'startedMs', extract(epoch from x.started_at) * 1000, 'refundedMs', extract(epoch from x.refunded_at) * 1000)
        order by x.started_at, x.return_id)
      from late_listed x) as late
    from (select json_agg(figures) as parts from (${sql.join(halves, sql` union all `)}) s) stages, legal`.execute(scope.db);
  const row = rows[0] as ProcessingRow;
  const figures: Record<string, unknown> = Object.assign({}, ...jsonOf<Record<string, unknown>[]>(row.parts, []));
  return {
    stages: PROCESSING_STAGES.map((stage) => {
      const seconds = asNumbers(figures[`${stage}_seconds`]);
      return {
        stage,
        count: Number(figures[`${stage}_count`] ?? 0),
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
