import { type RawBuilder, sql } from 'kysely';
import {
  approximationHolds,
  benjaminiHochberg,
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_UNITS_SOLD,
  isSignificant,
  PROBLEM_PRODUCT_TEST_NAME,
  twoProportionTest,
} from '../../../domain/analytics/significance.js';
import { addDays } from '../../../domain/calendar.js';
import { RetourError } from '../../../domain/errors.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, ProblemProductsReport } from '../analyticsTypes.js';
import { type FactScope, factScope, jsonOf, returnLineConditions } from '../factFilters.js';
import { countedLineConditions, idOfKey, salesCellConditions, wholeMonths } from '../narrowFacts.js';

/** Comments shown behind a product's dominant reason. */
export const COMMENTS_SHOWN = 5;

export interface ProblemProductsOptions {
  confidence: number;
  minUnitsSold: number;
  limit: number;
}

export const PROBLEM_PRODUCTS_DEFAULTS: ProblemProductsOptions = {
  confidence: DEFAULT_CONFIDENCE,
  minUnitsSold: DEFAULT_MIN_UNITS_SOLD,
  limit: 20,
};

interface CandidateRow {
  product_id: string;
  category_id: string | null;
  sold: number;
  returned: number;
  category_sold: number;
  category_returned: number;
  /** The reason code with most of the product's returned units (null when none of them has a code). */
  reason_code: string | null;
  /** The reason id behind that code (null for a code the shop's reasons do not hold). */
  reason_id: string | null;
  reason_units: number;
}

interface DetailRow {
  product_id: string;
  title: string | null;
  category: string | null;
  reason_label: string | null;
  comments: unknown;
}

function invalidOption(path: string, message: string): RetourError {
  return new RetourError('invalid', 'ANALYTICS_OPTION_INVALID', message, [{ path, message }]);
}

/**
 * Products returned significantly more often than the rest of their category, among orders placed
 * in the period (order day): units sold against counted return lines of those orders (both from
 * the narrow facts, see `candidates`). Each product with at least `minUnitsSold` units is tested one-sided against the rest
 * of its category (see src/domain/analytics/significance.ts) when at least 5 of its units came back
 * and every expected count is at least 5; the p-values of those tested are adjusted by
 * Benjamini–Hochberg, and those whose adjusted value is below 1 − `confidence` are listed by
 * z-score, with their dominant reason and the comments behind it. A product filter
 * picks the product shown; its category's rest is still every other product of that category.
 */
export async function problemProductsReport(
  ctx: AppContext,
  f: AnalyticsFilters,
  o: ProblemProductsOptions,
): Promise<ProblemProductsReport> {
  if (!(o.confidence > 0 && o.confidence < 1)) throw invalidOption('confidence', 'a confidence between 0 and 1, such as 0.95');
  if (!(Number.isInteger(o.minUnitsSold) && o.minUnitsSold >= 1))
    throw invalidOption('minUnitsSold', 'a whole number of at least 1');
  const { productId, ...rest } = f;
  const scope = await factScope(ctx, rest);
  const test = { name: PROBLEM_PRODUCT_TEST_NAME, confidence: o.confidence, minUnitsSold: o.minUnitsSold };

  // Only where the normal approximation holds; then the products tested are one family, whose
  // p-values are adjusted together (Benjamini–Hochberg) before any is called significant.
  const all = (await candidates(scope, o.minUnitsSold, productId)).flatMap((row) => {
    const subject = { units: row.sold, returned: row.returned };
    const other = { units: row.category_sold - row.sold, returned: row.category_returned - row.returned };
    const result = approximationHolds(subject, other) ? twoProportionTest(subject, other) : null;
    return result ? [{ row, result }] : [];
  });
  const qValues = benjaminiHochberg(all.map((t) => t.result.pValue));
  const tested = all.map((t, i) => ({ ...t, qValue: qValues[i] as number })).filter((t) => isSignificant(t.qValue, o.confidence));
  tested.sort((a, b) => b.result.zScore - a.result.zScore || (a.row.product_id < b.row.product_id ? -1 : 1));
  const shown = tested.slice(0, Math.max(0, o.limit));
  if (shown.length === 0) return { test, rows: [] };

  const { defaultLocale } = await getShopSettingsCached(ctx.caches, ctx.db);
  const details = await productDetails(
    scope,
    shown.map((s) => s.row),
    defaultLocale,
  );
  return {
    test,
    rows: shown.map(({ row, result, qValue }) => {
      const detail = details.get(row.product_id);
      return {
        productId: row.product_id,
        title: detail?.title ?? row.product_id,
        categoryId: row.category_id,
        category: detail?.category ?? null,
        unitsSold: row.sold,
        unitsReturned: row.returned,
        rate: result.rate,
        categoryRate: result.otherRate,
        zScore: result.zScore,
        pValue: result.pValue,
        qValue,
        dominantReason:
          row.reason_code && row.returned > 0
            ? { code: row.reason_code, label: detail?.reason_label ?? row.reason_code, share: row.reason_units / row.returned }
            : null,
        comments: jsonOf<string[]>(detail?.comments, []),
      };
    }),
  };
}

