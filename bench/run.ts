import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { type BackendCpu, machineBusyPercent, machineCpuMs, watchBackendCpu } from './cpu.js';
import { countCreateStatements } from './createStatements.js';
import { type BenchOrder, prepareOrders, REASON_CODE } from './fixtures.js';
import { jsonClient, type LevelResult, runLevel } from './loadClient.js';
import {
  type BenchRun,
  benchAppSize,
  benchConnector,
  benchEmail,
  benchFraud,
  benchImport,
  benchOutbox,
  benchPgLimit,
  benchPolicy,
  benchReceiving,
  benchSeeding,
  benchTracking,
} from './parts.js';
import { ADMIN_URL, analyzeDatabase, createPgDatabase, pgAnswers } from './pgDatabases.js';
import { type Backlog, backlogOutcome, type RunningServer, startServer, watchBacklog, watchServerIdle } from './serverProcess.js';

/** `npm run bench`: return requests over real HTTP at 1, 8 and 32 clients against the real server
 * (`retour serve` in a child process, with the server processes and the background process it
 * starts by default) on PostgreSQL and on PGlite, and the server's peak memory; then the other
 * parts (bench/parts.ts: PostgreSQL's own limit, demo seeding, app sizes, the workers, webhooks,
 * receiving, import, the analytics dashboards on a million-order shop (bench/analytics.ts), the
 * policy engine). Writes bench/results/latest.json and prints it on
 * stdout; progress and a table go to stderr. Measures only: it exits non-zero when any request
 * failed, so a broken build cannot produce a number.
 *
 * Environment: BENCH_DATABASE_URL (a PostgreSQL server to create the bench databases on),
 * BENCH_SECONDS (per level, default 8), BENCH_PG_POOL_SIZE (the server's RETOUR_DB_POOL_SIZE),
 * BENCH_ONLY=pg|pglite|seed|policy|portal|admin|outbox|email|tracking|receive|import|connector|analytics|fraud (run only the parts whose name starts so), BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof"), BENCH_WORKER_NODE_ARGS (the tracking part's worker).
 * The analytics part: BENCH_ANALYTICS_DATABASE (the fixture's database, default retour_bench_analytics),
 * BENCH_ANALYTICS_ORDERS, BENCH_ANALYTICS_FRESH=1, BENCH_ANALYTICS_REBUILD=0, BENCH_ANALYTICS_QUERIES, BENCH_ANALYTICS_RUNS.
 * The fraud part: BENCH_FRAUD_SHOPPERS (default 1,000), BENCH_FRAUD_SEED (default the generator's, 22). */

type DbKind = 'pg' | 'pglite';

interface Metric {
  name: string;
  value: number;
  unit: string;
}

interface LevelReport extends LevelResult {
  db: DbKind;
  /** CPU the server's processes used per created return, in ms. */
  serverCpuMsPerOp: number;
  /** CPU this process (the load client) used per created return. */
  clientCpuMsPerOp: number;
  /** How busy the whole machine was during the level (all processes, ours and others), 0–100. */
  machineBusyPercent: number;
  /** CPU the PostgreSQL backends of the bench database used per created return (pg only). */
  dbCpuMsPerOp: number | null;
  /** How the wait for the level's follow-ups ended (pg only); timed out, the CPU above reads low. */
  backlog: ReturnType<typeof backlogOutcome>;
}

const metrics: Metric[] = [];
const levels: LevelReport[] = [];
const notes: string[] = [];
const metric = (name: string, value: number, unit: string, digits = 2) =>
  metrics.push({ name, value: Math.round(value * 10 ** digits) / 10 ** digits, unit });
const log = (line: string) => process.stderr.write(`${line}\n`);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP = 50;
/** Returns whose statements are counted, with the workers off and then on (countCreateStatements). */
const COUNTED_RETURNS = 40;
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
const ONLY = process.env.BENCH_ONLY;
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
let failures = 0;

