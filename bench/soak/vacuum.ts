import pg from 'pg';

/** How often the stand-in vacuums: about as often as autovacuum looks at a busy database. */
const EVERY_MS = 60_000;

export interface VacuumStandIn {
  /** What the report should say about vacuuming, or null when the server autovacuums itself. */
  note: string | null;
  stop(): Promise<void>;
}

/**
 * A server with autovacuum off (as CI servers often are) never vacuums nor analyses the soak's
 * database: dead rows of every updated job, outbox event and return pile up, and the tables keep
 * the statistics of the empty database they started as, so plans made then (and the prepared
 * statements that keep them) read more and more rows as the data grows. That is a server no
 * installation runs, and the soak would measure it rather than Retour. So, with autovacuum off,
 * the soak vacuums and analyses its own database every minute, from a connection on that database
 * whose CPU counts with PostgreSQL's like an autovacuum worker's would. BENCH_SOAK_VACUUM=off
 * leaves it as it is.
 */
export async function vacuumStandIn(
  databaseUrl: string | undefined,
  log: (line: string) => void,
  everyMs = EVERY_MS,
): Promise<VacuumStandIn> {
  const idle: VacuumStandIn = { note: null, stop: async () => undefined };
  if (!databaseUrl) return idle;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'retour-bench-vacuum' });
  await client.connect();
  const { rows } = await client.query<{ on: string }>(`select current_setting('autovacuum') as on`);
  if (rows[0]?.on === 'on') {
    await client.end();
    return idle;
  }
  if (process.env.BENCH_SOAK_VACUUM === 'off') {
    await client.end();
    return { ...idle, note: 'autovacuum is off on this server and BENCH_SOAK_VACUUM=off: the database was never vacuumed' };
  }
  log('[soak] autovacuum is off on this server: the soak vacuums and analyses its database every minute');
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running
      .then(() => client.query('vacuum (analyze)'))
      .catch((err: unknown) => log(`[soak] vacuum failed: ${err instanceof Error ? err.message : err}`));
  }, everyMs);
  return {
    note: 'autovacuum is off on this server: the soak vacuumed and analysed its database every minute in its stead',
    stop: async () => {
      clearInterval(timer);
      await running;
      await client.end().catch(() => undefined);
    },
  };
}
