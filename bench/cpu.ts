import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICK_MS = 10;

/** User + system CPU of a process in ms and its start time in ticks since boot (which tells a pid
 * used again from the process it named before), from /proc/<pid>/stat; null when it is gone. */
function processStat(pid: number): { cpuMs: number; startedAt: string } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces: the fields we need follow its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS, startedAt: fields[19] ?? '' };
  } catch {
    return null;
  }
}

/** User + system CPU of a process in ms, from /proc/<pid>/stat; 0 when it is gone. */
export function processCpuMs(pid: number): number {
  return processStat(pid)?.cpuMs ?? 0;
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

/** How busy the whole machine was between two machineCpuMs readings, 0–100. */
export function machineBusyPercent(from: { busy: number; total: number }, to = machineCpuMs()): number {
  return (100 * (to.busy - from.busy)) / Math.max(to.total - from.total, 1);
}

/**
 * CPU used so far by a set of processes that changes while it is measured (a server process
 * replaced, a database connection closed and another opened): each process read keeps the largest
 * reading seen of it, so one that is gone still counts what it had used when last read and a
 * total never drops. Read it often enough that a process is seen shortly before it ends.
 */
export class CpuLedger {
  /** pid and start time → the largest CPU reading seen, in ms. */
  private readonly seen = new Map<string, number>();

  /** Reads the CPU of `pids` now and answers the total of every process seen so far, in ms. */
  read(pids: Iterable<number>): number {
    for (const pid of pids) {
      const stat = processStat(pid);
      if (!stat) continue;
      const key = `${pid}@${stat.startedAt}`;
      this.seen.set(key, Math.max(this.seen.get(key) ?? 0, stat.cpuMs));
    }
    let total = 0;
    for (const ms of this.seen.values()) total += ms;
    return total;
  }
}

/** The application name of the bench's own connections that read the database beside the load
 * (this watch, the soak's backlog reader): their backends are left out of what the load costs. */
export const PROBE_APPLICATION = 'retour-bench-probe';

/** What PostgreSQL's backends spent on one database, read on this machine. */
export interface BackendCpu {
  /** CPU used so far by the backends serving the database, those that closed included, in ms. */
  cpuMs(): Promise<number>;
  /** Statements the watch itself sent (to leave out of a statement count). */
  statements(): number;
  close(): Promise<void>;
}

/**
 * Watches the CPU of the PostgreSQL backends serving the database at `databaseUrl` (same machine
 * only) from a connection of its own, leaving out the bench's probes (PROBE_APPLICATION); or those
 * serving `database` from a connection to `databaseUrl`'s, when the load must find no other client
 * connected to its own (the demo seed). It reads them every `sampleMs` as well
 * as when asked, so a backend a pool closes (pg.Pool closes one idle for 10 s) keeps the CPU it
 * used up to then.
 */
export async function watchBackendCpu(databaseUrl: string, sampleMs = 2_000, database?: string): Promise<BackendCpu> {
  const client = new pg.Client({ connectionString: databaseUrl, application_name: PROBE_APPLICATION });
  await client.connect();
  const ledger = new CpuLedger();
  let sent = 0;
  let closed = false;
  const read = async () => {
    sent++;
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = coalesce($2, current_database()) and application_name <> $1',
      [PROBE_APPLICATION, database ?? null],
    );
    return ledger.read(rows.map((r) => r.pid));
  };
  const sampler = setInterval(() => void read().catch(() => undefined), sampleMs);
  sampler.unref();
  return {
    cpuMs: read,
    statements: () => sent,
    close: async () => {
      if (closed) return;
      closed = true;
      clearInterval(sampler);
      await client.end().catch(() => undefined);
    },
  };
}
