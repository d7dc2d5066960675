import { sql } from 'kysely';
import {
  approximationHolds,
  benjaminiHochberg,
  DEFAULT_CONFIDENCE,
  DEFAULT_MIN_UNITS_SOLD,
  isSignificant,
  PROBLEM_PRODUCT_TEST_NAME,
  twoProportionTest,
} from '../../../domain/analytics/significance.js';
import { RetourError } from '../../../domain/errors.js';
import { getShopSettingsCached } from '../../admin/shopSettings.js';
import type { AppContext } from '../../kernel/context.js';
import type { AnalyticsFilters, ProblemProductsReport } from '../analyticsTypes.js';
import { type FactScope, factScope, jsonOf, returnLineConditions, salesDayConditions } from '../factFilters.js';

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
}

interface DetailRow {
  product_id: string;
  title: string | null;
  category: string | null;
  reason_code: string | null;
  reason_label: string | null;
  reason_units: number | null;
  returned_units: number | null;
  comments: unknown;
}

function invalidOption(path: string, message: string): RetourError {
  return new RetourError('invalid', 'ANALYTICS_OPTION_INVALID', message, [{ path, message }]);
}

/**
 * Products returned significantly more often than the rest of their category, among orders placed
 * in the period (order day): units sold (analytics_sales_days) against counted return lines of
 * those orders. Each product with at least `minUnitsSold` units is tested one-sided against the rest
 * of its category (see src/domain/analytics/significance.ts) when at least 5 of its units came back
 * and every expected count is at least 5; the p-values of those tested are adjusted by
 * Benjamini–Hochberg, and those whose adjusted value is below 1 − `confidence` are listed by z-score, with their dominant reason and the comments behind it. A product filter
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
      const reasonUnits = Number(detail?.reason_units ?? 0);
      const returnedUnits = Number(detail?.returned_units ?? 0);
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
          detail?.reason_code && returnedUnits > 0
            ? { code: detail.reason_code, label: detail.reason_label ?? detail.reason_code, share: reasonUnits / returnedUnits }
            : null,
        comments: jsonOf<string[]>(detail?.comments, []),
      };
    }),
  };
}

/**
 * Every product's units sold and returned with its category's totals, for the products sold at
 * least `minUnits` times. A product is put in one category (the one of its latest sale in the
 * period; on one day, the first by id), so a category's totals are the sum of its products'; lines without a product are left
 * out, as they cannot be a problem product.
 */
async function candidates(scope: FactScope, minUnits: number, productId: string | undefined): Promise<CandidateRow[]> {
  // Sales are summed per product and category first (a hash over the period's rows, no sort of
  // them), then each product takes the category of its latest sale from those few groups.
  const { rows } = await sql<CandidateRow>`with sold_in as (
      select s.product_id, s.category_id, sum(s.units)::bigint as sold, max(s.day) as last_day
      from analytics_sales_days s
      where ${salesDayConditions(scope, 's')} and s.product_id is not null
      group by s.product_id, s.category_id
    ), sold as (
      select distinct on (product_id) product_id, category_id, sum(sold) over (partition by product_id)::bigint as sold
      from sold_in order by product_id, last_day desc, category_id
    ), returned as (
      select l.product_id, sum(l.quantity)::bigint as returned
      from analytics_return_lines l
      -- Only products sold can be tested: their lines are ranges of the product's index, read alone.
      where ${returnLineConditions(scope, 'ordered', 'l')} and l.counted and l.product_id = any(array(select product_id from sold_in))
      group by l.product_id
    ), products as (
      select s.product_id, s.category_id, s.sold, coalesce(r.returned, 0)::bigint as returned
      from sold s left join returned r on r.product_id = s.product_id
    ), categories as (
      select category_id, sum(sold)::bigint as category_sold, sum(returned)::bigint as category_returned
      from products group by category_id
    )
    select p.product_id, p.category_id, p.sold, p.returned, c.category_sold, c.category_returned
    from products p join categories c on c.category_id is not distinct from p.category_id
    where p.sold >= ${minUnits} ${productId === undefined ? sql`` : sql`and p.product_id = ${productId}`}`.execute(scope.db);
  return rows.map((r) => ({
    ...r,
    sold: Number(r.sold),
    returned: Number(r.returned),
    category_sold: Number(r.category_sold),
    category_returned: Number(r.category_returned),
  }));
}

/**
 * For the products shown: title and the name of the category they were tested in, the reason with most of their returned units
 * (ties by code) with its label in the shop's language, and the latest comments of that reason.
 */
async function productDetails(
  scope: FactScope,
  products: Pick<CandidateRow, 'product_id' | 'category_id'>[],
  locale: string,
): Promise<Map<string, DetailRow>> {
  const shown = sql.join(products.map((p) => sql`(${p.product_id}::text, ${p.category_id}::text)`));
  const period = returnLineConditions(scope, 'ordered', 'l');
  // The shown products' lines are grouped once per product and reason (a product's total is the sum
  // of its groups); the comments are read per product, newest first, from the index of commented
  // lines, stopping at the few shown instead of numbering every commented line of the period.
  const { rows } = await sql<DetailRow>`with shown(product_id, category_id) as (values ${shown}),
    grouped as (
      select l.product_id, l.reason_code, min(l.reason_id) as reason_id, sum(l.quantity)::bigint as units
      from analytics_return_lines l
      where ${period} and l.counted and l.product_id = any(array(select product_id from shown))
      group by l.product_id, l.reason_code
    ), totals as (
      select product_id, sum(units)::bigint as units from grouped group by product_id
    ), by_reason as (
      select distinct on (product_id) product_id, reason_code, reason_id, units
      from grouped where reason_code is not null
      order by product_id, units desc, reason_code
    )
    select shown.product_id, p.title, c.name as category, br.reason_code, br.units as reason_units, t.units as returned_units,
      coalesce(rs.labels->>${locale}, rs.labels->>'en', br.reason_code) as reason_label,
      (select json_agg(x.comment order by x.requested_at desc, x.return_line_id) from (
        select l.comment, l.requested_at, l.return_line_id from analytics_return_lines l
        where ${period} and l.counted and l.product_id = br.product_id and l.reason_code = br.reason_code
          and btrim(coalesce(l.comment, '')) <> ''
        order by l.requested_at desc, l.return_line_id limit ${COMMENTS_SHOWN}) x) as comments
    from shown
    left join products p on p.id = shown.product_id
    left join categories c on c.id = shown.category_id
    left join by_reason br on br.product_id = shown.product_id
    left join totals t on t.product_id = shown.product_id
    left join reasons rs on rs.id = br.reason_id`.execute(scope.db);
  return new Map(rows.map((r) => [r.product_id, r]));
}
