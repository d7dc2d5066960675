import { sql } from 'kysely';
import { bucketsOf } from '../../../domain/analytics/intervals.js';
import { addDays, startOfLocalDay } from '../../../domain/calendar.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, ExperienceReport } from '../analyticsTypes.js';
import { bucketExpr, type FactScope, factScope, jsonOf, returnLineDimensionConditions, shareOf } from '../factFilters.js';
import { countedLineConditions } from '../narrowFacts.js';

/** The latest comments a report shows. */
export const LATEST_COMMENTS = 20;
/** The re-purchase windows after a return, in days. */
export const REPURCHASE_DAYS = [30, 90] as const;

interface RatingsRow {
  ratings: number;
  average: number | null;
  distribution: unknown;
  trend: unknown;
  comments: unknown;
}

interface ReturnersRow {
  customers: number;
  within30: number;
  within90: number;
  gross: number;
  returned: number;
}

type ExperienceRow = RatingsRow & ReturnersRow;

/**
 * Shopper experience (docs/analytics.md, "Shopper experience"): ratings given in the period (the
 * feedback's own day, shop time zone) on returns with a line in the filters' scope; the latest
 * comments; and, for the customers with a counted return line requested in the period (each once,
 * from their first such return), whether they ordered again within 30 and 90 days and their
 * lifetime value net of what went back as money (analytics_customer_figures, in the filtered
 * currency). The ratings and the returners are two statements with nothing in common, asked at
 * once on two connections.
 */
export async function experienceReport(ctx: AppContext, f: AnalyticsFilters): Promise<ExperienceReport> {
  const scope = await factScope(ctx, f);
  const { timezone } = await getShopSettingsCached(ctx.caches, ctx.db);
  const [ratings, returners] = await Promise.all([ratingsOf(scope, timezone), returnersOf(scope)]);
  return present({ ...ratings, ...returners }, f, scope);
}

/**
 * The ratings given in the period on returns with a line (any, counted or not: "whatever became of
 * that line") within the filters' dimensions, and the latest with a comment. Whether a return has
 * such a line is asked of analytics_return_lines, through its index of each return's lines with the
 * filters' columns (analytics_return_lines_return_scope): the narrow facts hold counted lines only.
 * The ratings are counted once per day and rating, and the count, average, distribution and trend
 * are added up from those few groups; the latest comments are checked newest first, stopping at the
 * few shown.
 */
async function ratingsOf(scope: FactScope, timezone: string): Promise<RatingsRow> {
  const f = scope.filters;
  const start = startOfLocalDay(f.from, timezone);
  const end = startOfLocalDay(addDays(f.to, 1), timezone);
  const inScope = sql`exists (select 1 from analytics_return_lines l where l.return_id = fb.return_id
    and ${returnLineDimensionConditions(scope, 'l')})`;
  // An average as avg() of the ratings makes it: the numeric quotient of their sum and count.
  const average = sql`(sum(rating * n)::numeric / sum(n))::float8`;
  const { rows } = await sql<RatingsRow>`with rated as (
      select (fb.created_at at time zone ${timezone})::date as day, fb.rating, count(*)::int as n
      from return_feedback fb
      where fb.created_at >= ${start} and fb.created_at < ${end} and ${inScope}
      group by 1, 2
    )
    select (select coalesce(sum(n), 0)::int from rated) as ratings, (select ${average} from rated) as average,
      (select json_agg(json_build_object('rating', rating, 'count', n))
        from (select rating, sum(n) as n from rated group by rating) d) as distribution,
      (select json_agg(json_build_object('period', bucket, 'ratings', n, 'average', a))
        from (select ${bucketExpr(sql.ref('day'), scope.interval)} as bucket, sum(n) as n, ${average} as a
          from rated group by 1) t) as trend,
      (select json_agg(json_build_object('returnId', x.return_id, 'rating', x.rating, 'comment', x.comment,
          'createdMs', extract(epoch from x.created_at) * 1000,
          'number', (select l.return_number from analytics_return_lines l where l.return_id = x.return_id limit 1))
        order by x.created_at desc, x.return_id)
        from (
          select * from (
            -- Sorted first (offset 0 keeps it a step of its own), so that the scope is checked
            -- only until enough are found.
            select fb.return_id, fb.rating, fb.comment, fb.created_at from return_feedback fb
            where fb.created_at >= ${start} and fb.created_at < ${end} and btrim(coalesce(fb.comment, '')) <> ''
            order by fb.created_at desc, fb.return_id offset 0
          ) fb
          where ${inScope} order by fb.created_at desc, fb.return_id limit ${LATEST_COMMENTS}
        ) x) as comments`.execute(scope.db);
  return rows[0] as RatingsRow;
}