/**
 * Every product's units sold and returned with its category's totals and its dominant reason, for
 * the products sold at least `minUnits` times. A product is put in one category (the one of its
 * latest sale in the period; on one day, the first by id), so a category's totals are the sum of its
 * products'; lines without a product are left out, as they cannot be a problem product.
 *
 * Reads the narrow facts: sales from whole months of analytics_sales_months and the period's edge
 * days from analytics_sales_cells, the counted return lines of the period's orders from
 * analytics_counted_lines. Both are grouped on integer keys (a parallel scan and a hash of a few
 * hundred groups); ids are decoded only on the grouped rows.
 */
async function candidates(scope: FactScope, minUnits: number, productId: string | undefined): Promise<CandidateRow[]> {
  const { rows } = await sql<CandidateRow>`with sold_in as (
      select product_key, category_key, sum(sold)::bigint as sold, max(last_day) as last_day
      from (${sql.join(soldParts(scope), sql` union all `)}) parts
      group by product_key, category_key
    ), several as (
      -- A whole month's row stands on the month's first day, so a product sold in more than one
      -- category (moved during the period: rare) has its latest sale day per category read again
      -- from the daily cells, from its latest month on.
      select product_key, max(last_day) as since from sold_in group by product_key having count(*) > 1
    ), latest as (
      select s.product_key, s.category_key, max(s.day) as last_day
      from analytics_sales_cells s
      where ${salesCellConditions(scope, 's')} and s.day >= (select min(since) from several)
        and s.product_key in (select product_key from several)
      group by s.product_key, s.category_key
    ), sold as (
      select distinct on (i.product_key) i.product_key, i.category_key,
        sum(i.sold) over (partition by i.product_key)::bigint as sold
      from sold_in i left join latest x on x.product_key = i.product_key and x.category_key is not distinct from i.category_key
      order by i.product_key, coalesce(x.last_day, i.last_day) desc, ${idOfKey(sql.ref('i.category_key'))}
    ), by_code as (
      -- Units returned per product and reason code (a code's reason id is the least of its lines').
      select r.product_key, r.reason_code, sum(r.units)::bigint as units, min(${idOfKey(sql.ref('r.reason_key'))}) as reason_id
      from (
        select l.product_key, l.reason_code, l.reason_key, sum(l.quantity)::bigint as units
        from analytics_counted_lines l
        where ${countedLineConditions(scope, 'ordered', 'l')} and l.product_key is not null
        group by l.product_key, l.reason_code, l.reason_key
      ) r
      group by r.product_key, r.reason_code
    ), returned as (
      -- Every returned unit of the product, lines without a code included.
      select product_key, sum(units)::bigint as returned from by_code group by product_key
    ), dominant as (
      select distinct on (product_key) product_key, reason_code, reason_id, units
      from by_code where reason_code is not null
      order by product_key, units desc, reason_code
    ), products as (
      select s.product_key, s.category_key, s.sold, coalesce(r.returned, 0)::bigint as returned
      from sold s left join returned r on r.product_key = s.product_key
    ), categories as (
      select category_key, sum(sold)::bigint as category_sold, sum(returned)::bigint as category_returned
      from products group by category_key
    )
    select * from (
      select ${idOfKey(sql.ref('p.product_key'))} as product_id, ${idOfKey(sql.ref('p.category_key'))} as category_id,
        p.sold, p.returned, c.category_sold, c.category_returned, d.reason_code, d.reason_id, coalesce(d.units, 0) as reason_units
      from products p
      join categories c on c.category_key is not distinct from p.category_key
      left join dominant d on d.product_key = p.product_key
      where p.sold >= ${minUnits}
    ) x ${productId === undefined ? sql`` : sql`where x.product_id = ${productId}`}`.execute(scope.db);
  return rows.map((r) => ({
    ...r,
    sold: Number(r.sold),
    returned: Number(r.returned),
    category_sold: Number(r.category_sold),
    category_returned: Number(r.category_returned),
    reason_units: Number(r.reason_units),
  }));
}

