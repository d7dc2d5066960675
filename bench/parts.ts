import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { watchBackendCpu } from './cpu.js';
import { costLine } from './jobCost.js';
import { ADMIN_URL, createPgDatabase } from './pgDatabases.js';

/** What a part of `npm run bench` (bench/run.ts) reports to and reads from the run. */
export interface BenchRun {
  /** BENCH_SECONDS: how long a timed level runs. */
  seconds: number;
  log: (line: string) => void;
  /** Records a metric, rounded to `digits` decimals (2 unless told). */
  metric: (name: string, value: number, unit: string, digits?: number) => void;
  /** A metric an earlier part recorded in this run. */
  metricValue: (name: string) => number | undefined;
  /** Counts requests a part saw fail without failing itself. */
  failed: (count: number) => void;
}

/** Runs `work` on a fresh PostgreSQL database `prefix`_… and drops it after. */
async function onPgDatabase<T>(prefix: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await createPgDatabase(prefix);
  try {
    return await work(db.url);
  } finally {
    await db.drop();
  }
}

/** Runs `work` on a fresh PostgreSQL database when PostgreSQL answers, else on PGlite in a fresh
 * directory; removes it after. */
async function onPgOrPglite<T>(
  pgUp: boolean,
  prefix: string,
  work: (where: { databaseUrl?: string; dataDir?: string }) => Promise<T>,
): Promise<T> {
  if (pgUp) return onPgDatabase(prefix, (databaseUrl) => work({ databaseUrl }));
  const dataDir = mkdtempSync(join(tmpdir(), `${prefix.replaceAll('_', '-')}-`));
  try {
    return await work({ dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** PostgreSQL's own limit for the same writes as a return request, in the same run: Retour's
 * figures (the `pg` part's, run before) as a share of it. */
export async function benchPgLimit(run: BenchRun): Promise<void> {
  const { measurePgLimit } = await import('./pgLimit.js');
  await onPgDatabase('retour_bench_limit', async (url) => {
    for (const level of await measurePgLimit(url, { clients: [8, 32], seconds: run.seconds }, run.log)) {
      run.metric(`pg.limit.c${level.clients}.per_s`, level.perSecond, 'transactions/s');
      run.metric(`pg.limit.c${level.clients}.db_cpu_ms`, level.dbCpuMsPerOp, 'ms/transaction');
      const retour = run.metricValue(`return.create.pg.c${level.clients}.per_s`);
      // Three decimals: a ratio of a few hundredths is the point of the figure.
      if (retour !== undefined)
        run.metric(`return.create.pg.c${level.clients}.limit_ratio`, retour / level.perSecond, 'ratio', 3);
    }
  });
}

/** Demo seeding throughput (5,000 orders) on PGlite in memory or on a fresh PostgreSQL database. */
export async function benchSeeding(run: BenchRun, kind: 'pg' | 'pglite'): Promise<void> {
  // Loaded here so a demo seeder that does not load breaks this part only.
  const { seedDemo } = await import('../src/demo/seedDemo.js');
  const created = kind === 'pg' ? await createPgDatabase('retour_bench_seed') : null;
  try {
    const handle = await openDb({ databaseUrl: created?.url, dataDir: 'memory://' });
    try {
      await migrateToLatest(handle.db);
      // Nothing of the context but the database and the clock is used: no files, no keys.
      const config = loadConfig({ RETOUR_DATA_DIR: tmpdir(), RETOUR_ENCRYPTION_KEY: 'bench-seed-key' });
      // Statements sent for the seed: the inserts' batches and the settings' and keys' round trips.
      const statements = { count: 0 };
      const counted = handle.db.withPlugin({
        transformQuery: (args) => {
          statements.count++;
          return args.node;
        },
        transformResult: async (args) => args.result,
      });
      const ctx = await createAppContext(config, counted);
      // CPU per order, steadier than the rate on a busy machine: this process (making the history
      // and its rows), and on PostgreSQL its backends (on PGlite they are this process). They are
      // watched from the server's other database: the seed takes its foreign keys off only when no
      // other client is connected to its own.
      const backends = created ? await watchBackendCpu(ADMIN_URL, 2_000, created.name) : null;
      try {
        const db0 = (await backends?.cpuMs()) ?? 0;
        const node0 = process.cpuUsage();
        // The seed alone: the analytics rebuild after it is measured by the analytics bench.
        const result = await seedDemo(ctx, { customers: 1000, orders: 5000, analytics: false });
        const node = process.cpuUsage(node0);
        const dbUs = ((((await backends?.cpuMs()) ?? 0) - db0) * 1000) / result.orders;
        const nodeUs = (node.user + node.system) / result.orders;
        const perSecond = (result.orders / Math.max(result.ms, 1)) * 1000;
        const name = kind === 'pglite' ? 'seed.orders' : 'seed.orders.pg';
        run.metric(`${name}.per_s`, perSecond, 'orders/s');
        run.metric(`${name}.node_cpu_us`, nodeUs, 'µs/order');
        if (backends) run.metric(`${name}.db_cpu_us`, dbUs, 'µs/order');
        run.metric(`${name}.statements`, statements.count, 'statements', 0);
        run.log(
          `[${kind}] seeded ${result.orders} orders (${result.orderLines} lines, ${result.returns} returns) in ` +
            `${(result.ms / 1000).toFixed(2)} s = ${perSecond.toFixed(0)} orders/s (CPU per order: Node ${nodeUs.toFixed(0)} µs` +
            (backends ? `, PostgreSQL ${dbUs.toFixed(0)} µs)` : ')') +
            ` in ${statements.count} statements`,
        );
      } finally {
        await backends?.close();
      }
    } finally {
      await handle.close();
    }
  } finally {
    await created?.drop();
  }
}

/** The gzipped size of the shopper portal's or the back office's JavaScript and CSS. */
export async function benchAppSize(run: BenchRun, app: 'portal' | 'admin'): Promise<void> {
  const { measureAppSize } = await import('./appSize.js');
  const size = await measureAppSize(app);
  run.metric(`${app}.js_gzip_kb`, size.jsGzipKb, 'KiB');
  run.metric(`${app}.css_gzip_kb`, size.cssGzipKb, 'KiB');
  const budget = app === 'portal' ? ' (budget 120)' : '';
  run.log(`[${app}] JavaScript ${size.jsGzipKb.toFixed(1)} KiB gzip${budget}, CSS ${size.cssGzipKb.toFixed(1)} KiB`);
}

/** The outbox relay delivering 1,000 events to a local webhook receiver. */
export async function benchOutbox(run: BenchRun, pgUp: boolean): Promise<void> {
  const { measureOutboxDrain } = await import('./outboxDrain.js');
  await onPgOrPglite(pgUp, 'retour_bench_outbox', async (where) => {
    const r = await measureOutboxDrain({ ...where, events: 1000 }, run.log);
    if (r.duplicates > 0) throw new Error(`${r.duplicates} deliveries arrived twice`);
    run.metric('outbox.drain.per_s', r.perSecond, 'events/s');
    run.log(
      `[outbox] ${r.perSecond.toFixed(0)} events/s delivered to a local webhook receiver (${pgUp ? 'PostgreSQL' : 'PGlite'}, ${r.events} events in ${r.seconds.toFixed(1)} s)`,
    );
    run.log(costLine('outbox', 'event', r.events, r.cost));
  });
}

/** E-mails for 500 returns rendered and handed to a local SMTP server. */
export async function benchEmail(run: BenchRun, pgUp: boolean): Promise<void> {
  const { measureEmailSend } = await import('./emailSend.js');
  await onPgOrPglite(pgUp, 'retour_bench_email', async (where) => {
    const r = await measureEmailSend({ ...where, returns: 500 }, run.log);
    if (r.duplicates > 0) throw new Error(`${r.duplicates} e-mails arrived twice`);
    run.metric('email.send.per_s', r.perSecond, 'e-mails/s');
    run.log(
      `[email] ${r.perSecond.toFixed(0)} e-mails/s rendered and handed to a local SMTP server (${pgUp ? 'PostgreSQL' : 'PGlite'}, ${r.emails} e-mails in ${r.seconds.toFixed(1)} s)`,
    );
    run.log(costLine('email', 'e-mail', r.emails, r.cost));
  });
}

/** Signed carrier tracking webhooks stored by `retour serve` and applied by `retour worker`. */
export async function benchTracking(run: BenchRun): Promise<void> {
  const { measureTrackingIngest } = await import('./tracking.js');
  await onPgDatabase('retour_bench_tracking', async (url) => {
    const r = await measureTrackingIngest(url, { parcels: 1000 }, run.log);
    run.failed(r.failures);
    if (r.inTransit + r.delivered === 0) throw new Error('no return moved');
    run.metric('tracking.ingest.per_s', r.perSecond, 'webhooks/s');
    run.log(
      `[tracking] ${r.perSecond.toFixed(0)} signed webhooks/s verified, stored (retour serve) and applied (retour worker) on PostgreSQL (${r.webhooks} in ` +
        `${r.seconds.toFixed(1)} s; POST p50 ${r.postP50.toFixed(1)} ms, p99 ${r.postP99.toFixed(1)} ms; ${r.delivered} returns delivered)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  });
}

/** Parcels taken through the receiving station over HTTP at 8 clients. */
export async function benchReceiving(run: BenchRun): Promise<void> {
  const { measureWarehouseReceiving, STATION_CALLS } = await import('./warehouseReceiving.js');
  await onPgDatabase('retour_bench_receive', async (url) => {
    const r = await measureWarehouseReceiving(url, { lines: 3000, concurrency: 8, seconds: run.seconds }, run.log);
    run.failed(r.failures);
    run.metric('return.receive.pg.c8.per_s', r.perSecond, 'lines/s');
    run.metric('return.receive.pg.c8.p50_ms', r.p50, 'ms');
    run.metric('return.receive.pg.c8.p99_ms', r.p99, 'ms');
    run.metric('return.receive.pg.c8.server_cpu_ms', r.serverCpuMsPerLine, 'ms/line');
    run.metric('return.receive.pg.c8.db_cpu_ms', r.dbCpuMsPerLine, 'ms/line');
    run.metric('return.receive.pg.statements', r.statementsPerLine, 'statements/line');
    run.log(
      `[receive] ${r.perSecond.toFixed(0)} lines/s scanned, received, graded and restocked over HTTP at 8 clients on PostgreSQL ` +
        `(${r.ops} in ${r.seconds.toFixed(1)} s, ${STATION_CALLS} calls each; p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ` +
        `server CPU ${r.serverCpuMsPerLine.toFixed(2)} ms/line (${r.serverCpuMsPerLineBeyondIdle.toFixed(2)} beyond idle), ` +
        `PostgreSQL CPU ${r.dbCpuMsPerLine.toFixed(2)} ms/line (${r.dbCpuMsPerLineBeyondIdle.toFixed(2)} beyond idle); ` +
        `machine ${r.machineBusyPercent.toFixed(0)} % busy; ${r.statementsPerLine.toFixed(1)} statements/line on the request path)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  });
}

/** A shop's order backfill through the sync's upsert. */
export async function benchImport(run: BenchRun): Promise<void> {
  const { measureShopImport } = await import('./shopImport.js');
  const { PAGES_AT_ONCE } = await import('../src/app/catalog/sync/runSync.js');
  await onPgDatabase('retour_bench_import', async (url) => {
    const r = await measureShopImport(url, { orders: 40_000, pageSize: 1000 }, run.log);
    // The import path used by backfills is the whole sync as a backfill runs it (runSync with its
    // pages at once): that is `import.orders.*`. The upsert it calls, measured alone with a given
    // number of writers, is `import.upsert.*`.
    const backfill = r.backfills.find((b) => b.pagesAtOnce === PAGES_AT_ONCE);
    if (!backfill) throw new Error(`no backfill measured with ${PAGES_AT_ONCE} pages at once`);
    run.metric('import.orders.per_s', backfill.perSecond, 'orders/s');
    run.metric('import.orders.node_cpu_us', backfill.nodeCpuUsPerOrder, 'µs/order');
    run.metric('import.orders.db_cpu_us', backfill.dbCpuUsPerOrder, 'µs/order');
    run.metric('import.upsert.c1.per_s', r.perSecond, 'orders/s');
    run.metric('import.upsert.c2.per_s', r.perSecondTwoWriters, 'orders/s');
    run.metric('import.upsert.c4.per_s', r.fourWriters.perSecond, 'orders/s');
    run.metric('import.upsert.c1.node_cpu_us', r.nodeCpuUsPerOrder, 'µs/order');
    run.metric('import.upsert.c1.db_cpu_us', r.dbCpuUsPerOrder, 'µs/order');
    run.metric('import.upsert.c4.db_cpu_us', r.fourWriters.dbCpuUsPerOrder, 'µs/order');
    for (const b of r.backfills) {
      const name = `import.backfill.c${b.pagesAtOnce}`;
      run.metric(`${name}.per_s`, b.perSecond, 'orders/s');
      run.metric(`${name}.node_cpu_us`, b.nodeCpuUsPerOrder, 'µs/order');
      run.metric(`${name}.db_cpu_us`, b.dbCpuUsPerOrder, 'µs/order');
    }
    for (const at of r.atBackfillPages) run.metric(`import.upsert.p${at.pageSize}.per_s`, at.perSecond, 'orders/s');
    run.log(
      `[import] ${backfill.perSecond.toFixed(0)} two-line orders/s imported by a whole backfill (${PAGES_AT_ONCE} writes at once) on PostgreSQL; ` +
        `the upsert alone ${r.perSecond.toFixed(0)}/s (${r.orders} in ` +
        `${r.seconds.toFixed(1)} s, pages of 1,000, one event per page); ${r.perSecondTwoWriters.toFixed(0)}/s two pages at a time; ` +
        `${r.perSecondWithEvents.toFixed(0)}/s with an event per order; ` +
        r.atBackfillPages.map((at) => `${at.perSecond.toFixed(0)}/s in pages of ${at.pageSize}`).join(', ') +
        `; four pages at a time ${r.fourWriters.perSecond.toFixed(0)}/s (PostgreSQL ${r.fourWriters.dbCpuUsPerOrder.toFixed(1)} µs/order); ` +
        r.backfills
          .map(
            (b) =>
              `a whole backfill, ${b.pagesAtOnce} page(s) at a time: ${b.perSecond.toFixed(0)}/s ` +
              `(Node ${b.nodeCpuUsPerOrder.toFixed(1)}, PostgreSQL ${b.dbCpuUsPerOrder.toFixed(1)} µs/order)`,
          )
          .join('; '),
    );
  });
}

/** Signed WooCommerce order webhooks stored by `retour serve` and applied by `retour worker`. */
export async function benchConnector(run: BenchRun): Promise<void> {
  const { measureShopWebhooks } = await import('./shopWebhooks.js');
  await onPgDatabase('retour_bench_connector', async (url) => {
    const r = await measureShopWebhooks(url, { webhooks: 4000 }, run.log);
    run.failed(r.failures);
    if (r.orders !== r.webhooks) throw new Error(`${r.webhooks} order webhooks made ${r.orders} orders`);
    run.metric('connector.webhook.per_s', r.perSecond, 'webhooks/s');
    run.log(
      `[connector] ${r.perSecond.toFixed(0)} signed WooCommerce order webhooks/s verified, stored (retour serve) and applied (retour worker) on PostgreSQL (${r.webhooks} in ` +
        `${r.seconds.toFixed(1)} s; POST p50 ${r.postP50.toFixed(1)} ms, p99 ${r.postP99.toFixed(1)} ms)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  });
}

/** The policy engine's evaluations per second, in this process. */
export async function benchPolicy(run: BenchRun): Promise<void> {
  const { measurePolicyEvaluation } = await import('./policyEvaluation.js');
  const r = measurePolicyEvaluation(run.seconds / 4);
  run.metric('policy.evaluate.per_s', r.perSecond, 'evaluations/s');
  run.metric('policy.evaluate.lines_per_s', r.linesPerSecond, 'lines/s');
  run.log(`[policy] ${r.perSecond.toFixed(0)} evaluations/s (${r.microseconds.toFixed(1)} µs each, demo policy, 2 of 4 lines)`);
  run.log(
    `[policy] ${r.linesPerSecond.toFixed(0)} lines/s on a 10-line request (${r.tenLineMicroseconds.toFixed(1)} µs each); ` +
      `the reference interpreter: ${r.interpreterLinesPerSecond.toFixed(0)} lines/s (×${(r.linesPerSecond / r.interpreterLinesPerSecond).toFixed(1)})`,
  );
}

/** The risk score's default settings against the labelled synthetic shop: how many of the shoppers
 * it sends to review are fraudulent, how many fraudulent ones it sends, and how many honest ones. */
export async function benchFraud(run: BenchRun, pgUp: boolean): Promise<void> {
  const { measureFraud } = await import('./fraud.js');
  await onPgOrPglite(pgUp, 'retour_bench_fraud', async (where) => {
    const seed = process.env.BENCH_FRAUD_SEED ? Number(process.env.BENCH_FRAUD_SEED) : undefined;
    const r = await measureFraud(where, { shoppers: Number(process.env.BENCH_FRAUD_SHOPPERS ?? 1000), seed }, run.log);
    const m = r.metrics;
    run.metric('fraud.precision', m.precision, 'ratio', 3);
    run.metric('fraud.recall', m.recall, 'ratio', 3);
    run.metric('fraud.honest_review_rate', m.honestReviewRate, 'ratio', 3);
    run.metric('fraud.bracketer_review_rate', m.bracketerReviewRate, 'ratio', 3);
    run.metric('fraud.shoppers', m.shoppers, 'shoppers', 0);
    run.metric('fraud.returns', m.returns, 'returns', 0);
    run.metric('fraud.seconds', r.seconds, 's', 1);
    run.log(
      `[fraud] ${m.shoppers} shoppers, ${m.returns} returns, ${m.assessments} assessments played in ${r.seconds.toFixed(1)} s on ` +
        `${pgUp ? 'PostgreSQL' : 'PGlite'}: precision ${m.precision.toFixed(3)}, recall ${m.recall.toFixed(3)}, honest sent to review ` +
        `${(m.honestReviewRate * 100).toFixed(1)} %, bracketers ${(m.bracketerReviewRate * 100).toFixed(1)} %; by label: ` +
        Object.entries(m.byLabel)
          .map(([label, c]) => `${label} ${c.flagged}/${c.shoppers}`)
          .join(', '),
    );
  });
}
