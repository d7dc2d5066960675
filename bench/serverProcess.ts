import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { REFRESH_GATHER_SECONDS } from '../src/app/analytics/facts/staleFacts.js';
import type { Database } from '../src/db/schema.js';
import { CpuLedger, machineBusyPercent, machineCpuMs, PROBE_APPLICATION, processCpuMs, watchBackendCpu } from './cpu.js';
import { type Answer, jsonClient, runLevel } from './loadClient.js';

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** The highest resident set size seen so far, in MiB (sampled every 200 ms), summed over the
   * server's processes (the primary and the processes it started). */
  peakRssMb: () => number;
  /** CPU time (user + system) the server's processes (the primary and those it started) have used
   * so far, in ms; a process that ended (one the primary replaced) counts what it had used when
   * last sampled, so the figure never drops. */
  cpuMs: () => number;
  /** The processes the primary started that have ended since the server was ready, and those it
   * started since: a process that died and was started again shows in both. */
  processChanges: () => { gone: number[]; started: number[] };
  /** The last lines the server wrote (start-up lines, warnings, errors). */
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop: () => Promise<number | null>;
}

/** The processes `pid` started and that still run (Node starts child processes from its main
 * thread, whose /proc children list names them); none when it is gone. */
export function childPids(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
    return children ? children.split(' ').map(Number) : [];
  } catch {
    return []; // gone meanwhile
  }
}

/** The process and all its descendants (the server processes a `retour serve` primary started).
 * Node starts child processes from its main thread, whose /proc children list names them. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...childPids(tree[i] as number));
  return tree;
}

/** Resident memory of a process in MiB, from /proc/<pid>/status; 0 when it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024;
  } catch {
    return 0; // the process is gone
  }
}

async function waitUntilReady(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  let last = '';
  while (Date.now() < deadline && !exited()) {
    try {
      const res = await fetch(`${url}/api/ready`);
      if (res.ok) return;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the server at ${url} did not become ready: ${last}`);
}

/** Starts the real server (`retour serve`) as a child process on a free port, waits for
 * /api/ready, and samples its memory while it runs. `nodeArgs` go to node itself (e.g.
 * `--cpu-prof`, from BENCH_SERVER_NODE_ARGS, to profile the server under load). It runs as many
 * server processes as it does by default (on this machine's PostgreSQL, one per two cores), or
 * BENCH_PROCESSES. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeArgs, 'bin/retour.js', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RETOUR_LOOKUP_RATE_LIMIT: '100000000',
      RETOUR_LOGIN_RATE_LIMIT: '100000000',
      // As behind a reverse proxy: the bench's shoppers say their own IPs (X-Forwarded-For).
      RETOUR_TRUST_PROXY: 'true',
      ...(process.env.BENCH_PROCESSES ? { RETOUR_PROCESSES: process.env.BENCH_PROCESSES } : {}),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid as number;
  let out = '';
  let peak = 0;
  let exited = false;
  // The processes a primary starts come after it: looked up again at each sample (one that died is
  // started again under another id).
  let tree = [pid];
  const treeRssMb = () => tree.reduce((sum, p) => sum + rssMb(p), 0);
  // Each sample reads the CPU too, so a process that ends has been read at most 200 ms before.
  const cpu = new CpuLedger();
  const sampler = setInterval(() => {
    tree = processTree(pid);
    peak = Math.max(peak, treeRssMb());
    cpu.read(tree);
  }, 200);
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exited = true;
      clearInterval(sampler);
      resolve(code ?? (signal ? 128 : null));
    }),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      // Keep only what the report may need: the server's own warnings and errors.
      if (out.length > 64_000) out = out.slice(-32_000);
      const found = out.match(/Retour is running at (http:\/\/\S+)/)?.[1];
      if (found) resolve(found);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exit.then((code) => reject(new Error(`the server exited with ${code} before it listened:\n${out}`)));
  });
  try {
    await waitUntilReady(url, () => exited);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const atReady = new Set(childPids(pid));
  return {
    url,
    child,
    peakRssMb: () => Math.max(peak, treeRssMb()),
    cpuMs: () => {
      tree = processTree(pid);
      return cpu.read(tree);
    },
    processChanges: () => {
      const now = new Set(childPids(pid));
      return { gone: [...atReady].filter((p) => !now.has(p)), started: [...now].filter((p) => !atReady.has(p)) };
    },
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      // A shutdown that hangs is a finding too: report it as a failed exit, not a hung bench.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exit;
      clearTimeout(killer);
      return code;
    },
  };
}

/** `retour worker` beside the server, as a shop that takes bursts of webhooks runs it: the server
 * answers, the worker applies. Resolves once it says it runs; BENCH_WORKER_NODE_ARGS gives it Node
 * flags of its own (e.g. "--cpu-prof"). */
