import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { type BenchOrder, prepareOrders, REASON_CODE } from './fixtures.js';
import { costLine } from './jobCost.js';
import { jsonClient, type LevelResult, runLevel } from './loadClient.js';
import { machineCpuMs, processCpuMs, type RunningServer, startServer } from './serverProcess.js';

/** `npm run bench`: return requests over real HTTP at 1, 8 and 32 clients against the real server
 * (`retour serve` in a child process) on PostgreSQL and on PGlite, demo seeding throughput, and
 * the server's peak memory. Writes bench/results/latest.json and prints it on stdout; progress and
 * a table go to stderr. Measures only: it exits non-zero when any request failed, so a broken
 * build cannot produce a number.
 *
 * Environment: BENCH_DATABASE_URL (a PostgreSQL server to create the bench databases on),
 * BENCH_SECONDS (per level, default 8), BENCH_PG_POOL_SIZE (the server's RETOUR_DB_POOL_SIZE),
 * BENCH_ONLY=pg|pglite|seed|policy|portal|admin|outbox|email|tracking|receive|import|connector (run only the parts whose name starts so), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof"), BENCH_WORKER_NODE_ARGS (the tracking part's worker). */

type DbKind = 'pg' | 'pglite';

interface Metric {
  name: string;
  value: number;
  unit: string;
}

interface LevelReport extends LevelResult {
  db: DbKind;
  /** CPU the server process used per created return, in ms. */
  serverCpuMsPerOp: number;
  /** CPU this process (the load client) used per created return. */
  clientCpuMsPerOp: number;
  /** How busy the whole machine was during the level (all processes, ours and others), 0–100. */
  machineBusyPercent: number;
  /** CPU the PostgreSQL backends of the bench database used per created return (pg only). */
  dbCpuMsPerOp: number | null;
}

const metrics: Metric[] = [];
const levels: LevelReport[] = [];
const notes: string[] = [];
const metric = (name: string, value: number, unit: string) => metrics.push({ name, value: Math.round(value * 100) / 100, unit });
const log = (line: string) => process.stderr.write(`${line}\n`);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = 50;
/** Operations each level may make at most; every operation uses a fresh order, so this is also
 * how many orders are prepared. Sized so the duration, not the budget, ends a level. */
const BUDGETS: Record<DbKind, { concurrency: number; maxOps: number }[]> = {
  pg: [
    { concurrency: 1, maxOps: 1500 },
    { concurrency: 8, maxOps: 4000 },
    { concurrency: 32, maxOps: 6000 },
  ],
  pglite: [
    { concurrency: 1, maxOps: 1200 },
    { concurrency: 8, maxOps: 2500 },
    { concurrency: 32, maxOps: 3000 },
  ],
};
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ONLY = process.env.BENCH_ONLY;
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
let failures = 0;

async function withAdmin<T>(work: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  await c.connect();
  try {
    return await work(c);
  } finally {
    await c.end().catch(() => {});
  }
}

async function pgAnswers(): Promise<boolean> {
  try {
    await withAdmin((c) => c.query('select 1'));
    return true;
  } catch (err) {
    log(`PostgreSQL at ${ADMIN_URL} does not answer (${err instanceof Error ? err.message : err})`);
    return false;
  }
}

/** A fresh database on the bench server; `drop` removes it (connections and all). */
async function createPgDatabase(prefix: string): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  await withAdmin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await withAdmin((c) => c.query(`drop database if exists ${name} with (force)`)).catch((err: unknown) =>
        log(`could not drop ${name}: ${err instanceof Error ? err.message : err}`),
      );
    },
  };
}

/** CPU used so far by the PostgreSQL backends connected to one database, in ms (same machine only). */
async function backendCpuMs(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [database]);
  return rows.reduce((sum, r) => sum + processCpuMs(r.pid), 0);
}

