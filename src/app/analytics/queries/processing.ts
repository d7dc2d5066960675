import { type RawBuilder, sql } from 'kysely';
import type { AppContext } from '../../kernel/context.js';
import { type AnalyticsFilters, PROCESSING_STAGES, type ProcessingReport, type ProcessingStage } from '../analyticsTypes.js';
import { type FactScope, factScope, jsonOf, returnLineConditions, shareOf } from '../factFilters.js';
import { countedLineConditions, idOfKey } from '../narrowFacts.js';

/** The EU's refund deadline: 14 days from the withdrawal (or, without one, the request). */
export const LEGAL_REFUND_DAYS = 14;
/** The late refunds a report lists at most (lateTotal counts them all). */
export const LATE_LISTED = 100;

const DAY_MS = 86_400_000;

/** A stage's seconds on a line, as a column of the scan: null for a line the stage does not time
 * (both moments known and the end not before the start, worked out when the narrow line is
 * written: see migration 0042). The stages run request → approval → first scan → receipt →
 * inspection → refund, and request_to_refund spans the whole journey. */
const stageSeconds = (stage: ProcessingStage) => sql`${sql.ref(`l.stage_${stage}`)} as ${sql.id(stage)}`;

/** A stage's count and p50/p90 seconds as json_build_object's arguments, over its column of
 * seconds: count and percentile_cont both pass over the nulls of the lines it does not time. */
function stageFigures(stage: ProcessingStage) {
  const seconds = sql.ref(`t.${stage}`);
  return sql`${sql.lit(`${stage}_count`)}, count(${seconds}),
    ${sql.lit(`${stage}_seconds`)}, percentile_cont(array[0.5, 0.9]) within group (order by ${seconds})`;
}

/** The stages split in two halves of about the same number of lines to sort. */
const STAGE_HALVES: ProcessingStage[][] = [PROCESSING_STAGES.slice(0, 3), PROCESSING_STAGES.slice(3)];

/**
 * The counted lines requested in the period, as a subquery of `columns` for a `from`. The lines
 * lie in the table about in the order of the day they were requested, so the index on (currency,
 * requested_day) reads a year's lines from the year's pages alone, without testing the other
 * rows nor each row's currency: on a shop of a million orders, under half a sequential scan's
 * time. The planner prices the index's page reads as if they were from disk and takes the
 * sequential scan for a year; asking for the index's order (which nothing above needs) makes it
 * count the sort a sequential scan would need. For a short period it may still read by bitmap and
 * sort its few lines, a few milliseconds. `offset 0` keeps the subquery apart, so each column is
 * worked out once per line whatever reads it above.
 */
function periodLines(scope: FactScope, columns: RawBuilder<unknown>) {
  return sql`(select ${columns} from analytics_counted_lines l
    where ${countedLineConditions(scope, 'requested', 'l')} order by l.requested_day offset 0)`;
}

interface LateRow {
  returnId: string;
  number: string;
  startedMs: number;
  refundedMs: number | null;
}

interface LegalRow {
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
 * Reads the narrow analytics_counted_lines in three statements sent at once (PostgreSQL runs them
 * on connections of their own, side by side; the embedded database in turn): each half of the
 * stages, and the deadline. The percentiles sort only float8 seconds; the returns due a refund are
 * grouped on their integer key, and only the late returns listed (at most LATE_LISTED) get their
 * id back from the dictionary and their number from the wide fact table.
 */
export async function processingReport(ctx: AppContext, f: AnalyticsFilters): Promise<ProcessingReport> {
  const scope = await factScope(ctx, f);
  const now = ctx.now();
  // The percentiles are the report's cost: twelve of them, each sorting a year's lines. Sorts
  // cannot be shared out between processes, so each half of the stages is a statement of its own.
  const [legal, ...halves] = await Promise.all([legalOf(scope, now), ...STAGE_HALVES.map((stages) => stagesOf(scope, stages))]);
  const figures: Record<string, unknown> = Object.assign({}, ...halves);
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
      refunds: legal.refunds,
      withinDeadline: legal.within_deadline,
      share: shareOf(legal.within_deadline, legal.refunds),
      late: jsonOf<LateRow[]>(legal.late, []).map((late) => ({
        returnId: late.returnId,
        number: late.number,
        startedAt: new Date(Number(late.startedMs)).toISOString(),
        refundedAt: late.refundedMs === null ? null : new Date(Number(late.refundedMs)).toISOString(),
        days: elapsedDays(Number(late.startedMs), late.refundedMs === null ? now.getTime() : Number(late.refundedMs)),
      })),
      lateTotal: legal.late_total,
    },
  };
}

/** Some stages' counts and p50/p90 seconds (`<stage>_count`, `<stage>_seconds`) in one pass over
 * the period's lines. Each line's seconds are worked out once per stage, in a scan below the
 * aggregates (offset 0 keeps it there), not once for the count and again for the percentile. */
async function stagesOf(scope: FactScope, stages: ProcessingStage[]): Promise<Record<string, unknown>> {
  const { rows } = await sql<{ figures: unknown }>`select json_build_object(${sql.join(stages.map(stageFigures))}) as figures
    from ${periodLines(scope, sql.join(stages.map(stageSeconds)))} t`.execute(scope.db);
  return jsonOf<Record<string, unknown>>(rows[0]?.figures, {});
}

/**
 * The legal deadline over the returns due a refund: a return is refunded when every counted line
 * to be refunded has its money out; its clock starts at the withdrawal, else the request. Returns
 * are grouped on their integer key; the late ones listed read their id from the dictionary and
 * their number from the wide fact table (by its index on the return).
 */
async function legalOf(scope: FactScope, now: Date): Promise<LegalRow> {
  const deadline = sql`make_interval(days => ${LEGAL_REFUND_DAYS})`;
  const { rows } = await sql<LegalRow>`with judged as (
      select *, refunded_at is not null and refunded_at - started_at <= ${deadline} as within_deadline,
        coalesce(refunded_at, ${now}::timestamptz) - started_at > ${deadline} as late
      from (
        select l.return_key, min(l.started_at) as started_at,
          case when bool_and(l.refunded_at is not null) then max(l.refunded_at) end as refunded_at
        from (
          -- Sorted on the return, about the order they come in already, the lines are grouped one
          -- return after another: cheaper than a hash table of a year's returns.
          select * from ${periodLines(
            scope,
            sql`l.return_key, coalesce(l.withdrawal_at, l.requested_at) as started_at, l.refunded_at,
              coalesce(l.granted_resolution, l.requested_resolution) = 'refund' as refund_due`,
          )} l
          where l.refund_due order by l.return_key offset 0
        ) l
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
    select legal.*, (
      select json_agg(json_build_object('returnId', x.return_id, 'number', (
          select min(w.return_number) from analytics_return_lines w
          where w.return_id = x.return_id and w.counted and ${returnLineConditions(scope, 'requested', 'w')}
            and coalesce(w.granted_resolution, w.requested_resolution) = 'refund'),
        'startedMs', extract(epoch from x.started_at) * 1000, 'refundedMs', extract(epoch from x.refunded_at) * 1000)
        order by x.started_at, x.return_id)
      from late_listed x) as late
    from legal`.execute(scope.db);
  return rows[0] as LegalRow;
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
