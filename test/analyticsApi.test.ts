import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyticsFilters } from '../src/app/analytics/analyticsTypes.js';
import {
  inPeriod,
  insertWorldCategories,
  matchesDimensions,
  randomWorld,
  seeded,
  type World,
  writeWorld,
} from './support/analyticsWorld.js';
import { DB_KINDS } from './support/databases.js';
import { seedStaff } from './support/fixtures.js';
import { createTestApp, type StaffClient, type TestApp } from './support/testApp.js';

/** The world's facts fall in January–April 2026; the test clock stands in June. */
const PERIOD = 'from=2026-01-01&to=2026-04-30';
const REPORTS = [
  'return-rate',
  'reasons',
  'resolutions',
  'costs',
  'processing',
  'experience',
  'problem-products',
  'forecast',
  'roi',
  'returns',
] as const;
const OPERATIONS = ['processing', 'forecast', 'returns'];

describe.each(DB_KINDS)('analytics API (%s)', (kind) => {
  let t: TestApp;
  let world: World;
  const as: Record<string, StaffClient> = {};
  const get = (url: string, who = 'analyst') => t.request({ method: 'GET', url, staff: as[who] });

  beforeAll(async () => {
    t = await createTestApp(kind);
    await seedStaff(t.ctx, ['admin', 'agent', 'warehouse', 'analyst']);
    for (const role of ['admin', 'agent', 'warehouse', 'analyst']) as[role] = await t.login(role);
    world = randomWorld(seeded(21), 120);
    await insertWorldCategories(t.ctx.db);
    await writeWorld(t.ctx.db, world);
  }, 60_000);
  afterAll(() => t?.close());

  it('answers every dashboard for an analyst, as its schema says', async () => {
    for (const report of REPORTS) {
      const res = await get(`/api/v1/analytics/${report}?${PERIOD}`);
      expect(res.statusCode, `${report}: ${res.body}`).toBe(200);
      expect(res.headers['content-type']).toContain('application/json');
    }
    const defaults = await get('/api/v1/analytics/return-rate');
    expect(defaults.statusCode).toBe(200);
    expect(defaults.json().currency).toBe('EUR');
  });

  it('passes the filters to the query: a filtered answer is the filtered facts', async () => {
    const units = (f: AnalyticsFilters) =>
      world.sales.filter((s) => inPeriod(f, s.day) && matchesDimensions(f, s, false)).reduce((n, s) => n + Number(s.units), 0);
    const base: AnalyticsFilters = { from: '2026-01-01', to: '2026-04-30', currency: 'EUR' };
    const all = (await get(`/api/v1/analytics/return-rate?${PERIOD}`)).json();
    const nl = (await get(`/api/v1/analytics/return-rate?${PERIOD}&country=NL`)).json();
    const sek = (await get(`/api/v1/analytics/return-rate?${PERIOD}&currency=SEK&channel=ch_app`)).json();
    expect(all.total.unitsSold).toBe(units(base));
    expect(nl.total.unitsSold).toBe(units({ ...base, country: 'NL' }));
    expect(nl.total.unitsSold).toBeLessThan(all.total.unitsSold);
    expect(sek.currency).toBe('SEK');
    expect(sek.total.unitsSold).toBe(units({ ...base, currency: 'SEK', channelId: 'ch_app' }));

    const byCategory = (await get(`/api/v1/analytics/return-rate?${PERIOD}&dimension=category&limit=2`)).json();
    expect(byCategory.dimension).toBe('category');
    expect(byCategory.rows.length).toBeLessThanOrEqual(2);

    const returned = (f: AnalyticsFilters) =>
      world.lines
        .filter((l) => l.counted && inPeriod(f, l.requested_day as string) && matchesDimensions(f, l, true))
        .reduce((n, l) => n + Number(l.quantity), 0);
    const wh1 = (await get(`/api/v1/analytics/reasons?${PERIOD}&warehouse=wh_1`)).json();
    expect(wh1.totalUnits).toBe(returned({ ...base, warehouseId: 'wh_1' }));
    expect((await get(`/api/v1/analytics/reasons?${PERIOD}`)).json().totalUnits).toBe(returned(base));
  });

  it('answers the main table as CSV with a header line, named after the period', async () => {
    const res = await get(`/api/v1/analytics/return-rate?${PERIOD}&dimension=country&format=csv`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="retour-return-rate-2026-01-01-2026-04-30.csv"');
    const lines = res.body.trim().split('\r\n');
    expect(lines[0]).toBe('key,label,units_sold,units_returned,unit_rate,value_sold,value_returned,value_rate,currency');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['BE', 'DE', 'NL']);
    for (const report of REPORTS) {
      const csv = await get(`/api/v1/analytics/${report}?${PERIOD}&format=csv`);
      expect(csv.statusCode, report).toBe(200);
      expect(csv.body.split('\r\n')[0], report).toMatch(/^[a-z0-9_]+(,[a-z0-9_]+)*$/);
    }
    const reasons = await get(`/api/v1/analytics/reasons?${PERIOD}&format=csv`);
    expect(reasons.body.trim().split('\r\n').length).toBeGreaterThan(1);
  });

  it('refuses bad filters with problem+json naming the field', async () => {
    const cases: [string, number, string, string][] = [
      ['from=2026-02-30', 400, 'VALIDATION_FAILED', 'query.from'],
      ['to=yesterday', 400, 'VALIDATION_FAILED', 'query.to'],
      ['from=2026-05-01&to=2026-04-01', 422, 'ANALYTICS_PERIOD_INVALID', 'query.to'],
      ['from=2020-01-01&to=2026-04-01', 422, 'ANALYTICS_PERIOD_INVALID', 'query.from'],
      ['currency=eur', 400, 'VALIDATION_FAILED', 'query.currency'],
      ['country=Netherlands', 400, 'VALIDATION_FAILED', 'query.country'],
      ['dimension=colour', 400, 'VALIDATION_FAILED', 'query.dimension'],
      ['limit=0', 400, 'VALIDATION_FAILED', 'query.limit'],
      ['format=xlsx', 400, 'VALIDATION_FAILED', 'query.format'],
    ];
    for (const [query, status, code, path] of cases) {
      const res = await get(`/api/v1/analytics/return-rate?${query}`);
      expect(res.statusCode, query).toBe(status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const problem = res.json();
      expect(problem.code, query).toBe(code);
      expect(
        problem.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(path);
    }
    const unknown = await get('/api/v1/analytics/costs?colour=red');
    expect(unknown.statusCode).toBe(400);
  });

  it('exports every return behind a number as CSV, not only the first page', async () => {
    await sql`insert into analytics_return_lines (return_line_id, return_id, return_number, order_id, order_line_id, customer_id,
        channel_id, country, segment, currency, sku, ordered_at, ordered_day, requested_at, requested_day, status, acceptance,
        counted, quantity, value_amount, requested_resolution)
      select 'csvl_' || i, 'csvr_' || lpad(i::text, 4, '0'), 'CSV-' || i, 'csvo_' || i, 'csvol_' || i, 'csvc', 'ch_csv', 'BE', '',
        'EUR', 'CSV-SKU', '2026-02-01T10:00:00Z', '2026-02-01', '2026-02-02T10:00:00Z', '2026-02-02', 'requested', 'pending',
        true, 1, 100, 'refund'
      from generate_series(1, 130) i`.execute(t.ctx.db);
    try {
      const csv = await get(`/api/v1/analytics/returns?${PERIOD}&country=BE&format=csv`);
      expect(csv.statusCode, csv.body).toBe(200);
      expect(csv.body.split('\r\n').filter((row) => row.includes('CSV-'))).toHaveLength(130);
      const page = await get(`/api/v1/analytics/returns?${PERIOD}&country=BE`);
      expect(page.json().total).toBeGreaterThanOrEqual(130);
      expect(page.json().items).toHaveLength(25);
    } finally {
      await sql`delete from analytics_return_lines where return_line_id like 'csvl_%'`.execute(t.ctx.db);
    }
  });

  it('lets agents read the operations dashboards only, and the warehouse none', async () => {
    for (const report of REPORTS) {
      const res = await get(`/api/v1/analytics/${report}?${PERIOD}`, 'agent');
      expect(res.statusCode, report).toBe(OPERATIONS.includes(report) ? 200 : 403);
      const warehouse = await get(`/api/v1/analytics/${report}?${PERIOD}`, 'warehouse');
      expect(warehouse.statusCode, report).toBe(403);
      expect(warehouse.json().code).toBe('FORBIDDEN');
    }
    // The returns behind the operations figures, not those behind a product's return rate.
    expect((await get(`/api/v1/analytics/returns?${PERIOD}&dimension=late`, 'agent')).statusCode).toBe(200);
    expect((await get(`/api/v1/analytics/returns?${PERIOD}&dimension=warehouse&key=wh_1`, 'agent')).statusCode).toBe(200);
    const product = await get(`/api/v1/analytics/returns?${PERIOD}&dimension=product&key=prod_1`, 'agent');
    expect(product.statusCode).toBe(403);
    expect(product.json().code).toBe('FORBIDDEN');
    expect((await get(`/api/v1/analytics/returns?${PERIOD}&dimension=product&key=prod_1`)).statusCode).toBe(200);
    // Nor through a filter in place of the dimension.
    for (const filter of ['product=prod_1', 'segment=vip', 'category=cat_1', 'channel=ch_1', 'country=NL']) {
      const filtered = await get(`/api/v1/analytics/returns?${PERIOD}&${filter}`, 'agent');
      expect(filtered.statusCode, filter).toBe(403);
      expect(filtered.json().code).toBe('ANALYTICS_FILTER_FORBIDDEN');
    }
    expect((await get(`/api/v1/analytics/returns?${PERIOD}&warehouse=wh_1`, 'agent')).statusCode).toBe(200);
    // The "—" row of customers without a segment is asked for with an explicit empty key.
    expect((await get(`/api/v1/analytics/returns?${PERIOD}&dimension=segment&key=`)).statusCode).toBe(200);
  });

  it('offers what the filters can be set to, and searches products', async () => {
    await t.ctx.db
      .insertInto('products')
      .values([
        { id: 'prod_1', handle: 'rain-jacket', title: 'Rain jacket', tags: '[]' },
        { id: 'prod_2', handle: 'wool-socks', title: 'Wool socks', tags: '[]' },
      ])
      .execute();
    const options = (await get('/api/v1/analytics/options')).json();
    expect(options.timeZone).toBe('Europe/Amsterdam');
    expect(options.defaultPeriod).toEqual({ from: '2026-03-18', to: '2026-06-15' });
    expect(options.currencies).toEqual(['EUR', 'SEK']);
    expect(options.countries.map((c: { value: string }) => c.value)).toEqual(['BE', 'DE', 'NL']);
    expect(options.countries).toContainEqual({ value: 'NL', label: 'Netherlands' });
    expect(options.segments.map((c: { value: string }) => c.value)).toEqual(['new', 'vip']);
    expect(options.categories).toContainEqual({ value: 'cat_d', label: 'Shoes' });
    const socks = (await get('/api/v1/analytics/options?q=sock', 'agent')).json();
    expect(socks.products).toEqual([{ value: 'prod_2', label: 'Wool socks' }]);
  });

  it('gives every metric its definition in English and Dutch', async () => {
    const res = await get('/api/v1/analytics/definitions', 'agent');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { key: string; title: { en: string; nl: string }; text: { en: string; nl: string } }[];
    expect(items.length).toBeGreaterThan(9);
    expect(new Set(items.map((d) => d.key)).size).toBe(items.length);
    for (const d of items) for (const lang of ['en', 'nl'] as const) expect(d.text[lang].length, d.key).toBeGreaterThan(10);
  });
});