/** One return as a shopper makes it: look the order up for a token, then request two lines back. */
async function createReturn(client: ReturnType<typeof jsonClient>, order: BenchOrder): Promise<void> {
  const lookup = await client.post('/api/v1/shopper/lookup', { orderNumber: order.number, email: order.email });
  if (lookup.status !== 200) throw new Error(`lookup ${order.number}: ${lookup.status} ${JSON.stringify(lookup.json)}`);
  const token = (lookup.json as { token: string }).token;
  const created = await client.post(
    '/api/v1/shopper/returns',
    {
      method: 'qr',
      lines: order.lineIds.map((id) => ({ orderLineId: id, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' })),
    },
    { authorization: `Bearer ${token}` },
  );
  if (created.status !== 201) throw new Error(`return ${order.number}: ${created.status} ${JSON.stringify(created.json)}`);
}

async function benchDatabase(kind: DbKind): Promise<void> {
  const budget = BUDGETS[kind];
  const total = WARMUP + budget.reduce((s, l) => s + l.maxOps, 0);
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  let pgDatabase: string | null = null;
  if (kind === 'pg') {
    const created = await createPgDatabase('retour_bench');
    pgDatabase = created.name;
    env = { DATABASE_URL: created.url };
    if (process.env.BENCH_PG_POOL_SIZE) env.RETOUR_DB_POOL_SIZE = process.env.BENCH_PG_POOL_SIZE;
    cleanup = created.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'retour-bench-'));
    env = { RETOUR_DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  let server: RunningServer | null = null;
  const admin = kind === 'pg' ? new pg.Client({ connectionString: ADMIN_URL }) : null;
  try {
    const t0 = performance.now();
    log(`[${kind}] preparing ${total} delivered two-line orders…`);
    const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.RETOUR_DATA_DIR });
    let orders: BenchOrder[];
    try {
      await migrateToLatest(handle.db);
      orders = await prepareOrders(await createAppContext(loadConfig(env), handle.db), total);
    } finally {
      await handle.close(); // PGlite: the server opens the same data directory next
    }
    log(`[${kind}] prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s; starting the server…`);
    server = await startServer(env, SERVER_NODE_ARGS);
    log(`[${kind}] server pid ${server.child.pid} ready at ${server.url}`);
    await admin?.connect();
    const client = jsonClient(server.url, 64);
    let cursor = 0;
    const take = (): BenchOrder => {
      const order = orders[cursor++];
      if (!order) throw new Error('ran out of prepared orders');
      return order;
    };

    const warm = await runLevel(8, { maxOps: WARMUP, maxMs: 60_000 }, () => createReturn(client, take()));
    failures += warm.failures;
    if (warm.failures) log(`[${kind}] warm-up: ${warm.failures} FAILED (${warm.firstFailure})`);

    for (const { concurrency, maxOps } of budget) {
      const cpu0 = server.cpuMs();
      const client0 = process.cpuUsage();
      const machine0 = machineCpuMs();
      const db0 = admin && pgDatabase ? await backendCpuMs(admin, pgDatabase) : 0;
      const result = await runLevel(concurrency, { maxOps, maxMs: SECONDS * 1000 }, () => createReturn(client, take()));
      const serverCpu = server.cpuMs() - cpu0;
      const clientCpu = process.cpuUsage(client0);
      const machine1 = machineCpuMs();
      const dbCpu = admin && pgDatabase ? (await backendCpuMs(admin, pgDatabase)) - db0 : null;
      failures += result.failures;
      const ops = Math.max(result.ops, 1);
      const report: LevelReport = {
        ...result,
        db: kind,
        serverCpuMsPerOp: serverCpu / ops,
        clientCpuMsPerOp: (clientCpu.user + clientCpu.system) / 1000 / ops,
        machineBusyPercent: (100 * (machine1.busy - machine0.busy)) / Math.max(machine1.total - machine0.total, 1),
        dbCpuMsPerOp: dbCpu === null ? null : dbCpu / ops,
      };
      levels.push(report);
      const prefix = `return.create.${kind}.c${concurrency}`;
      metric(`${prefix}.per_s`, result.perSecond, 'returns/s');
      metric(`${prefix}.p50_ms`, result.p50, 'ms');
      metric(`${prefix}.p99_ms`, result.p99, 'ms');
      metric(`${prefix}.server_cpu_ms`, report.serverCpuMsPerOp, 'ms/return');
      if (report.dbCpuMsPerOp !== null) metric(`${prefix}.db_cpu_ms`, report.dbCpuMsPerOp, 'ms/return');
      log(
        `[${kind}] c${concurrency}: ${result.ops} returns in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)}/s, ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server CPU ${report.serverCpuMsPerOp.toFixed(2)} ms/return` +
          (report.dbCpuMsPerOp !== null ? `, PostgreSQL CPU ${report.dbCpuMsPerOp.toFixed(2)} ms/return` : '') +
          (result.failures ? `, ${result.failures} FAILED (first: ${result.firstFailure})` : ''),
      );
    }
    client.close();
    metric(`server.${kind}.peak_rss_mb`, server.peakRssMb(), 'MiB');
    const stopped = performance.now();
    const code = await server.stop();
    log(`[${kind}] server stopped (SIGTERM) in ${(performance.now() - stopped).toFixed(0)} ms with exit code ${code}`);
    if (code !== 0) {
      failures++;
      log(`[${kind}] the server did not shut down cleanly:\n${server.output().slice(-4000)}`);
    }
    server = null;
  } finally {
    if (server) {
      log(`[${kind}] server output:\n${server.output().slice(-4000)}`);
      await server.stop();
    }
    await admin?.end().catch(() => {});
    await cleanup();
  }
}

async function benchSeeding(kind: DbKind): Promise<void> {
  // Loaded here so a demo seeder that does not load breaks this part only.
  const { seedDemo } = await import('../src/demo/seedDemo.js');
  const created = kind === 'pg' ? await createPgDatabase('retour_bench_seed') : null;
  try {
    const handle = await openDb({ databaseUrl: created?.url, dataDir: 'memory://' });
    try {
      await migrateToLatest(handle.db);
      // Nothing of the context but the database and the clock is used: no files, no keys.
      const config = loadConfig({ RETOUR_DATA_DIR: tmpdir(), RETOUR_ENCRYPTION_KEY: 'bench-seed-key' });
      const result = await seedDemo(await createAppContext(config, handle.db), { customers: 1000, orders: 5000 });
      const perSecond = (result.orders / Math.max(result.ms, 1)) * 1000;
      metric(kind === 'pglite' ? 'seed.orders.per_s' : 'seed.orders.pg.per_s', perSecond, 'orders/s');
      log(
        `[${kind}] seeded ${result.orders} orders (${result.orderLines} lines, ${result.returns} returns) in ` +
          `${(result.ms / 1000).toFixed(2)} s = ${perSecond.toFixed(0)} orders/s`,
      );
    } finally {
      await handle.close();
    }
  } finally {
    await created?.drop();
  }
}

function table(): string {
  const rows = [
    ['db', 'clients', 'returns', 'per_s', 'p50_ms', 'p99_ms', 'srv_cpu_ms', 'pg_cpu_ms', 'cli_cpu_ms', 'busy_%', 'failed'],
  ];
  for (const l of levels) {
    rows.push([
      l.db,
      String(l.concurrency),
      String(l.ops),
      l.perSecond.toFixed(0),
      l.p50.toFixed(1),
      l.p99.toFixed(1),
      l.serverCpuMsPerOp.toFixed(2),
      l.dbCpuMsPerOp === null ? '-' : l.dbCpuMsPerOp.toFixed(2),
      l.clientCpuMsPerOp.toFixed(2),
      l.machineBusyPercent.toFixed(0),
      String(l.failures),
    ]);
  }
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  const lines = rows.map((r) => r.map((c, i) => c.padStart(widths[i] ?? 0)).join('  '));
  const others = metrics.filter((m) => !m.name.startsWith('return.create.')).map((m) => `${m.name} = ${m.value} ${m.unit}`);
  return [...lines, ...others].join('\n');
}

const startedAt = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const pgUp = ONLY === 'pglite' ? false : await pgAnswers();
if (!pgUp && ONLY !== 'pglite') notes.push(`PostgreSQL at ${ADMIN_URL} did not answer: PostgreSQL metrics are skipped`);
/** Runs one part; a part that breaks is reported and counted as a failure, and the others still run. */
async function part(name: string, work: () => Promise<void>) {
  if (ONLY && name !== ONLY && !name.startsWith(`${ONLY}.`)) return;
  try {
    await work();
  } catch (err) {
    failures++;
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
    notes.push(`${name} failed: ${message.split('\n')[0]}`);
    log(`[${name}] FAILED: ${message}`);
  }
}
if (pgUp) await part('pg', () => benchDatabase('pg'));
// PostgreSQL's own limit for the same writes, in the same run: Retour's figures as a share of it.
if (pgUp)
  await part('pg.limit', async () => {
    const { measurePgLimit } = await import('./pgLimit.js');
    const db = await createPgDatabase('retour_bench_limit');
    try {
      for (const level of await measurePgLimit(db.url, { clients: [8, 32], seconds: SECONDS }, log)) {
        metric(`pg.limit.c${level.clients}.per_s`, level.perSecond, 'transactions/s');
        metric(`pg.limit.c${level.clients}.db_cpu_ms`, level.dbCpuMsPerOp, 'ms/transaction');
        const retour = metrics.find((m) => m.name === `return.create.pg.c${level.clients}.per_s`);
        // Three decimals: a ratio of a few hundredths is the point of the figure.
        const ratio = retour ? Math.round((1000 * retour.value) / level.perSecond) / 1000 : null;
        if (ratio !== null) metrics.push({ name: `return.create.pg.c${level.clients}.limit_ratio`, value: ratio, unit: 'ratio' });
      }
    } finally {
      await db.drop();
    }
  });
await part('pglite', () => benchDatabase('pglite'));
await part('seed.pglite', () => benchSeeding('pglite'));
if (pgUp) await part('seed.pg', () => benchSeeding('pg'));
await part('portal', async () => {
  const { measureAppSize } = await import('./appSize.js');
  const size = await measureAppSize('portal');
  metric('portal.js_gzip_kb', size.jsGzipKb, 'KiB');
  metric('portal.css_gzip_kb', size.cssGzipKb, 'KiB');
  log(`[portal] JavaScript ${size.jsGzipKb.toFixed(1)} KiB gzip (budget 120), CSS ${size.cssGzipKb.toFixed(1)} KiB`);
});
await part('admin', async () => {
  const { measureAppSize } = await import('./appSize.js');
  const size = await measureAppSize('admin');
  metric('admin.js_gzip_kb', size.jsGzipKb, 'KiB');
  metric('admin.css_gzip_kb', size.cssGzipKb, 'KiB');
  log(`[admin] JavaScript ${size.jsGzipKb.toFixed(1)} KiB gzip, CSS ${size.cssGzipKb.toFixed(1)} KiB`);
});
await part('outbox', async () => {
  const { measureOutboxDrain } = await import('./outboxDrain.js');
  const db = pgUp ? await createPgDatabase('retour_bench_outbox') : null;
  const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'retour-bench-outbox-'));
  try {
    const r = await measureOutboxDrain({ databaseUrl: db?.url, dataDir: dir, events: 1000 }, log);
    if (r.duplicates > 0) throw new Error(`${r.duplicates} deliveries arrived twice`);
    metric('outbox.drain.per_s', r.perSecond, 'events/s');
    log(
      `[outbox] ${r.perSecond.toFixed(0)} events/s delivered to a local webhook receiver (${db ? 'PostgreSQL' : 'PGlite'}, ${r.events} events in ${r.seconds.toFixed(1)} s)`,
    );
    log(costLine('outbox', 'event', r.events, r.cost));
  } finally {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
await part('email', async () => {
  const { measureEmailSend } = await import('./emailSend.js');
  const db = pgUp ? await createPgDatabase('retour_bench_email') : null;
  const dir = db ? undefined : mkdtempSync(join(tmpdir(), 'retour-bench-email-'));
  try {
    const r = await measureEmailSend({ databaseUrl: db?.url, dataDir: dir, returns: 500 }, log);
    if (r.duplicates > 0) throw new Error(`${r.duplicates} e-mails arrived twice`);
    metric('email.send.per_s', r.perSecond, 'e-mails/s');
    log(
      `[email] ${r.perSecond.toFixed(0)} e-mails/s rendered and handed to a local SMTP server (${db ? 'PostgreSQL' : 'PGlite'}, ${r.emails} e-mails in ${r.seconds.toFixed(1)} s)`,
    );
    log(costLine('email', 'e-mail', r.emails, r.cost));
  } finally {
    await db?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
});
await part('tracking', async () => {
  if (!pgUp) return;
  const { measureTrackingIngest } = await import('./tracking.js');
  const db = await createPgDatabase('retour_bench_tracking');
  try {
    const r = await measureTrackingIngest(db.url, { parcels: 1000 }, log);
    failures += r.failures;
    if (r.inTransit + r.delivered === 0) throw new Error('no return moved');
    metric('tracking.ingest.per_s', r.perSecond, 'webhooks/s');
    log(
      `[tracking] ${r.perSecond.toFixed(0)} signed webhooks/s verified, stored (retour serve) and applied (retour worker) on PostgreSQL (${r.webhooks} in ` +
        `${r.seconds.toFixed(1)} s; POST p50 ${r.postP50.toFixed(1)} ms, p99 ${r.postP99.toFixed(1)} ms; ${r.delivered} returns delivered)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  } finally {
    await db.drop();
  }
});
await part('receive', async () => {
  if (!pgUp) return;
  const { measureWarehouseReceiving } = await import('./warehouseReceiving.js');
  const db = await createPgDatabase('retour_bench_receive');
  try {
    const r = await measureWarehouseReceiving(db.url, { lines: 3000, concurrency: 8, seconds: SECONDS }, log);
    failures += r.failures;
    metric('return.receive.pg.c8.per_s', r.perSecond, 'lines/s');
    metric('return.receive.pg.c8.p50_ms', r.p50, 'ms');
    metric('return.receive.pg.c8.p99_ms', r.p99, 'ms');
    metric('return.receive.pg.c8.server_cpu_ms', r.serverCpuMsPerLine, 'ms/line');
    metric('return.receive.pg.c8.db_cpu_ms', r.dbCpuMsPerLine, 'ms/line');
    log(
      `[receive] ${r.perSecond.toFixed(0)} lines/s scanned, received, graded and restocked over HTTP at 8 clients on PostgreSQL ` +
        `(${r.ops} in ${r.seconds.toFixed(1)} s, 9 calls each; p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms; ` +
        `server CPU ${r.serverCpuMsPerLine.toFixed(2)} ms/line (${r.serverCpuMsPerLineBeyondIdle.toFixed(2)} beyond idle), ` +
        `PostgreSQL CPU ${r.dbCpuMsPerLine.toFixed(2)} ms/line (${r.dbCpuMsPerLineBeyondIdle.toFixed(2)} beyond idle); ` +
        `machine ${r.machineBusyPercent.toFixed(0)} % busy)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  } finally {
    await db.drop();
  }
});
await part('import', async () => {
  if (!pgUp) return;
  const { measureShopImport } = await import('./shopImport.js');
  const db = await createPgDatabase('retour_bench_import');
  try {
    const r = await measureShopImport(db.url, { orders: 40_000, pageSize: 1000 }, log);
    metric('import.orders.per_s', r.perSecond, 'orders/s');
    metric('import.orders.c2.per_s', r.perSecondTwoWriters, 'orders/s');
    for (const at of r.atBackfillPages) metric(`import.orders.p${at.pageSize}.per_s`, at.perSecond, 'orders/s');
    log(
      `[import] ${r.perSecond.toFixed(0)} two-line orders/s through the backfill's upsert on PostgreSQL (${r.orders} in ` +
        `${r.seconds.toFixed(1)} s, pages of 1,000, one event per page); ${r.perSecondTwoWriters.toFixed(0)}/s two pages at a time; ` +
        `${r.perSecondWithEvents.toFixed(0)}/s with an event per order; ` +
        r.atBackfillPages.map((at) => `${at.perSecond.toFixed(0)}/s in pages of ${at.pageSize}`).join(', '),
    );
  } finally {
    await db.drop();
  }
});
await part('connector', async () => {
  if (!pgUp) return;
  const { measureShopWebhooks } = await import('./shopWebhooks.js');
  const db = await createPgDatabase('retour_bench_connector');
  try {
    const r = await measureShopWebhooks(db.url, { webhooks: 4000 }, log);
    failures += r.failures;
    if (r.orders !== r.webhooks) throw new Error(`${r.webhooks} order webhooks made ${r.orders} orders`);
    metric('connector.webhook.per_s', r.perSecond, 'webhooks/s');
    log(
      `[connector] ${r.perSecond.toFixed(0)} signed WooCommerce order webhooks/s verified, stored (retour serve) and applied (retour worker) on PostgreSQL (${r.webhooks} in ` +
        `${r.seconds.toFixed(1)} s; POST p50 ${r.postP50.toFixed(1)} ms, p99 ${r.postP99.toFixed(1)} ms)` +
        (r.failures ? `, ${r.failures} FAILED (first: ${r.firstFailure})` : ''),
    );
  } finally {
    await db.drop();
  }
});
await part('policy', async () => {
  const { measurePolicyEvaluation } = await import('./policyEvaluation.js');
  const r = measurePolicyEvaluation(SECONDS / 4);
  metric('policy.evaluate.per_s', r.perSecond, 'evaluations/s');
  metric('policy.evaluate.lines_per_s', r.linesPerSecond, 'lines/s');
  log(`[policy] ${r.perSecond.toFixed(0)} evaluations/s (${r.microseconds.toFixed(1)} µs each, demo policy, 2 of 4 lines)`);
  log(
    `[policy] ${r.linesPerSecond.toFixed(0)} lines/s on a 10-line request (${r.tenLineMicroseconds.toFixed(1)} µs each); ` +
      `the reference interpreter: ${r.interpreterLinesPerSecond.toFixed(0)} lines/s (×${(r.linesPerSecond / r.interpreterLinesPerSecond).toFixed(1)})`,
  );
});

const report = {
  metrics,
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? null,
    memoryMb: Math.round(totalmem() / 1048576),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadavg1mBefore: Math.round(loadBefore * 100) / 100,
    loadavg1mAfter: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  at: new Date().toISOString(),
  seconds: Math.round((performance.now() - startedAt) / 1000),
  failures,
  notes,
  levels: levels.map((l) => ({
    db: l.db,
    concurrency: l.concurrency,
    returns: l.ops,
    failures: l.failures,
    seconds: Math.round(l.seconds * 100) / 100,
    serverCpuMsPerReturn: Math.round(l.serverCpuMsPerOp * 100) / 100,
    dbCpuMsPerReturn: l.dbCpuMsPerOp === null ? null : Math.round(l.dbCpuMsPerOp * 100) / 100,
    clientCpuMsPerReturn: Math.round(l.clientCpuMsPerOp * 100) / 100,
    machineBusyPercent: Math.round(l.machineBusyPercent),
    firstFailure: l.firstFailure,
  })),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report)}\n`);
log(`\n${table()}`);
for (const note of notes) log(`note: ${note}`);
if (failures > 0) {
  log(`${failures} request(s) or shutdown(s) failed: the numbers above are not valid`);
  process.exit(1);
}
