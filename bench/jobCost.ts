import pg from 'pg';
import { PROBE_APPLICATION, watchBackendCpu } from './cpu.js';

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
    // The bench's own probes (the backlog watcher) are not the server's statements.
    const name = (this as unknown as { connectionParameters?: { application_name?: string } }).connectionParameters
      ?.application_name;
    if (name === PROBE_APPLICATION) return query.apply(this, args);
    statements++;
    if (process.env.BENCH_STATEMENTS) {
      const first = args[0] as string | { text?: string };
      const text = (typeof first === 'string' ? first : (first?.text ?? '')).replace(/\s+/g, ' ').slice(0, 100);
      byText.set(text, (byText.get(text) ?? 0) + 1);
    }
    return query.apply(this, args);
  } as typeof pg.Client.prototype.query;
}

/** Starts measuring; `stop` answers what was spent since (the backends are read every few seconds
 * meanwhile, so one a pool closed still counts). */
export async function measureJobCost(databaseUrl: string | undefined): Promise<{ stop: () => Promise<JobCost> }> {
  countStatements();
  const cpu0 = process.cpuUsage();
  const backends = databaseUrl ? await watchBackendCpu(databaseUrl) : null;
  const db0 = (await backends?.cpuMs()) ?? 0;
  // The readings' own statements are not the work's.
  const statements0 = statements;
  const probe0 = backends?.statements() ?? 0;
  byText.clear();
  return {
    stop: async () => {
      const counted = statements - statements0 - ((backends?.statements() ?? 0) - probe0);
      if (process.env.BENCH_STATEMENTS)
        for (const [text, n] of [...byText].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(String(n).padStart(7), text);
      const cpu = process.cpuUsage(cpu0);
      const db1 = (await backends?.cpuMs()) ?? null;
      await backends?.close();
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