/** One return as a shopper makes it: look the order up for a token, then request two lines back. */
async function createReturn(client: ReturnType<typeof jsonClient>, order: BenchOrder): Promise<void> {
  const lookup = await client.post('/api/v1/shopper/lookup', { orderNumber: order.number, email: order.email }, order.headers);
  if (lookup.status !== 200) throw new Error(`lookup ${order.number}: ${lookup.status} ${JSON.stringify(lookup.json)}`);
  const token = (lookup.json as { token: string }).token;
  const created = await client.post(
    '/api/v1/shopper/returns',
    {
      method: 'qr',
      lines: order.lineIds.map((id) => ({ orderLineId: id, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' })),
    },
    { ...order.headers, authorization: `Bearer ${token}` },
  );
  if (created.status !== 201) throw new Error(`return ${order.number}: ${created.status} ${JSON.stringify(created.json)}`);
}

async function benchDatabase(kind: DbKind): Promise<void> {
  const budget = BUDGETS[kind];
  const total = WARMUP + budget.reduce((s, l) => s + l.maxOps, 0);
  let env: Record<string, string>;
  let cleanup: () => Promise<void>;
  if (kind === 'pg') {
    const created = await createPgDatabase('retour_bench');
    env = { DATABASE_URL: created.url };
    if (process.env.BENCH_PG_POOL_SIZE) env.RETOUR_DB_POOL_SIZE = process.env.BENCH_PG_POOL_SIZE;
    cleanup = created.drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'retour-bench-'));
    env = { RETOUR_DATA_DIR: dir };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  let server: RunningServer | null = null;
  let backends: BackendCpu | null = null;
  let backlog: Backlog | null = null;
  try {
    const t0 = performance.now();
    log(`[${kind}] preparing ${total} delivered two-line orders…`);
    const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.RETOUR_DATA_DIR });
    let orders: BenchOrder[];
    try {
      await migrateToLatest(handle.db);
      orders = await prepareOrders(await createAppContext(loadConfig(env), handle.db), total);
      if (env.DATABASE_URL) await analyzeDatabase(env.DATABASE_URL);
    } finally {
      await handle.close(); // PGlite: the server opens the same data directory next
    }
    log(`[${kind}] prepared in ${((performance.now() - t0) / 1000).toFixed(1)} s; starting the server…`);
    server = await startServer(env, SERVER_NODE_ARGS);
    log(`[${kind}] server pid ${server.child.pid} ready at ${server.url}`);
    if (env.DATABASE_URL) backends = await watchBackendCpu(env.DATABASE_URL);
    // On PGlite the follow-ups run inside the server: done when its CPU falls back to idle.
    backlog = env.DATABASE_URL ? await watchBacklog(env.DATABASE_URL) : watchServerIdle(server);
    const client = jsonClient(server.url, 64);
    let cursor = 0;
    const take = (): BenchOrder => {
      const order = orders[cursor++];
      if (!order) throw new Error('ran out of prepared orders');
      return order;
    };

    const warm = await runLevel(8, { maxOps: WARMUP, maxMs: 60_000 }, () => createReturn(client, take()));
    failures += warm.failures;
    // The warm-up's returns are what autovacuum would analyze next on a production server.
    if (env.DATABASE_URL) await analyzeDatabase(env.DATABASE_URL);
    if (warm.failures) log(`[${kind}] warm-up: ${warm.failures} FAILED (${warm.firstFailure})`);

    for (const { concurrency, maxOps } of budget) {
      const cpu0 = server.cpuMs();
      const client0 = process.cpuUsage();
      const machine0 = machineCpuMs();
      const db0 = (await backends?.cpuMs()) ?? 0;
      const result = await runLevel(concurrency, { maxOps, maxMs: SECONDS * 1000 }, () => createReturn(client, take()));
      // The CPU counts the follow-ups (e-mails, webhooks) of the level's returns, done during it or after.
      const backlogSeconds = backlog ? await backlog.untilDone() : null;
      const serverCpu = server.cpuMs() - cpu0;
      const clientCpu = process.cpuUsage(client0);
      const machineBusy = machineBusyPercent(machine0);
      const db1 = (await backends?.cpuMs()) ?? null;
      const dbCpu = db1 === null ? null : db1 - db0;
      failures += result.failures;
      const ops = Math.max(result.ops, 1);
      const report: LevelReport = {
        ...result,
        db: kind,
        serverCpuMsPerOp: serverCpu / ops,
        clientCpuMsPerOp: (clientCpu.user + clientCpu.system) / 1000 / ops,
        machineBusyPercent: machineBusy,
        dbCpuMsPerOp: dbCpu === null ? null : dbCpu / ops,
        backlog: backlogOutcome(backlog !== null, backlogSeconds),
      };
      levels.push(report);
      const prefix = `return.create.${kind}.c${concurrency}`;
      metric(`${prefix}.per_s`, result.perSecond, 'returns/s');
      metric(`${prefix}.p50_ms`, result.p50, 'ms');
      metric(`${prefix}.p99_ms`, result.p99, 'ms');
      metric(`${prefix}.server_cpu_ms`, report.serverCpuMsPerOp, 'ms/return');
      if (report.dbCpuMsPerOp !== null) metric(`${prefix}.db_cpu_ms`, report.dbCpuMsPerOp, 'ms/return');
      if (backlogSeconds !== null) metric(`${prefix}.backlog_s`, backlogSeconds, 's');
      if (report.backlog?.backlogTimedOut) {
        metric(`${prefix}.backlog_timed_out`, 1, 'yes');
        notes.push(`${prefix}: follow-ups not done within 120 s; its CPU per return leaves out what was left`);
      }
      log(
        `[${kind}] c${concurrency}: ${result.ops} returns in ${result.seconds.toFixed(1)} s = ${result.perSecond.toFixed(0)}/s, ` +
          `p50 ${result.p50.toFixed(1)} ms, p99 ${result.p99.toFixed(1)} ms, server CPU ${report.serverCpuMsPerOp.toFixed(2)} ms/return` +
          (report.dbCpuMsPerOp !== null ? `, PostgreSQL CPU ${report.dbCpuMsPerOp.toFixed(2)} ms/return` : '') +
          (backlog
            ? `, follow-ups done ${backlogSeconds === null ? 'NOT within 120 s' : `${backlogSeconds.toFixed(1)} s`} after`
            : '') +
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
    if (env.DATABASE_URL) {
      const left = orders.slice(cursor);
      if (left.length < 2 * COUNTED_RETURNS + 5) notes.push('return.create.pg.statements: too few orders left to count');
      else {
        const counts = await countCreateStatements(env.DATABASE_URL, left, COUNTED_RETURNS, createReturn);
        metric('return.create.pg.statements', counts.request, 'statements/return', 1);
        metric('return.create.pg.followup_statements', counts.followUps, 'statements/return', 1);
        log(
          `[${kind}] statements per return: ${counts.request.toFixed(1)} on the request path, ` +
            `${counts.followUps.toFixed(1)} in its follow-ups`,
        );
      }
    }
  } finally {
    if (server) {
      log(`[${kind}] server output:\n${server.output().slice(-4000)}`);
      await server.stop();
    }
    await backends?.close();
    await backlog?.close();
    await cleanup();
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
const run: BenchRun = {
  seconds: SECONDS,
  log,
  metric,
  metricValue: (name) => metrics.find((m) => m.name === name)?.value,
  failed: (count) => {
    failures += count;
  },
};
if (pgUp) await part('pg', () => benchDatabase('pg'));
if (pgUp) await part('pg.limit', () => benchPgLimit(run));
await part('pglite', () => benchDatabase('pglite'));
await part('seed.pglite', () => benchSeeding(run, 'pglite'));
if (pgUp) await part('seed.pg', () => benchSeeding(run, 'pg'));
await part('portal', () => benchAppSize(run, 'portal'));
await part('admin', () => benchAppSize(run, 'admin'));
await part('outbox', () => benchOutbox(run, pgUp));
await part('email', () => benchEmail(run, pgUp));
if (pgUp) await part('tracking', () => benchTracking(run));
if (pgUp) await part('receive', () => benchReceiving(run));
if (pgUp) await part('import', () => benchImport(run));
if (pgUp) await part('connector', () => benchConnector(run));
// Loaded here so dashboards that do not load break this part only.
if (pgUp) await part('analytics', async () => (await import('./analytics.js')).benchAnalytics(run));
await part('policy', () => benchPolicy(run));
await part('fraud', () => benchFraud(run, pgUp));

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
    ...l.backlog,
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
