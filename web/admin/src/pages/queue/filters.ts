import { query } from '../../api.js';
import { navigate } from '../../router.js';

/** Filters live in the address bar: a link or a saved view brings back the same queue. */
export type Filters = Record<string, string>;
const FILTER_KEYS = [
  'q',
  'status',
  'onHold',
  'reason',
  'channel',
  'risk',
  'minValue',
  'maxValue',
  'minAgeDays',
  'method',
  'sort',
];

export function readFilters(): Filters {
  const params = new URLSearchParams(window.location.search);
  const f: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f;
}

export function writeFilters(f: Filters) {
  navigate(`/${query(f)}`, { replace: true });
}

/** Money filters are typed in euros, sent in cents. */
const cents = (euros: string | undefined) => (euros ? String(Math.round(Number(euros) * 100)) : undefined);

export function apiFilters(f: Filters) {
  return { ...f, minValue: cents(f.minValue), maxValue: cents(f.maxValue) };
}

/** Filters without the empty ones, as they are applied and written to the address bar. */
export const cleanFilters = (next: Filters): Filters =>
  Object.fromEntries(Object.entries(next).filter(([, v]) => v !== '' && v !== undefined));
