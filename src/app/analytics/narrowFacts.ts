import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { addDays } from '../../domain/calendar.js';
import { allOf, basisDay, dimensionConditions, type FactBasis, type FactScope } from './factFilters.js';

/**
 * The dashboards' reads of the narrow facts (migration 0042): analytics_counted_lines (the counted
 * return lines), analytics_sales_cells (sales per day) and analytics_sales_months (per month), where
 * ids are integer keys of analytics_keys. The filters become conditions on those keys here, and a
 * key read back becomes its id again with `idOfKey`.
 */

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

/** The filters' dimensions on a narrow fact table under `alias` (the warehouse only on lines). */
const keyConditions = (scope: FactScope, alias: string, withWarehouse: boolean) =>
  dimensionConditions(scope, alias, withWarehouse, 'narrow');

const between = (day: RawBuilder<unknown>, from: string, to: string) =>
  sql<SqlBool>`${day} between ${from}::date and ${to}::date`;

/** The filters, period on the basis' day included, as one condition on analytics_counted_lines
 * under `alias` (every row there is counted). */
export function countedLineConditions(scope: FactScope, basis: FactBasis, alias = 'l'): RawBuilder<SqlBool> {
  return allOf([
    ...keyConditions(scope, alias, true),
    between(col(alias, basisDay(basis)), scope.filters.from, scope.filters.to),
  ]);
}

/** The filters (no warehouse: sales are not routed) on analytics_sales_cells under `alias`, the
 * period on the order day. */
export function salesCellConditions(scope: FactScope, alias = 's'): RawBuilder<SqlBool> {
  return allOf([...keyConditions(scope, alias, false), between(col(alias, 'day'), scope.filters.from, scope.filters.to)]);
}

/** What a report does with the sales rows it reads: bucket them by the trend's interval, or only
 * sum them over the whole period. */
export type SalesUse = 'trend' | 'period';

const monthStart = (day: string) => `${day.slice(0, 8)}01`;
/** The first day of the month after the one starting on `month` (40 days on always lands in it). */
const nextMonth = (month: string) => monthStart(addDays(month, 40));

/** The first days of the first and last whole months inside a period, or null when none is whole. */
export function wholeMonths(from: string, to: string): { first: string; last: string } | null {
  const first = from.endsWith('-01') ? from : nextMonth(monthStart(from));
  const last = addDays(to, 1).endsWith('-01') ? monthStart(to) : monthStart(addDays(monthStart(to), -1));
  return first <= last ? { first, last } : null;
}

/**
 * The sales rows in the filters' scope, as a subquery with the columns of analytics_sales_cells
 * (day, currency, sku_key, channel_key, country, segment, variant_key, product_key, category_key,
 * units, value_amount, lines). A month inside the period wholly is read from analytics_sales_months
 * (its rows' `day` is the month's first day), the days at the period's edges from the cells: a year
 * is then about 180,000 rows instead of 800,000. For a trend that is not monthly, or `use` 'trend'
 * with weeks or days, every row is a day's.
 */
export function salesRows(scope: FactScope, use: SalesUse): RawBuilder<unknown> {
  const { from, to } = scope.filters;
  const months = use === 'period' || scope.interval === 'month' ? wholeMonths(from, to) : null;
  const cells = (a: string, b: string) =>
    sql`select day, currency, sku_key, channel_key, country, segment, variant_key, product_key, category_key, units,
        value_amount, lines
      from analytics_sales_cells s where ${allOf([...keyConditions(scope, 's', false), between(sql.ref('s.day'), a, b)])}`;
  if (months === null) return sql`(${cells(from, to)})`;
  const parts = [
    sql`select month as day, currency, sku_key, channel_key, country, segment, variant_key, product_key, category_key,
        units, value_amount, lines
      from analytics_sales_months s where ${allOf([...keyConditions(scope, 's', false), between(sql.ref('s.month'), months.first, months.last)])}`,
  ];
  if (from < months.first) parts.push(cells(from, addDays(months.first, -1)));
  const afterLast = nextMonth(months.last);
  if (afterLast <= to) parts.push(cells(afterLast, to));
  return sql`(${sql.join(parts, sql` union all `)})`;
}

/** The id a key of analytics_keys stands for (null for a null key), for a report's few output rows. */
export function idOfKey(key: RawBuilder<unknown>): RawBuilder<string | null> {
  return sql<string | null>`(select k.value from analytics_keys k where k.id = ${key})`;
}
