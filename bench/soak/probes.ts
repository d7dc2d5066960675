import pg from 'pg';
import { PROBE_APPLICATION } from '../cpu.js';
import { processTree, rssMb } from '../serverProcess.js';

/** Resident memory of the server, in MiB: its process and any it started (more server processes, a
 * background one), each and in all. */
export function serverRssMb(pid: number): { total: number; each: number[] } {
  const each = processTree(pid).map(rssMb);
  return { total: each.reduce((a, b) => a + b, 0), each };
}

export interface Backlog {
  /** Outbox events the relay has not published yet. */
  outbox: number;
  /** Jobs due now that wait for a worker (created or waiting for a retry). */
  queued: number;
  /** The same, per queue. */
  queuedByQueue: Record<string, number>;
  /** Jobs put off to a later moment (reminders, retries after a delay): not a backlog. */
  scheduled: number;
  /** Jobs that failed for good since the database was made. */
  failed: number;
}

/** Reads the outbox and pg-boss backlog straight from PostgreSQL; on PGlite (held by the server)
 * there is no second reader, so it answers null. */
export function backlogReader(databaseUrl: string | undefined) {
  const client = databaseUrl ? new pg.Client({ connectionString: databaseUrl, application_name: PROBE_APPLICATION }) : null;
  let connected: Promise<unknown> | null = null;
  return {
    read: async (): Promise<Backlog | null> => {
      if (!client) return null;
      connected ??= client.connect();
      await connected;
      const outbox = await client.query<{ n: number }>('select count(*)::int as n from outbox where published_at is null');
      const jobs = await client.query<{ name: string; due: number; later: number; failed: number }>(
        `select name,
                count(*) filter (where state < 'active' and start_after <= now())::int as due,
                count(*) filter (where state < 'active' and start_after > now())::int as later,
                count(*) filter (where state = 'failed')::int as failed
           from pgboss.job group by name`,
      );
      const sum = (key: 'due' | 'later' | 'failed') => jobs.rows.reduce((s, r) => s + r[key], 0);
      return {
        outbox: outbox.rows[0]?.n ?? 0,
        queued: sum('due'),
        queuedByQueue: Object.fromEntries(jobs.rows.filter((r) => r.due > 0).map((r) => [r.name, r.due])),
        scheduled: sum('later'),
        failed: sum('failed'),
      };
    },
    close: async () => {
      if (connected) await client?.end().catch(() => undefined);
    },
  };
}
