import { api, query } from '../../api.js';
import { type Loaded, useLoad } from '../../ui/useLoad.js';
import type { AnalyticsOptions, MetricDefinition } from './analyticsWire.js';
import type { FilterValues } from './filters.js';

/** The reports as the API names them under /api/v1/analytics/. */
export type ReportName =
  | 'return-rate'
  | 'reasons'
  | 'resolutions'
  | 'costs'
  | 'processing'
  | 'experience'
  | 'problem-products'
  | 'forecast'
  | 'roi'
  | 'returns';

type Extra = Record<string, string | number | undefined>;

export const reportPath = (name: ReportName, f: FilterValues, extra: Extra = {}) =>
  `/analytics/${name}${query({ ...f, ...extra })}`;

/** The link that downloads a report's main table as CSV, with the same filters as on screen. */
export const csvHref = (name: ReportName, f: FilterValues, extra: Extra = {}) =>
  `/api/v1/analytics/${name}${query({ ...f, ...extra, format: 'csv' })}`;

/** A report for the filters on screen, loaded again when they change. */
export function useReport<T>(name: ReportName, f: FilterValues, extra: Extra = {}): Loaded<T> {
  return useLoad(() => api<T>('GET', reportPath(name, f, extra)), [name, f, extra]);
}

// The filter choices (without a product search) and the definitions change rarely: read once per
// page load and shared by every dashboard.
let options: Promise<AnalyticsOptions> | null = null;
let definitions: Promise<MetricDefinition[]> | null = null;

export function loadOptions(): Promise<AnalyticsOptions> {
  options ??= api<AnalyticsOptions>('GET', '/analytics/options').catch((err) => {
    options = null;
    throw err;
  });
  return options;
}

/** Products whose title, handle or id holds `q`, for the product filter's suggestions. */
export const searchProducts = (q: string) =>
  api<AnalyticsOptions>('GET', `/analytics/options${query({ q })}`).then((o) => o.products);

export function loadDefinitions(): Promise<MetricDefinition[]> {
  definitions ??= api<{ items: MetricDefinition[] }>('GET', '/analytics/definitions').then(
    (d) => d.items,
    (err) => {
      definitions = null;
      throw err;
    },
  );
  return definitions;
}

export const useOptions = () => useLoad(loadOptions, []);
export const useDefinitions = () => useLoad(loadDefinitions, []);
