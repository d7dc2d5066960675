import { tmpdir } from 'node:os';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { AnalyticsFilters } from '../src/app/analytics/analyticsTypes.js';
import { costsReport } from '../src/app/analytics/queries/costs.js';
import { drillDownReturns } from '../src/app/analytics/queries/drillDown.js';
import { experienceReport } from '../src/app/analytics/queries/experience.js';
import { forecastReport } from '../src/app/analytics/queries/forecast.js';
import { problemProductsReport } from '../src/app/analytics/queries/problemProducts.js';
import { processingReport } from '../src/app/analytics/queries/processing.js';
import { reasonsReport } from '../src/app/analytics/queries/reasons.js';
import { resolutionsReport } from '../src/app/analytics/queries/resolutions.js';
import { returnRateReport } from '../src/app/analytics/queries/returnRate.js';
import { roiReport } from '../src/app/analytics/queries/roi.js';
import type { AppContext } from '../src/app/kernel/context.js';
import { loadConfig } from '../src/config/env.js';
import { PreparingClient } from '../src/db/connection.js';
import type { Database } from '../src/db/schema.js';
import { localDate } from '../src/domain/calendar.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { ANALYTICS_SESSION_SETTINGS } from '../src/runtime/boot.js';

/** One dashboard query as the back office asks it; it answers whether it found anything (a
 * query answering nothing measures nothing). */
type DashboardQuery = (ctx: AppContext, f: AnalyticsFilters) => Promise<boolean>;

export const DASHBOARD_QUERIES: Record<string, DashboardQuery> = {
  returnRate: async (ctx, f) => (await returnRateReport(ctx, f, { dimension: 'product', limit: 50 })).total.unitsSold > 0,
  returnRateBySku: async (ctx, f) => (await returnRateReport(ctx, f, { dimension: 'sku', limit: 50 })).total.unitsSold > 0,
  reasons: async (ctx, f) => (await reasonsReport(ctx, f, { groupBy: 'product', limit: 20 })).totalUnits > 0,
  resolutions: async (ctx, f) => (await resolutionsReport(ctx, f)).byResolution.length > 0,
  costs: async (ctx, f) => (await costsReport(ctx, f)).returns > 0,
  processing: async (ctx, f) => (await processingReport(ctx, f)).stages.some((s) => s.count > 0),
  problemProducts: async (ctx, f) =>
    (await problemProductsReport(ctx, f, { confidence: 0.95, minUnitsSold: 30, limit: 20 })).test.confidence > 0,
  roi: async (ctx, f) => (await roiReport(ctx, f)).costOfReturns > 0,
  experience: async (ctx, f) => (await experienceReport(ctx, f)).ratings.count > 0,
  forecast: async (ctx, f) => (await forecastReport(ctx, f)).days.length > 0,
  // The returns behind a number, as the drill-down opens them: the first page of a reason's.
  drillDown: async (ctx, f) =>
    (await drillDownReturns(ctx, f, { basis: 'requested', dimension: 'reason', key: 'too_small', limit: 50, offset: 0 })).total >
    0,
  drillDownLate: async (ctx, f) =>
    (await drillDownReturns(ctx, f, { basis: 'requested', dimension: 'late', limit: 50, offset: 0 })).total >= 0,
};

/** A statement the queries sent, with how long it took each time. */
interface Statement {
  sql: string;
  parameters: readonly unknown[];
  ms: number[];
}

export interface QueryLatency {
  query: string;
  runs: number;
  p50: number;
  p95: number;
  max: number;
  /** Runs that found nothing, with the filter they had. */
  empty: string[];
  /** The statements behind it, slowest first (only for a query whose p95 is over the budget). */
  slowest: { sql: string; parameters: readonly unknown[]; p95: number; plan: string }[];
}

/** What a dashboard query should answer within (the p95 budget). */
export const BUDGET_MS = 300;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;

/** The filters the dashboards are opened with, in turn: the default 90 days, a year, and 90
 * days narrowed to a channel, a country, a category, a product, a segment and a warehouse. */
