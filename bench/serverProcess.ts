import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../src/db/schema.js';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

export interface RunningServer {
  url: string;
  child: ChildProcess;
  /** The highest resident set size seen so far, in MiB (sampled every 200 ms), summed over the
   * server's processes (the primary and the processes it started). */
  peakRssMb: () => number;
  /** CPU time (user + system) the server's processes (the primary and those it started) have used
   * so far, in ms. */
  cpuMs: () => number;
  /** The last lines the server wrote (start-up lines, warnings, errors). */
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop: () => Promise<number | null>;
}

/** User + system CPU of a process in ms, from /proc/<pid>/stat; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields we need follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far, in ms (from /proc/stat). */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]?.split(/\s+/).slice(1).map(Number) ?? [];
    const total = cpu.reduce((a, b) => a + b, 0);
    const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0); // idle + iowait
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/** The process and all its descendants (the server processes a `retour serve` primary started).
 * Node starts child processes from its main thread, whose /proc children list names them. */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    const p = tree[i] as number;
    try {
      const children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8').trim();
      if (children) tree.push(...children.split(' ').map(Number));
    } catch {
      // gone meanwhile
    }
  }
  return tree;
}

function rssMb(pid: number): number {
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
 * server processes as it does by default (one per core on PostgreSQL), or BENCH_PROCESSES. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<RunningServer> {
  const child = spawn(process.execPath, [...nodeArgs, 'bin/retour.js', 'serve'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      RETOUR_LOOKUP_RATE_LIMIT: '100000000',
      RETOUR_LOGIN_RATE_LIMIT: '100000000',
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
  const sampler = setInterval(() => {
    tree = processTree(pid);
    peak = Math.max(peak, treeRssMb());
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
  return {
    url,
    child,
    peakRssMb: () => Math.max(peak, treeRssMb()),
    cpuMs: () => {
      tree = processTree(pid);
      return tree.reduce((sum, p) => sum + processCpuMs(p), 0);
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

/** Waits (polling every 20 ms, at most ten minutes) until no row of `table` waits to be applied. */
export async function untilApplied(db: Kysely<Database>, table: 'carrier_webhooks' | 'shop_webhooks', started: number) {
  for (;;) {
    const left = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where applied_at is null`.execute(
      db,
    );
    if ((left.rows[0]?.n ?? 1) === 0) return;
    if (performance.now() - started > 600_000) throw new Error('the webhooks were not applied within 10 minutes');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What the server, the worker and the machine spent per webhook since the readings at the start. */
export function cpuPerWebhook(
  part: string,
  total: number,
  server: { ms: number; now: number },
  worker: { ms: number; now: number },
  machine0: { busy: number; total: number },
): string {
  const machine1 = machineCpuMs();
  return (
    `[${part}] CPU per webhook: server ${((server.now - server.ms) / total).toFixed(2)} ms, worker ` +
    `${((worker.now - worker.ms) / total).toFixed(2)} ms; machine ` +
    `${((100 * (machine1.busy - machine0.busy)) / Math.max(machine1.total - machine0.total, 1)).toFixed(0)} % busy`
  );
}
