import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { type BackendCpu, watchBackendCpu } from './cpu.js';
import { ADMIN_URL, createPgDatabase } from './pgDatabases.js';
import { type RunningServer, startServer } from './serverProcess.js';
import { RATES, soakFlows } from './soak/flows.js';
import { soakHttp } from './soak/http.js';
import { MinuteStats, runOpenLoop } from './soak/load.js';
import { prepareSoak, STAFF, STAFF_PASSWORD } from './soak/prepare.js';
import { backlogReader, serverRssMb } from './soak/probes.js';
import { type VacuumStandIn, vacuumStandIn } from './soak/vacuum.js';
import { FLAT, judge, kindsOf, type MinuteReport, minuteLine, minuteTable, type Sample } from './soak/verdict.js';
import { startWebhookReceiver, WEBHOOK_KIND } from './soak/webhookReceiver.js';
import { staffSession } from './staffHttp.js';

/** `npm run bench:soak`: mixed load at fixed rates (see RATES in bench/soak/flows.ts) against the
 * real server (`retour serve` as by default: on PostgreSQL a server process per core
 * (RETOUR_PROCESSES, BENCH_PROCESSES here) and a background process running the workers; on
 * PGlite one process, its workers in it) for BENCH_SOAK_MINUTES (default 10): shoppers make
 * returns and look them up, the back office reads its queue and returns, the warehouse receives
 * and grades, the workers refund through the sandbox provider and deliver every return event to a
 * local webhook receiver, the back office closes what was paid. Reports each minute's throughput
 * and p99 per kind, errors, the RSS and CPU of the server's processes together and the backlog;
 * the verdict (bench/soak/verdict.ts FLAT) says whether it ran without errors and stayed flat
 * after the first minute. A process the server started again during the run is an error: it began
 * with fresh memory, which would hide a leak. JSON on stdout and in bench/results/soak.json,
 * progress on stderr; exits 1 unless ok.
 *
 * Environment: BENCH_SOAK_MINUTES (default 10), BENCH_SOAK_DB=pg|pglite (default pg, PGlite when
 * PostgreSQL does not answer), BENCH_SOAK_SCALE (multiplies every rate, default 1),
 * BENCH_DATABASE_URL (the PostgreSQL server to make the soak's database on), BENCH_SERVER_NODE_ARGS,
 * BENCH_SOAK_VACUUM=off (on a server with autovacuum off, leave the database unvacuumed: see
 * bench/soak/vacuum.ts). */

const log = (line: string) => process.stderr.write(`${line}\n`);
const MINUTES = Number(process.env.BENCH_SOAK_MINUTES ?? 10);
const SCALE = Number(process.env.BENCH_SOAK_SCALE ?? 1);
const SAMPLE_MS = 5_000;
if (!(MINUTES > 0) || !(SCALE > 0)) throw new Error('BENCH_SOAK_MINUTES and BENCH_SOAK_SCALE must be positive numbers');

/** A database of the soak's own: a fresh PostgreSQL database, or PGlite in the soak's data
 * directory (removed with it) when asked for or when PostgreSQL does not answer. */
async function soakDatabase(): Promise<{ kind: 'pg' | 'pglite'; url?: string; drop: () => Promise<void> }> {
  if (process.env.BENCH_SOAK_DB !== 'pglite') {
    try {
      const { url, drop } = await createPgDatabase('retour_soak');
      return { kind: 'pg', url, drop };
    } catch (err) {
      log(`PostgreSQL at ${ADMIN_URL} does not answer (${err instanceof Error ? err.message : err}): soaking on PGlite`);
    }
  }
  return { kind: 'pglite', drop: async () => undefined };
}

