import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { type TrendInterval, trendInterval } from '../../domain/analytics/intervals.js';
import { addDays, localDate } from '../../domain/calendar.js';
import { RetourError } from '../../domain/errors.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { analyticsDbOf } from './analyticsDb.js';
import type { AnalyticsFilters } from './analyticsTypes.js';

/** Which day of a return line the period applies to: the order's day or the request's. */
export type FactBasis = 'ordered' | 'requested';

/** The filters of one report, with what they need resolved once for all its statements. */
export interface FactScope {
  filters: AnalyticsFilters;
  /** The filtered category and every category below it; null without a category filter. */
  categoryIds: string[] | null;
  /** The trend's bucket for the period. */
  interval: TrendInterval;
  /** Where the report reads (the read replica when one is set). */
  db: RetourDb;
  /** The filters' ids as keys of analytics_keys, for the narrow facts (an id the dictionary does
   * not hold is -1, which matches nothing). */
  keys: FilterKeys;
}

/** The filters' ids as keys of analytics_keys; undefined where the filter is not set. */
export interface FilterKeys {
  channel?: number;
  product?: number;
  warehouse?: number;
  /** The category's and its descendants'; null without a category filter. */
  categories: number[] | null;
}

/** A key for an id that is not in the dictionary: no fact has it. */
export const NO_KEY = -1;

/** The filters' ids looked up in the narrow facts' dictionary, in one statement. */
async function filterKeys(db: RetourDb, f: AnalyticsFilters, categoryIds: string[] | null): Promise<FilterKeys> {
  const ids = [f.channelId, f.productId, f.warehouseId, ...(categoryIds ?? [])].filter((id): id is string => id !== undefined);
  const found =
    ids.length === 0
      ? new Map<string, number>()
      : new Map(
          (await db.selectFrom('analytics_keys').select(['id', 'value']).where('value', 'in', ids).execute()).map(
            (k) => [k.value, k.id] as const,
          ),
        );
  const keyOf = (id: string | undefined) => (id === undefined ? undefined : (found.get(id) ?? NO_KEY));
  return {
    channel: keyOf(f.channelId),
    product: keyOf(f.productId),
    warehouse: keyOf(f.warehouseId),
    categories: categoryIds === null ? null : categoryIds.map((id) => found.get(id) ?? NO_KEY),
  };
}

/** The days a period covers when none is given: the last 90 days, today included. */
export const DEFAULT_PERIOD_DAYS = 90;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A 'YYYY-MM-DD' that names a day of the calendar (Date.parse rolls 30 February over into March). */
const isCalendarDay = (day: string) => DAY.test(day) && addDays(day, 0) === day;

function invalidPeriod(message: string, path: string): RetourError {
  return new RetourError('invalid', 'ANALYTICS_PERIOD_INVALID', message, [{ path, message }]);
}

/**
 * Complete filters from what a caller gave: the currency defaults to the shop's, the period to the
 * last 90 days ending today in the shop's time zone (one end given: 90 days from or up to it).
 * Refuses a day that is not 'YYYY-MM-DD' or a period ending before it starts.
 */
export async function analyticsScope(
  ctx: Pick<AppContext, 'db' | 'caches' | 'now'>,
  given: Partial<AnalyticsFilters>,
): Promise<AnalyticsFilters> {
  const shop = await getShopSettingsCached(ctx.caches, ctx.db);
  for (const key of ['from', 'to'] as const) {
    const day = given[key];
    if (day !== undefined && !isCalendarDay(day)) throw invalidPeriod(`${key} must be a day as YYYY-MM-DD`, key);
  }
  const to = given.to ?? (given.from ? addDays(given.from, DEFAULT_PERIOD_DAYS - 1) : localDate(ctx.now(), shop.timezone));
  const from = given.from ?? addDays(to, -(DEFAULT_PERIOD_DAYS - 1));
  if (to < from) throw invalidPeriod('the period ends before it starts', 'to');
  const filters: AnalyticsFilters = { ...given, from, to, currency: given.currency ?? shop.currency };
  // Optional filters left empty mean "all", never "the empty key".
  for (const key of ['channelId', 'country', 'categoryId', 'productId', 'segment', 'warehouseId'] as const)
    if (filters[key] === undefined || filters[key] === '') delete filters[key];
  return filters;
}

/** A category and all its descendants. Categories are few (hundreds), so they are read whole and
 * walked here rather than by a recursive query on every statement of a report. */
export async function categoryWithDescendants(db: RetourDb, categoryId: string): Promise<string[]> {
  const rows = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const children = new Map<string, string[]>();
  for (const row of rows) {
    if (row.parent_id === null) continue;
    const list = children.get(row.parent_id) ?? [];
    list.push(row.id);
    children.set(row.parent_id, list);
  }
  // Only a category that exists has a scope; an unknown id matches nothing.
  if (!rows.some((row) => row.id === categoryId)) return [];
  const out = [categoryId];
  const seen = new Set(out);
  for (let i = 0; i < out.length; i++)
    for (const child of children.get(out[i] as string) ?? [])
      if (!seen.has(child)) {
        seen.add(child);
        out.push(child);
      }
  return out;
}

