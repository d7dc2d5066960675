import { sql } from 'kysely';
import type { RetourDb } from '../../db/connection.js';
import { addDays, localDate } from '../../domain/calendar.js';
import { getShopSettingsCached } from '../admin/shopSettings.js';
import type { AppContext } from '../kernel/context.js';
import { likeLiteral } from '../kernel/searchText.js';
import { TimedValue } from '../kernel/timedValue.js';
import { analyticsDbOf } from './analyticsDb.js';
import { DEFAULT_PERIOD_DAYS } from './factFilters.js';

export interface AnalyticsChoice {
  value: string;
  label: string;
}

/** What the dashboards' filter controls offer. */
export interface AnalyticsOptions {
  timeZone: string;
  defaultPeriod: { from: string; to: string };
  defaultCurrency: string;
  currencies: string[];
  channels: AnalyticsChoice[];
  countries: AnalyticsChoice[];
  categories: AnalyticsChoice[];
  segments: AnalyticsChoice[];
  warehouses: AnalyticsChoice[];
  products: AnalyticsChoice[];
}

type Lists = Omit<AnalyticsOptions, 'timeZone' | 'defaultPeriod' | 'defaultCurrency' | 'products'>;

/** Countries and segments are found across all sales (a scan of the monthly sales rollup): kept a
 * few minutes per database, as a new one appears rarely and the filter does not need it at once. */
const LISTS_LIFETIME_MS = 5 * 60_000;
const kept = new WeakMap<RetourDb, TimedValue<Lists>>();

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
function countryName(code: string): string {
  try {
    return regionNames.of(code) ?? code;
  } catch {
    return code;
  }
}

async function readLists(db: RetourDb): Promise<Lists> {
  const [currencies, countries, segments, channels, categories, warehouses] = await Promise.all([
    // The monthly rollup's key starts with the currency: each distinct one is one index probe.
    sql<{ currency: string }>`with recursive c(currency) as (
        (select currency from analytics_sales_months order by currency limit 1)
        union all
        select (select s.currency from analytics_sales_months s where s.currency > c.currency order by s.currency limit 1)
        from c where c.currency is not null)
      select currency from c where currency is not null`.execute(db),
    db.selectFrom('analytics_sales_months').select('country').distinct().orderBy('country').execute(),
    db.selectFrom('analytics_sales_months').select('segment').distinct().orderBy('segment').execute(),
    db.selectFrom('channels').select(['id as value', 'name as label']).orderBy('name').execute(),
    db.selectFrom('categories').select(['id as value', 'name as label']).orderBy('name').execute(),
    db.selectFrom('warehouses').select(['id as value', 'name as label']).orderBy('name').execute(),
  ]);
  return {
    currencies: currencies.rows.map((r) => r.currency),
    countries: countries.map((r) => ({ value: r.country, label: countryName(r.country) })),
    segments: segments.map((r) => ({ value: r.segment, label: r.segment })),
    channels,
    categories,
    warehouses,
  };
}

/** Products for the product filter: those matching `q` (title, handle or id), else the first by title; 20 at most. */
function findProducts(db: RetourDb, q: string | undefined): Promise<AnalyticsChoice[]> {
  let query = db.selectFrom('products').select(['id as value', 'title as label']).orderBy('title').orderBy('id').limit(20);
  if (q) {
    const pattern = `%${likeLiteral(q)}%`;
    query = query.where((eb) => eb.or([eb('title', 'ilike', pattern), eb('handle', 'ilike', pattern), eb('id', '=', q)]));
  }
  return query.execute();
}

/**
 * What the dashboards' filters can be set to: the currencies, countries and segments sales were
 * made in, every channel, category and warehouse, and products matching a search; with the shop's
 * time zone, currency and the default period (the last 90 days up to today).
 */
export async function analyticsOptions(ctx: AppContext, input: { q?: string }): Promise<AnalyticsOptions> {
  const db = analyticsDbOf(ctx);
  let lists = kept.get(db);
  if (!lists) {
    lists = new TimedValue<Lists>(LISTS_LIFETIME_MS);
    kept.set(db, lists);
  }
  const [shop, found, products] = await Promise.all([
    getShopSettingsCached(ctx.caches, ctx.db),
    lists.get(() => readLists(db)),
    findProducts(db, input.q),
  ]);
  const today = localDate(ctx.now(), shop.timezone);
  return {
    timeZone: shop.timezone,
    defaultPeriod: { from: addDays(today, -(DEFAULT_PERIOD_DAYS - 1)), to: today },
    defaultCurrency: shop.currency,
    ...found,
    currencies: found.currencies.includes(shop.currency) ? found.currencies : [shop.currency, ...found.currencies],
    products,
  };
}
