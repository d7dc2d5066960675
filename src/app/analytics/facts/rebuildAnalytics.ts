import { type Kysely, sql } from 'kysely';
import type { Database } from '../../../db/schema.js';
import { RETURN_CHUNK, refreshScope, returnRanges } from './refreshReturnFacts.js';
import { refreshCustomers, refreshDeliveryDays, refreshSalesDays } from './rollups.js';

export interface RebuildProgress {
  /** What is being rebuilt now. */
  step: 'sales days' | 'delivery days' | 'customers' | 'returns';
  done: number;
  total: number;
}

export interface RebuildOptions {
  timeZone: string;
  onProgress?: (p: RebuildProgress) => void;
  /** Statements run at once (default 2). */
  concurrency?: number;
}

export interface RebuildResult {
  returnLines: number;
  salesDays: number;
  deliveryDays: number;
  customers: number;
  ms: number;
}

/** Returns per statement in a rebuild: large enough that a chunk is read by ranges and hash
 * joins, small enough that its sorts stay in memory. */
const REBUILD_CHUNK = RETURN_CHUNK * 10;
const WIDE_FACTS = ['analytics_return_lines', 'analytics_sales_days', 'analytics_delivery_days', 'analytics_customers'];
/** The copies the wide facts' triggers keep (migration 0042), which the dashboards read. */
const NARROW_FACTS = [
  'analytics_counted_lines',
  'analytics_sales_cells',
  'analytics_sales_months',
  'analytics_customer_figures',
  'analytics_keys',
];
/** Statements a rebuild runs at once: the cores of a small database server. */
const REBUILD_CONCURRENCY = 2;

/**
 * Rebuilds every analytics fact from the live tables, set-based: the rollups in one statement
 * each, the return lines by ranges of return ids. What events marked as stale before it started
 * is covered and forgotten; what they mark meanwhile stays marked for the next refresh.
 */
export async function rebuildAnalytics(db: Kysely<Database>, options: RebuildOptions): Promise<RebuildResult> {
  const started = performance.now();
  const { timeZone, onProgress } = options;
  const startedAt = await sql<{ now: Date }>`select clock_timestamp() as now`.execute(db);
  const ranges = await returnRanges(db, REBUILD_CHUNK);
  const total = 3 + ranges.length;
  let done = 0;
  const step = (name: RebuildProgress['step']) => onProgress?.({ step: name, done, total });

  // Emptied at once, not row by row: a rebuild's delete would leave the whole table's rows dead.
  await sql`truncate analytics_return_lines`.execute(db);
  const tasks: { step: RebuildProgress['step']; run: () => Promise<void> }[] = [
    { step: 'sales days', run: () => refreshSalesDays(db, 'all', timeZone) },
    { step: 'delivery days', run: () => refreshDeliveryDays(db, 'all', timeZone) },
    { step: 'customers', run: () => refreshCustomers(db, 'all') },
    ...ranges.map((scope) => ({ step: 'returns' as const, run: () => refreshScope(db, scope, timeZone) })),
  ];
  // Each statement runs on one core: a few at once keep a server's cores busy. A transaction has one
  // connection, so there they run one after another.
  let next = 0;
  const worker = async () => {
    for (let task = tasks[next++]; task; task = tasks[next++]) {
      step(task.step);
      await task.run();
      done++;
    }
  };
  const concurrency = db.isTransaction ? 1 : (options.concurrency ?? REBUILD_CONCURRENCY);
  await Promise.all(Array.from({ length: concurrency }, worker));
  step('returns');
  // Fresh statistics, so the dashboards' first queries are planned on what is there now; and,
  // outside a transaction, the visibility map set, without which the dashboards' covering indexes
  // send every row back to the table (a year's problem products took 4 s instead of 0.6 s).
  const refresh = db.isTransaction ? sql`analyze` : sql`vacuum (analyze)`;
  for (const t of [...WIDE_FACTS, ...NARROW_FACTS]) {
    await sql`${refresh} ${sql.table(t)}`.execute(db);
  }
  const now = startedAt.rows[0]?.now ?? new Date(0);
  await sql`delete from analytics_stale where marked_at < ${now}`.execute(db);
  const counts = await sql<{ r: number; s: number; d: number; c: number }>`select
      (select count(*) from analytics_return_lines)::int as r, (select count(*) from analytics_sales_days)::int as s,
      (select count(*) from analytics_delivery_days)::int as d, (select count(*) from analytics_customers)::int as c`.execute(db);
  const c = counts.rows[0] ?? { r: 0, s: 0, d: 0, c: 0 };
  return {
    returnLines: c.r,
    salesDays: c.s,
    deliveryDays: c.d,
    customers: c.c,
    ms: Math.round(performance.now() - started),
  };
}