const startedAt = performance.now();
const loadBefore = loadavg()[0] ?? 0;
const dataDir = mkdtempSync(join(tmpdir(), 'retour-soak-'));
const database = await soakDatabase();
const env: Record<string, string> = {
  RETOUR_DATA_DIR: dataDir,
  RETOUR_ENCRYPTION_KEY: 'bench-soak-key',
  // The webhook receiver listens on loopback, which an installation allows the same way.
  RETOUR_ALLOW_PRIVATE_URLS: '127.0.0.1',
  ...(database.url ? { DATABASE_URL: database.url } : {}),
};
const lastMinute = Math.ceil(MINUTES) - 1;
const problems: string[] = [];
let server: RunningServer | null = null;
const stats = new MinuteStats(lastMinute);
const receiver = await startWebhookReceiver(stats);
const backlog = backlogReader(database.url);
let backends: BackendCpu | null = null;
let vacuum: VacuumStandIn | null = null;
const minutes: MinuteReport[] = [];
const samples: Sample[] = [];
try {
  const orderCount = Math.ceil(RATES['portal.request'] * SCALE * 60 * MINUTES * 1.05) + 50;
  log(`[soak] ${database.kind}: preparing ${orderCount} delivered two-line orders paid through the sandbox…`);
  const data = await prepareSoak(env, orderCount, receiver.url);
  receiver.setSecret(data.webhookSecret);
  server = await startServer(env, (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const pid = server.child.pid as number;
  log(`[soak] server pid ${pid} at ${server.url}; ${MINUTES} minute(s) at ${SCALE}× the rates ${JSON.stringify(RATES)}`);
  const http = soakHttp(server.url, 256);
  const staff = {
    office: await staffSession(http.counted, STAFF.office, STAFF_PASSWORD),
    warehouse: await staffSession(http.counted, STAFF.warehouse, STAFF_PASSWORD),
  };
  const flows = soakFlows(http, staff, data.orders, SCALE);
  const kinds = [...flows.loops.map((l) => l.kind), WEBHOOK_KIND];
  const failedBefore = (await backlog.read())?.failed ?? 0;
  backends = database.url ? await watchBackendCpu(database.url) : null;
  vacuum = await vacuumStandIn(database.url, log);
  const dbCpuMs = async () => (await backends?.cpuMs()) ?? null;
  const running = server;
  /** A process of the server that ended or began during the soak: one started again after it
   * died, whose fresh memory would hide a leak. Reported once. */
  let restartSeen = false;
  const checkProcesses = () => {
    const { gone, started } = running.processChanges();
    if (restartSeen || (gone.length === 0 && started.length === 0)) return;
    restartSeen = true;
    problems.push(
      `a Retour process was started again during the soak (ended: ${gone.join(', ') || 'none'}; started: ` +
        `${started.join(', ') || 'none'}): its memory started over, so a leak would not show`,
    );
    log(`[soak] ${problems[problems.length - 1]}\n${running.output().slice(-2000)}`);
  };

  const t0 = performance.now();
  stats.begin(t0);
  const endsAt = t0 + MINUTES * 60_000;
  let cpuAtMinute = running.cpuMs();
  let dbCpuAtMinute = await dbCpuMs();
  let callsAtMinute = http.calls();
  let minuteStarted = t0;
  /** Closes minute `m` (from 0): its figures, and the server's memory, CPU and backlog at its end. */
  const closeMinute = async (m: number) => {
    const now = performance.now();
    const cpu = running.cpuMs();
    const dbCpu = await dbCpuMs();
    checkProcesses();
    const calls = http.calls() - callsAtMinute;
    const memory = serverRssMb(pid);
    const seconds = (now - minuteStarted) / 1000;
    const kindsNow = kindsOf(stats, m, seconds);
    const report: MinuteReport = {
      minute: m + 1,
      kinds: kindsNow,
      errors: Object.values(kindsNow).reduce((s, k) => s + k.errors, 0),
      rssMb: Math.round(memory.total * 10) / 10,
      processRssMb: memory.each.map((mb) => Math.round(mb * 10) / 10),
      serverCpuPercent: Math.round(((cpu - cpuAtMinute) / Math.max(now - minuteStarted, 1)) * 1000) / 10,
      calls,
      serverCpuMsPerCall: Math.round(((cpu - cpuAtMinute) / Math.max(calls, 1)) * 100) / 100,
      dbCpuMsPerCall:
        dbCpu === null || dbCpuAtMinute === null ? null : Math.round(((dbCpu - dbCpuAtMinute) / Math.max(calls, 1)) * 100) / 100,
      backlog: await backlog.read(),
      ...flows.queues(),
    };
    minutes.push(report);
    cpuAtMinute = cpu;
    dbCpuAtMinute = dbCpu;
    callsAtMinute += calls;
    minuteStarted = now;
    log(minuteLine(report));
  };
  const sample = async () => {
    const minute = (performance.now() - t0) / 60_000;
    checkProcesses();
    const rssMb = serverRssMb(pid).total;
    const b = await backlog.read();
    samples.push({ minute, rssMb, backlog: b ? b.outbox + b.queued : null });
  };
  const sampler = setInterval(() => void sample().catch((err: unknown) => problems.push(`sampling: ${err}`)), SAMPLE_MS);
  let closing = Promise.resolve();
  const ticks = Array.from({ length: lastMinute }, (_, m) =>
    setTimeout(
      () => {
        closing = closing.then(() => closeMinute(m)).catch((err: unknown) => void problems.push(`minute ${m + 1}: ${err}`));
      },
      (m + 1) * 60_000,
    ),
  );
  await Promise.all(flows.loops.map((loop) => runOpenLoop(loop, stats, endsAt)));
  clearInterval(sampler);
  ticks.forEach(clearTimeout);
  await closing;
  await closeMinute(lastMinute);
  if (receiver.delivered() === 0) problems.push('no webhook was delivered: the workers did not run');
  if (flows.queues().closed === 0) problems.push('no return was paid and closed: the money path did not run');
  const failedAfter = (await backlog.read())?.failed ?? 0;
  if (failedAfter > failedBefore) problems.push(`${failedAfter - failedBefore} job(s) failed for good`);
  if (flows.ordersLeft() === 0) problems.push('the prepared orders ran out');
  http.close();
  // What the server said about the errors (it logs warnings and errors only).
  if (minutes.some((m) => m.errors > 0)) log(`[soak] the server's last lines:\n${server.output().slice(-4000)}`);
  const code = await server.stop();
  if (code !== 0) problems.push(`the server did not shut down cleanly (exit ${code}): ${server.output().slice(-2000)}`);
  server = null;
  log(`\n${minuteTable(minutes, kinds)}`);
} catch (err) {
  problems.push(`the soak broke off: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
} finally {
  if (server) {
    log(`[soak] server output:\n${server.output().slice(-4000)}`);
    await server.stop();
  }
  await vacuum?.stop();
  await backlog.close();
  await backends?.close();
  await receiver.close();
  await database.drop().catch((err: unknown) => log(`could not drop the soak database: ${err}`));
  rmSync(dataDir, { recursive: true, force: true });
}

const verdict = judge(minutes, samples, problems);
const report = {
  verdict,
  flatness: FLAT,
  rates: Object.fromEntries(Object.entries(RATES).map(([k, v]) => [k, v * SCALE])),
  db: database.kind,
  vacuum: vacuum?.note ?? null,
  minutes,
  samples: samples.map((s) => ({ ...s, minute: Math.round(s.minute * 100) / 100, rssMb: Math.round(s.rssMb * 10) / 10 })),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? null,
    memoryMb: Math.round(totalmem() / 1048576),
    node: process.version,
    loadavg1mBefore: Math.round(loadBefore * 100) / 100,
    loadavg1mAfter: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  },
  at: new Date().toISOString(),
  seconds: Math.round((performance.now() - startedAt) / 1000),
};
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/soak.json', `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report)}\n`);
const flatness = verdict.flat === null ? 'flatness not judged' : verdict.flat ? 'flat' : 'NOT flat';
log(
  `[soak] ${verdict.ok ? 'OK' : 'FAILED'}: ${verdict.errors} error(s), ${flatness}, RSS slope ${verdict.rssSlopeMbPerMinute} MiB/min`,
);
for (const reason of verdict.reasons) log(`  ${reason}`);
process.exit(verdict.ok ? 0 : 1);
