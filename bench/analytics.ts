import { mkdirSync, writeFileSync } from 'node:fs';
import { rebuildAnalytics } from '../src/app/analytics/facts/rebuildAnalytics.js';
import { TIME_ZONE } from '../src/demo/demoShop.js';
import { BUDGET_MS, factRows, measureDashboardQueries } from './analyticsQueries.js';
import { analyticsFixture, FIXTURE_DATABASE } from './analyticsShop.js';
import { watchBackendCpu } from './cpu.js';
import type { BenchRun } from './parts.js';
import { ADMIN_URL } from './pgDatabases.js';

/** The shop the issue sizes the dashboards for: a million orders over two years. */
const ORDERS = Number(process.env.BENCH_ANALYTICS_ORDERS ?? 1_000_000);
const DAYS = 730;
const SEED = 20261121;
/** Runs of each dashboard query measured (after a warm-up pass over every filter). */
const RUNS = Number(process.env.BENCH_ANALYTICS_RUNS ?? 30);
/** Where the plans of the statements of a query over the budget go. */
const EXPLAIN_FILE = 'bench/results/analytics-explain.txt';

/**
 * The dashboards on a large shop (PostgreSQL): the fixture (`BENCH_ANALYTICS_ORDERS`, a million
 * orders by default) made in a database of its own (`BENCH_ANALYTICS_DATABASE`, default
 * retour_bench_analytics; never one that holds anything else: it is dropped to be made anew), or reused when an identical one is there
 * (`BENCH_ANALYTICS_FRESH=1` makes it anew); the analytics facts rebuilt from it (kept from the
 * last run over a reused fixture with `BENCH_ANALYTICS_REBUILD=0`); then every dashboard query
 * (`BENCH_ANALYTICS_QUERIES`, comma-separated, for some) run `BENCH_ANALYTICS_RUNS` times with
 * varied filters.
 */
export async function benchAnalytics(run: BenchRun): Promise<void> {
  // Watched from the start: the CPU PostgreSQL spends making the shop is its cost on any machine,
  // however busy this one is with other work.
  const backends = await watchBackendCpu(ADMIN_URL, 2_000, FIXTURE_DATABASE);
  let fixture: Awaited<ReturnType<typeof analyticsFixture>>;
  try {
    fixture = await analyticsFixture(
      { orders: ORDERS, days: DAYS, seed: SEED },
      run.log,
      process.env.BENCH_ANALYTICS_FRESH === '1',
    );
  } catch (err) {
    await backends.close();
    throw err;
  }
  try {
    for (const [table, rows] of Object.entries(fixture.stamp.rows)) run.metric(`analytics.rows.${table}`, rows, 'rows', 0);
    if (fixture.made) {
      run.metric('analytics.fixture.seconds', fixture.made.seconds, 's', 1);
      run.metric('analytics.fixture.db_cpu_seconds', (await backends.cpuMs()) / 1000, 's', 1);
      const slow = [...fixture.made.steps].sort((a, b) => b.seconds - a.seconds).slice(0, 4);
      run.log(
        `[analytics] fixture made in ${fixture.made.seconds.toFixed(1)} s (slowest: ${slow.map((s) => `${s.step} ${s.seconds.toFixed(1)} s`).join(', ')})`,
      );
    } else {
      run.log(
        `[analytics] fixture reused (made as of ${fixture.stamp.asOf}): analytics.fixture.seconds is measured only when it is made`,
      );
    }
    if (!fixture.made && process.env.BENCH_ANALYTICS_REBUILD === '0') {
      run.log('[analytics] facts kept from the last run (BENCH_ANALYTICS_REBUILD=0): analytics.rebuild.seconds not measured');
    } else {
      const cpu0 = await backends.cpuMs();
      const rebuilt = await rebuildAnalytics(fixture.handle.db, { timeZone: TIME_ZONE });
      const rebuildCpu = ((await backends.cpuMs()) - cpu0) / 1000;
      run.metric('analytics.rebuild.seconds', rebuilt.ms / 1000, 's', 1);
      run.metric('analytics.rebuild.db_cpu_seconds', rebuildCpu, 's', 1);
      run.log(
        `[analytics] facts rebuilt in ${(rebuilt.ms / 1000).toFixed(1)} s (PostgreSQL CPU ${rebuildCpu.toFixed(1)} s): ` +
          `${rebuilt.returnLines} return lines, ${rebuilt.salesDays} sales days, ${rebuilt.deliveryDays} delivery days, ${rebuilt.customers} customers`,
      );
    }
    for (const [table, rows] of Object.entries(await factRows(fixture.url)))
      run.metric(`analytics.facts.${table}`, rows, 'rows', 0);
  } finally {
    await backends.close();
    await fixture.handle.close();
  }
  const only = process.env.BENCH_ANALYTICS_QUERIES?.split(',').filter(Boolean);
  const latencies = await measureDashboardQueries(
    fixture.url,
    new Date(fixture.stamp.asOf),
    { runs: RUNS, timeZone: TIME_ZONE, only },
    run.log,
  );
  const plans: string[] = [];
  for (const l of latencies) {
    run.metric(`analytics.${l.query}.p50_ms`, l.p50, 'ms', 1);
    run.metric(`analytics.${l.query}.p95_ms`, l.p95, 'ms', 1);
    for (const s of l.slowest) {
      plans.push(
        `== ${l.query} (p95 ${l.p95.toFixed(0)} ms): statement p95 ${s.p95.toFixed(0)} ms\n${s.sql}\n-- parameters: ${JSON.stringify(s.parameters)}\n${s.plan}\n`,
      );
    }
  }
  const over = latencies.filter((l) => l.p95 > BUDGET_MS);
  if (plans.length > 0) {
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(EXPLAIN_FILE, plans.join('\n'));
    run.log(`[analytics] ${over.map((l) => l.query).join(', ')} over ${BUDGET_MS} ms at p95: plans in ${EXPLAIN_FILE}`);
  }
}