/**
 * The customers with a counted return line requested in the period, whether they ordered again
 * within 30 and 90 days of their first such request, and their gross and returned amounts in the
 * filtered currency. Read from the narrow analytics_counted_lines, grouped on the integer customer
 * key, and joined by that key to analytics_customer_figures (analytics_customers by key), so that
 * the report reads the same pages as the other reports instead of a wide index of its own. A year
 * is 230,000 lines of 100,000 customers: the hash aggregate per customer and the join to their
 * figures are most of the work.
 */
async function returnersOf(scope: FactScope): Promise<ReturnersRow> {
  const within = (days: number) =>
    sql`count(*) filter (where repurchased_at is not null and repurchased_at - requested_at <= make_interval(days => ${days}))::int`;
  const { rows } = await sql<ReturnersRow>`with returners as (
      -- A customer's first order after a request is never earlier for a later request, so the
      -- earliest re-purchase over their returns is the one after their first return: one hash
      -- aggregate per customer instead of sorting every line to find that return.
      select l.customer_key, min(l.requested_at) as requested_at, min(l.repurchased_at) as repurchased_at
      from analytics_counted_lines l
      where ${countedLineConditions(scope, 'requested', 'l')}
      group by l.customer_key
    )
    select count(*)::int as customers, ${within(30)} as within30, ${within(90)} as within90,
      coalesce(sum(c.gross_amount), 0)::bigint as gross, coalesce(sum(c.returned_amount), 0)::bigint as returned
    from returners r
    left join analytics_customer_figures c on c.customer_key = r.customer_key and c.currency = ${scope.filters.currency}`.execute(
    scope.db,
  );
  return rows[0] as ReturnersRow;
}

function present(row: ExperienceRow, f: AnalyticsFilters, scope: FactScope): ExperienceReport {
  const counts = new Map(
    jsonOf<{ rating: number; count: number }[]>(row.distribution, []).map((d) => [d.rating, Number(d.count)]),
  );
  const trend = new Map(
    jsonOf<{ period: string; ratings: number; average: number | null }[]>(row.trend, []).map((t) => [
      t.period,
      { period: t.period, ratings: Number(t.ratings), average: t.average === null ? null : Number(t.average) },
    ]),
  );
  const customers = Number(row.customers);
  const grossAmount = Number(row.gross);
  const returnedAmount = Number(row.returned);
  const netAmount = grossAmount - returnedAmount;
  return {
    ratings: {
      count: Number(row.ratings),
      average: row.average === null ? null : Number(row.average),
      distribution: [1, 2, 3, 4, 5].map((rating) => ({ rating, count: counts.get(rating) ?? 0 })),
    },
    comments: jsonOf<{ returnId: string; number: string | null; rating: number; comment: string; createdMs: number }[]>(
      row.comments,
      [],
    ).map((c) => ({
      returnId: c.returnId,
      number: c.number ?? '',
      rating: Number(c.rating),
      comment: c.comment,
      createdAt: new Date(Number(c.createdMs)).toISOString(),
    })),
    repurchase: {
      customers,
      within30: Number(row.within30),
      within90: Number(row.within90),
      share30: shareOf(Number(row.within30), customers),
      share90: shareOf(Number(row.within90), customers),
    },
    customerValue: {
      customers,
      grossAmount,
      returnedAmount,
      netAmount,
      // An average of minor units, kept whole like every amount.
      netPerCustomer: customers === 0 ? null : Math.round(netAmount / customers),
    },
    trend: bucketsOf(f.from, f.to, scope.interval).map((period) => trend.get(period) ?? { period, ratings: 0, average: null }),
    currency: f.currency,
    interval: scope.interval,
  };
}