async function filterSets(db: Kysely<Database>, asOf: Date, timeZone: string): Promise<{ name: string; f: AnalyticsFilters }[]> {
  const to = localDate(asOf, timeZone);
  const daysBefore = (n: number) => new Date(Date.parse(`${to}T12:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
  const base = { from: daysBefore(89), to, currency: 'EUR' };
  const id = async (query: Promise<{ id: string } | undefined>) => (await query)?.id;
  const zalando = await id(db.selectFrom('channels').select('id').where('code', '=', 'zalando').executeTakeFirst());
  const trousers = await id(db.selectFrom('categories').select('id').where('code', '=', 'trousers').executeTakeFirst());
  const phones = await id(db.selectFrom('categories').select('id').where('code', '=', 'phones').executeTakeFirst());
  const jeans = await id(db.selectFrom('products').select('id').where('title', '=', 'Slim jeans').executeTakeFirst());
  const koeln = await id(db.selectFrom('warehouses').select('id').where('code', '=', 'koeln').executeTakeFirst());
  return [
    { name: '90 days', f: base },
    { name: 'a year', f: { ...base, from: daysBefore(364) } },
    { name: '90 days, Zalando', f: { ...base, channelId: zalando } },
    { name: '90 days, DE', f: { ...base, country: 'DE' } },
    { name: '90 days, trousers', f: { ...base, categoryId: trousers } },
    { name: '90 days, phones', f: { ...base, categoryId: phones } },
    { name: '90 days, Slim jeans', f: { ...base, productId: jeans } },
    { name: '30 days', f: { ...base, from: daysBefore(29) } },
    { name: '90 days, VIP', f: { ...base, segment: 'vip' } },
    { name: '90 days, Köln', f: { ...base, warehouseId: koeln } },
  ];
}

/**
 * Runs every dashboard query `runs` times over the fixture (after one warm-up pass), each time
 * with the next of the filter sets, one query at a time as a dashboard's charts ask them, as of
 * the fixture's "now". For a query whose p95 is over the budget, the statements it sent are
 * explained (ANALYZE, BUFFERS) with the parameters of their slowest run.
 */
export async function measureDashboardQueries(
  url: string,
  asOf: Date,
  options: { runs: number; timeZone: string; only?: string[] },
  log: (line: string) => void,
): Promise<QueryLatency[]> {
  const statements = new Map<string, Statement>();
  let recording = false;
  const pool = new pg.Pool({ connectionString: url, max: 4, Client: PreparingClient });
  // As the server's analytics pool runs them (src/runtime/boot.ts).
  pool.on('connect', (client) => {
    for (const [name, value] of Object.entries(ANALYTICS_SESSION_SETTINGS))
      client.query('select set_config($1, $2, false)', [name, value]).catch(() => {});
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (!recording || event.level !== 'query') return;
      const key = event.query.sql;
      const s = statements.get(key) ?? { sql: key, parameters: event.query.parameters, ms: [] };
      s.ms.push(event.queryDurationMillis);
      if (event.queryDurationMillis >= Math.max(...s.ms)) s.parameters = event.query.parameters;
      statements.set(key, s);
    },
  });
  try {
    const config = loadConfig({ DATABASE_URL: url, RETOUR_DATA_DIR: tmpdir(), RETOUR_ENCRYPTION_KEY: 'bench-analytics-key' });
    const ctx = await createAppContext(config, db, { now: () => asOf });
    const filters = await filterSets(db, asOf, options.timeZone);
    const results: QueryLatency[] = [];
    for (const [name, query] of Object.entries(DASHBOARD_QUERIES)) {
      if (options.only && !options.only.includes(name)) continue;
      for (const { f } of filters) await query(ctx, f);
      statements.clear();
      recording = true;
      const ms: number[] = [];
      const empty: string[] = [];
      const byFilter = new Map<string, number[]>();
      for (let i = 0; i < options.runs; i++) {
        const { name: filterName, f } = filters[i % filters.length] ?? { name: '', f: filters[0]!.f };
        const t0 = performance.now();
        if (!(await query(ctx, f))) empty.push(filterName);
        const took = performance.now() - t0;
        ms.push(took);
        byFilter.set(filterName, [...(byFilter.get(filterName) ?? []), took]);
      }
      // Which filter the slowest answers came with: a year's period reads four times the rows.
      const slowestFilter = [...byFilter]
        .map(([filterName, times]) => ({
          filterName,
          median: percentile(
            [...times].sort((a, b) => a - b),
            0.5,
          ),
        }))
        .sort((a, b) => b.median - a.median)[0];
      recording = false;
      const sorted = [...ms].sort((a, b) => a - b);
      const latency: QueryLatency = {
        query: name,
        runs: ms.length,
        p50: percentile(sorted, 0.5),
        p95: percentile(sorted, 0.95),
        max: sorted[sorted.length - 1] ?? 0,
        empty: [...new Set(empty)],
        slowest: [],
      };
      if (latency.p95 > BUDGET_MS) latency.slowest = await explainSlowest(pool, [...statements.values()]);
      log(
        `[analytics] ${name}: p50 ${latency.p50.toFixed(0)} ms, p95 ${latency.p95.toFixed(0)} ms, max ${latency.max.toFixed(0)} ms` +
          ` over ${latency.runs} runs` +
          (slowestFilter ? ` (slowest: ${slowestFilter.filterName}, median ${slowestFilter.median.toFixed(0)} ms)` : '') +
          (latency.empty.length ? `; nothing found for ${latency.empty.join(', ')}` : '') +
          (latency.p95 > BUDGET_MS ? ' — OVER the budget' : ''),
      );
      results.push(latency);
    }
    return results;
  } finally {
    await db.destroy();
  }
}

/** The two slowest statements (by p95), each explained with its slowest run's parameters. */
async function explainSlowest(pool: pg.Pool, statements: Statement[]): Promise<QueryLatency['slowest']> {
  const ranked = statements
    .map((s) => ({
      ...s,
      p95: percentile(
        [...s.ms].sort((a, b) => a - b),
        0.95,
      ),
    }))
    .sort((a, b) => b.p95 - a.p95)
    .slice(0, 2);
  const out: QueryLatency['slowest'] = [];
  for (const s of ranked) {
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers) ${s.sql}`, [...s.parameters]);
    out.push({ sql: s.sql, parameters: s.parameters, p95: s.p95, plan: rows.map((r) => r['QUERY PLAN']).join('\n') });
  }
  return out;
}

/** The fixture's size as the dashboards see it: rows of each fact table. */
export async function factRows(url: string): Promise<Record<string, number>> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    const { rows } = await sql<Record<string, number>>`select
      (select count(*) from analytics_return_lines)::int as return_lines,
      (select count(*) from analytics_sales_days)::int as sales_days,
      (select count(*) from analytics_delivery_days)::int as delivery_days,
      (select count(*) from analytics_customers)::int as customers`.execute(db);
    return rows[0] ?? {};
  } finally {
    await db.destroy();
  }
}
