import { useEffect, useState } from 'react';
import type { DrillDimension } from '../../../../../src/domain/analytics/vocabulary.js';
import { query } from '../../api.js';

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
  key?: string;
  /** A trend bucket narrows the period to its own days. */
  from?: string;
  to?: string;
  label: string;
}

export const FILTER_KEYS = ['currency', 'channel', 'country', 'category', 'product', 'segment', 'warehouse'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in a query string; a period only when both days are there and in order. */
export function readFilters(search: string): FilterValues {
  const q = new URLSearchParams(search);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  const values: FilterValues = ISO_DAY.test(from) && ISO_DAY.test(to) && from <= to ? { from, to } : {};
  for (const k of FILTER_KEYS) {
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

/** The query string of a view: its filters and, when one is open, its drill-down. */
export function viewSearch(f: FilterValues, drill: DrillChoice | null): string {
  return query({
    ...f,
    drill: drill?.label,
    dd: drill?.dimension,
    dk: drill?.key,
    dfrom: drill?.from,
    dto: drill?.to,
  });
}

/** The page's query string, kept current as the history moves. */
export function useSearch(): string {
  const [search, setSearch] = useState(() => window.location.search);
  useEffect(() => {
    const update = () => setSearch(window.location.search);
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return search;
}

/** Writes a view's query string into the address bar: a new history entry, so Back undoes a change. */
export function pushSearch(search: string): void {
  window.history.pushState(null, '', `${window.location.pathname}${search}`);
  window.dispatchEvent(new PopStateEvent('popstate'));
}

/** A view's query string without its drill-down: what another dashboard keeps when switched to. */
export function filtersOnlySearch(search: string): string {
  return viewSearch(readFilters(search), null);
}
