import pg from 'pg';
import { processCpuMs } from './serverProcess.js';

/** What the workers of this process spent on a stretch of work: their own CPU, the CPU of the
 * PostgreSQL backends serving the database, and the statements its `pg` clients were asked to send. */
export interface JobCost {
  processCpuMs: number;
  /** null on the embedded database (it runs inside the process). */
  databaseCpuMs: number | null;
  statements: number;
}

let statements = 0;
let counting = false;
/** With BENCH_STATEMENTS=1, how often each statement was sent (by its first 100 characters). */
const byText = new Map<string, number>();

/** Counts the statements `pg` clients of this process are asked to send from now on. */
function countStatements(): void {
  if (counting) return;
  counting = true;
  const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    if (process.env.BENCH_STATEMENTS) {
      const first = args[0] as string | { text?: string };
      const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').slice(0, 100);
      byText.set(text, (byText.get(text) ?? 0) + 1);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** CPU used so far by the PostgreSQL backends connected to `databaseUrl`'s database (same machine). */
async function backendCpuMs(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.reduce((sum, r) => sum + processCpuMs(r.pid), 0);
  } finally {
    await client.end();
  }
}

/** Starts measuring; `stop` answers what was spent since (read before the pools close: a backend
 * that is gone no longer tells its CPU). */
export async function measureJobCost(databaseUrl: string | undefined): Promise<{ stop: () => Promise<JobCost> }> {
  countStatements();
  const cpu0 = process.cpuUsage();
  const db0 = databaseUrl ? await backendCpuMs(databaseUrl) : 0;
  // The reading's own statements are not the work's.
  const statements0 = statements;
  byText.clear();
  return {
    stop: async () => {
      const counted = statements - statements0;
      if (process.env.BENCH_STATEMENTS)
        for (const [text, n] of [...byText].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(n).padStart(7), text);
      const cpu = process.cpuUsage(cpu0);
      const db1 = databaseUrl ? await backendCpuMs(databaseUrl) : null;
      return {
        processCpuMs: (cpu.user + cpu.system) / 1000,
        databaseCpuMs: db1 === null ? null : db1 - db0,
        statements: counted,
      };
    },
  };
}

/** One line for the log: the cost per unit of work. */
export function costLine(part: string, unit: string, count: number, cost: JobCost): string {
  const db = cost.databaseCpuMs === null ? '' : `, PostgreSQL ${(cost.databaseCpuMs / count).toFixed(2)} ms`;
  return `[${part}] per ${unit}: worker CPU ${(cost.processCpuMs / count).toFixed(2)} ms${db}, ${(cost.statements / count).toFixed(2)} statements`;
}
