import type { DrillDimension } from '../../../../../src/domain/analytics/vocabulary.js';

/** The filter bar's values as they stand in the page's query string (and go to the API). Without a
 * period the API's default applies (the last 90 days up to today in the shop's time zone). */
export interface FilterValues {
  from?: string;
  to?: string;
  currency?: string;
  channel?: string;
  country?: string;
  category?: string;
  product?: string;
  segment?: string;
  warehouse?: string;
}

/** What a click on a bar or a row asked to see: the returns behind one key, or one trend bucket. */
export interface DrillChoice {
  dimension?: DrillDimension;
  /** Missing or '' with a dimension: the lines without one (a row the reports show on its own). */
  key?: string;
  /** A trend bucket narrows the period to its own days. */
  from?: string;
  to?: string;
  label: string;
}

export const FILTER_KEYS = ['currency', 'channel', 'country', 'category', 'product', 'segment', 'warehouse'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
/** The filters of staff who see only the operations dashboards (analytics.operations without
 * analytics.read): the server shows them no returns narrowed by product, shopper or market. */
export const OPERATIONS_FILTER_KEYS: readonly FilterKey[] = ['currency', 'warehouse'];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in a query string; a period only when both days are there and in order, and of
 * the other filters only `keys` (a shared link may hold filters this reader may not use). */
export function readFilters(search: string, keys: readonly FilterKey[] = FILTER_KEYS): FilterValues {
  const q = new URLSearchParams(search);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const values: FilterValues = ISO_DAY.test(from) && ISO_DAY.test(to) && from <= to ? { from, to } : {};
  for (const k of keys) {
    const v = q.get(k);
    if (v) values[k] = v;
  }
  return values;
}

export function readDrill(search: string): DrillChoice | null {
  const q = new URLSearchParams(search);
  const label = q.get('drill');
  if (label === null) return null;
  const choice: DrillChoice = { label };
  const dimension = q.get('dd');
  const key = q.get('dk');
  const from = q.get('dfrom');
  const to = q.get('dto');
  if (dimension) choice.dimension = dimension as DrillDimension;
  if (key !== null) choice.key = key;
  if (from && to && ISO_DAY.test(from) && ISO_DAY.test(to)) Object.assign(choice, { from, to });
  return choice;
}

/** The query string of a view: its filters and, when one is open, its drill-down (empty values left out). */
export function viewSearch(f: FilterValues, drill: DrillChoice | null): string {
  const q = new URLSearchParams();
  const params = { ...f, drill: drill?.label, dd: drill?.dimension, dk: drill?.key, dfrom: drill?.from, dto: drill?.to };
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** A view's query string without its drill-down: what another dashboard keeps when switched to. */
export function filtersOnlySearch(search: string): string {
  return viewSearch(readFilters(search), null);
}