export async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, 'bin/retour.js', 'worker'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out = `${out}${chunk}`.slice(-8000);
      if (out.includes('Retour worker is running')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the worker exited with ${code}:\n${out}`)));
  });
  return child;
}

/** What the load left the background work of a server on PostgreSQL: events not yet relayed from
 * the outbox, and jobs (e-mails, webhooks, follow-ups) waiting or running that are due. */
export interface Backlog {
  /** Waits (polling every 20 ms, at most `maxMs`) until nothing is left; answers the seconds it
   * took, or null when something was still left then. */
  untilDone(maxMs?: number): Promise<number | null>;
  close(): Promise<void>;
}

/** What a level's report says of its backlog: the seconds its follow-ups took after it, or, when
 * the wait gave up with work still left, no seconds and `timedOut`: the level's CPU per return then
 * leaves out the follow-ups still to do, so it reads too low. Nothing on a database not watched. */
export function backlogOutcome(
  watched: boolean,
  seconds: number | null,
): { backlogSeconds: number | null; backlogTimedOut: boolean } | null {
  return watched ? { backlogSeconds: seconds, backlogTimedOut: seconds === null } : null;
}

/**
 * The backlog of a server on the embedded database, which no other process can read: its workers
 * run inside the server, so their follow-ups are done when the server's CPU falls to what it spends
 * idle (its timers, the workers' polling): under 5% of a core over a quarter of a second, for longer
 * than the analytics refresh lets marks gather (its job starts that long after the last relay, so a
 * shorter quiet would end before it). Read every 50 ms, at most `maxMs`.
 */
export function watchServerIdle(server: RunningServer): Backlog {
  const WINDOW_MS = 250;
  const QUIET_WINDOWS = Math.ceil((REFRESH_GATHER_SECONDS * 1000) / WINDOW_MS) + 4;
  return {
    untilDone: async (maxMs = 120_000) => {
      const started = performance.now();
      let quiet = 0;
      while (quiet < QUIET_WINDOWS) {
        if (performance.now() - started > maxMs) return null;
        const cpu0 = server.cpuMs();
        const t0 = performance.now();
        await new Promise((r) => setTimeout(r, WINDOW_MS));
        const share = (server.cpuMs() - cpu0) / (performance.now() - t0);
        quiet = share < 0.05 ? quiet + 1 : 0;
      }
      // The quiet windows are not follow-up work.
      return Math.max(0, (performance.now() - started - QUIET_WINDOWS * WINDOW_MS) / 1000);
    },
    close: async () => {},
  };
}

/**
 * Watches the backlog of the database at `databaseUrl` (the outbox, the due jobs, and the analytics
 * marks, whose refresh waits a moment for more to gather) from a connection of its own: a probe, left
 * out of the backends' CPU and of the statements counted. A level's CPU per request is read once its backlog is done: a server
 * whose request handling starves its own workers leaves their work for after the level, and a
 * server that keeps up (a background process of its own) does it within; reading at the level's
 * end would count the second's follow-ups and not the first's.
 */
export async function watchBacklog(databaseUrl: string): Promise<Backlog> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: PROBE_APPLICATION });
  await client.connect();
  const left = async () => {
    const { rows } = await client.query<{ n: number }>(
      `select (select count(*) from outbox where published_at is null)::int +
              (select count(*) from pgboss.job where state in ('created', 'retry', 'active') and start_after <= now())::int +
              (select count(*) from analytics_stale)::int as n`,
    );
    return rows[0]?.n ?? 0;
  };
  return {
    untilDone: async (maxMs = 120_000) => {
      const started = performance.now();
      while ((await left()) > 0) {
        if (performance.now() - started > maxMs) return null;
        await new Promise((r) => setTimeout(r, 20));
      }
      return (performance.now() - started) / 1000;
    },
    close: () => client.end().catch(() => undefined),
  };
}

/** Waits (polling every 20 ms, at most ten minutes) until no row of `table` waits to be applied. */
async function untilApplied(db: Kysely<Database>, table: 'carrier_webhooks' | 'shop_webhooks', started: number) {
  for (;;) {
    const left = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where applied_at is null`.execute(
      db,
    );
    if ((left.rows[0]?.n ?? 1) === 0) return;
    if (performance.now() - started > 600_000) throw new Error('the webhooks were not applied within 10 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

type DatabaseCounters = { commits: number; inserted: number; updated: number; fetched: number };

/** The database's running totals of transactions and rows (pg_stat_database): a backend reports
 * them at most once a second, so a figure is close, not exact; the bench's own polling adds a
 * commit and a fetch or two per 20 ms, a small share of a burst's. */
async function databaseCounters(db: Kysely<Database>): Promise<DatabaseCounters> {
  // The statistics a transaction reads are a snapshot: a fresh one per reading.
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const { rows } = await sql<DatabaseCounters>`
    select xact_commit::float8 as commits, tup_inserted::float8 as inserted, tup_updated::float8 as updated,
           tup_fetched::float8 as fetched
    from pg_stat_database where datname = current_database()`.execute(db);
  return rows[0] ?? { commits: 0, inserted: 0, updated: 0, fetched: 0 };
}

/** What a webhook bench measured: webhooks applied per second (from the first POST until the last
 * was applied) and the POSTs' own figures. */
export interface WebhookFigures {
  perSecond: number;
  webhooks: number;
  seconds: number;
  postP50: number;
  postP99: number;
  failures: number;
  firstFailure: string | null;
}

/**
 * Webhooks POSTed to `server` by `concurrency` clients (`post` sends the i-th of `total`; any
 * answer but 200 is a failure), then the wait until `worker` applied every row of `table`. Answers
 * the webhooks applied per second from the first POST until the last was applied and the POSTs'
 * figures, and logs the CPU the server, the worker and the machine spent per webhook.
 */
export async function postAndApply(
  part: string,
  at: {
    server: RunningServer;
    worker: ChildProcess;
    db: Kysely<Database>;
    databaseUrl: string;
    table: 'carrier_webhooks' | 'shop_webhooks';
  },
  load: { total: number; concurrency: number },
  post: (client: ReturnType<typeof jsonClient>, i: number) => Promise<Answer>,
  log: (line: string) => void,
): Promise<WebhookFigures> {
  const client = jsonClient(at.server.url, 64);
  const workerPid = at.worker.pid as number;
  // PostgreSQL's side of a webhook: its backends' CPU and the transactions and rows it handled.
  const backends = await watchBackendCpu(at.databaseUrl, 200);
  const dbCpu0 = await backends.cpuMs();
  const counters0 = await databaseCounters(at.db);
  const serverCpu0 = at.server.cpuMs();
  const workerCpu0 = processCpuMs(workerPid);
  const machine0 = machineCpuMs();
  const started = performance.now();
  const posted = await runLevel(load.concurrency, { maxOps: load.total, maxMs: 600_000 }, async (i) => {
    const res = await post(client, i);
    if (res.status !== 200) throw new Error(`webhook: ${res.status} ${JSON.stringify(res.json)}`);
  });
  client.close();
  log(
    `[${part}] ${posted.ops} POSTs answered in ${posted.seconds.toFixed(1)} s (${posted.perSecond.toFixed(0)}/s); applying the rest…`,
  );
  await untilApplied(at.db, at.table, started);
  const seconds = (performance.now() - started) / 1000;
  const perWebhook = (ms: number) => (ms / load.total).toFixed(2);
  const dbCpu = (await backends.cpuMs()) - dbCpu0;
  await backends.close();
  const counters = await databaseCounters(at.db);
  const per = (key: keyof DatabaseCounters) => ((counters[key] - counters0[key]) / load.total).toFixed(2);
  log(
    `[${part}] CPU per webhook: server ${perWebhook(at.server.cpuMs() - serverCpu0)} ms, worker ` +
      `${perWebhook(processCpuMs(workerPid) - workerCpu0)} ms, PostgreSQL ${perWebhook(dbCpu)} ms; machine ` +
      `${machineBusyPercent(machine0).toFixed(0)} % busy; per webhook ${per('commits')} commits, rows ` +
      `${per('inserted')} inserted, ${per('updated')} updated, ${per('fetched')} fetched`,
  );
  return {
    perSecond: posted.ops / seconds,
    webhooks: posted.ops,
    seconds,
    postP50: posted.p50,
    postP99: posted.p99,
    failures: posted.failures,
    firstFailure: posted.firstFailure,
  };
}