/**
 * Units sold per product and category, and the day of the latest sale (a whole month's is its first
 * day), in parts: the period's whole months from analytics_sales_months and its edge days from
 * analytics_sales_cells (the split salesRows makes). Each part is grouped on its own, side by side
 * in the parallel workers, and only their few hundred groups are added up: grouping the union of
 * their rows, as over salesRows, carries every row through one process.
 */
function soldParts(scope: FactScope): RawBuilder<unknown>[] {
  const { from, to } = scope.filters;
  const part = (table: RawBuilder<unknown>, first: string, last: string) =>
    sql`select s.product_key, s.category_key, sum(s.units) as sold, max(s.day) as last_day
      from ${table} s
      where ${salesCellConditions(scope, 's')} and s.day between ${first}::date and ${last}::date and s.product_key is not null
      group by s.product_key, s.category_key`;
  const cells = sql`analytics_sales_cells`;
  const months = wholeMonths(from, to);
  if (months === null) return [part(cells, from, to)];
  // The monthly rows under the cells' column names, so that the same conditions apply to them.
  const monthly = sql`(select month as day, currency, channel_key, country, segment, product_key, category_key, units
    from analytics_sales_months)`;
  const parts = [part(monthly, months.first, months.last)];
  if (from < months.first) parts.push(part(cells, from, addDays(months.first, -1)));
  // The first day after the last whole month (40 days on always lands in the next month).
  const afterLast = `${addDays(months.last, 40).slice(0, 8)}01`;
  if (afterLast <= to) parts.push(part(cells, afterLast, to));
  return parts;
}

/**
 * For the products shown: title and the name of the category they were tested in, the label of
 * their dominant reason in the shop's language, and the latest comments of that reason. Comments
 * are not in the narrow facts, so they are read from analytics_return_lines, newest first through
 * its index of commented lines (analytics_return_lines_comments), stopping at the few shown.
 */
async function productDetails(scope: FactScope, products: CandidateRow[], locale: string): Promise<Map<string, DetailRow>> {
  const shown = sql.join(
    products.map((p) => sql`(${p.product_id}::text, ${p.category_id}::text, ${p.reason_code}::text, ${p.reason_id}::text)`),
  );
  const { rows } = await sql<DetailRow>`with shown(product_id, category_id, reason_code, reason_id) as (values ${shown})
    select shown.product_id, p.title, c.name as category,
      coalesce(rs.labels->>${locale}, rs.labels->>'en', shown.reason_code) as reason_label,
      (select json_agg(x.comment order by x.requested_at desc, x.return_line_id) from (
        select l.comment, l.requested_at, l.return_line_id from analytics_return_lines l
        where ${returnLineConditions(scope, 'ordered', 'l')} and l.counted and l.product_id = shown.product_id
          and l.reason_code = shown.reason_code and btrim(coalesce(l.comment, '')) <> ''
        order by l.requested_at desc, l.return_line_id limit ${COMMENTS_SHOWN}) x) as comments
    from shown
    left join products p on p.id = shown.product_id
    left join categories c on c.id = shown.category_id
    left join reasons rs on rs.id = shown.reason_id`.execute(scope.db);
  return new Map(rows.map((r) => [r.product_id, r]));
}