/** Resolves what the filters need (the category's descendants) once for a report's statements. */
export async function factScope(ctx: Pick<AppContext, 'db' | 'analyticsDb'>, filters: AnalyticsFilters): Promise<FactScope> {
  const db = analyticsDbOf(ctx);
  const categoryIds = filters.categoryId ? await categoryWithDescendants(db, filters.categoryId) : null;
  const keys = await filterKeys(db, filters, categoryIds);
  return { filters, categoryIds, interval: trendInterval(filters.from, filters.to), db, keys };
}

const col = (alias: string, column: string) => sql.ref(`${alias}.${column}`);

function inList(ref: RawBuilder<unknown>, values: readonly (string | number)[]): RawBuilder<SqlBool> {
  if (values.length === 0) return sql<SqlBool>`false`;
  if (values.length === 1) return sql<SqlBool>`${ref} = ${values[0]}`;
  return sql<SqlBool>`${ref} in (${sql.join(values)})`;
}

/** Which fact tables a condition is on: the wide ones hold ids, the narrow ones their keys. */
export type FactWidth = 'wide' | 'narrow';

/**
 * The filters' dimensions as conditions on a fact table under `alias`: currency, channel,
 * country, category with its descendants, product, segment, and the warehouse where the table has
 * one (return lines). On the narrow tables the ids are matched by their keys (`scope.keys`).
 */
export function dimensionConditions(
  scope: FactScope,
  alias: string,
  withWarehouse: boolean,
  width: FactWidth,
): RawBuilder<SqlBool>[] {
  const f = scope.filters;
  const narrow = width === 'narrow';
  const id = (column: string, value: string | undefined, key: number | undefined) =>
    value === undefined ? [] : [sql<SqlBool>`${col(alias, narrow ? `${column}_key` : `${column}_id`)} = ${narrow ? key : value}`];
  const out: RawBuilder<SqlBool>[] = [sql<SqlBool>`${col(alias, 'currency')} = ${f.currency}`];
  out.push(...id('channel', f.channelId, scope.keys.channel));
  if (f.country !== undefined) out.push(sql<SqlBool>`${col(alias, 'country')} = ${f.country}`);
  if (scope.categoryIds !== null)
    out.push(
      narrow
        ? inList(col(alias, 'category_key'), scope.keys.categories ?? [])
        : inList(col(alias, 'category_id'), scope.categoryIds),
    );
  out.push(...id('product', f.productId, scope.keys.product));
  if (f.segment !== undefined) out.push(sql<SqlBool>`${col(alias, 'segment')} = ${f.segment}`);
  if (withWarehouse) out.push(...id('warehouse', f.warehouseId, scope.keys.warehouse));
  return out;
}

export const allOf = (conditions: RawBuilder<SqlBool>[]) => sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;

/** The day column of analytics_return_lines a basis means. */
export const basisDay = (basis: FactBasis) => (basis === 'ordered' ? 'ordered_day' : 'requested_day');

/**
 * The filters as one condition on analytics_return_lines (under `alias`): currency, period on the
 * basis' day, channel, country, category with its descendants, product, segment, warehouse. Use
 * it in `.where(...)` of any builder, or inside raw SQL.
 */
export function returnLineConditions(scope: FactScope, basis: FactBasis, alias = 'analytics_return_lines'): RawBuilder<SqlBool> {
  const day = col(alias, basisDay(basis));
  return allOf([
    ...dimensionConditions(scope, alias, true, 'wide'),
    sql<SqlBool>`${day} between ${scope.filters.from}::date and ${scope.filters.to}::date`,
  ]);
}

/** The filters' dimensions (currency, channel, country, category with its descendants, product,
 * segment, warehouse) as one condition on analytics_return_lines under `alias`, without the period:
 * for a report that reads a customer's lines outside the period too. */
export function returnLineDimensionConditions(scope: FactScope, alias = 'analytics_return_lines'): RawBuilder<SqlBool> {
  return allOf(dimensionConditions(scope, alias, true, 'wide'));
}

/** The first day of the trend bucket a `date` column's value falls in, as 'YYYY-MM-DD' text
 * (weeks start on Monday, as date_trunc's ISO weeks do). The cast to timestamp keeps the session's
 * time zone out of it. */
export function bucketExpr(day: Expression<unknown> | RawBuilder<unknown>, interval: TrendInterval): RawBuilder<string> {
  if (interval === 'day') return sql<string>`(${day})::text`;
  return sql<string>`date_trunc(${sql.lit(interval)}, (${day})::timestamp)::date::text`;
}

/** A json column of a report's row: an object from node-postgres, text from some adapters. */
export function jsonOf<T>(value: unknown, empty: T): T {
  if (value === null || value === undefined) return empty;
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** A sum or count read from a report's row: null (nothing summed) is zero, and int8/numeric text a number. */
export const numberOf = (v: unknown): number => Number(v ?? 0);

/** A share that is null when there is nothing to share. */
export const shareOf = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);
