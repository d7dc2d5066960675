import pg from 'pg';
import { describe, expect, it, onTestFinished } from 'vitest';
import { createPgDatabase } from '../bench/pgDatabases.js';
import { vacuumStandIn } from '../bench/soak/vacuum.js';
import { POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';
import { until } from './support/until.js';

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('the soak on a server with autovacuum off'), () => {
  it('vacuums and analyses its database in autovacuum’s stead, and only where autovacuum is off', async () => {
    const database = await createPgDatabase('retour_test_vacuum');
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    onTestFinished(async () => {
      await client.end();
      await database.drop();
    });
    await client.query('create table churn (id int primary key, n int)');
    await client.query('insert into churn select g, 0 from generate_series(1, 100) g');
    await client.query('update churn set n = n + 1');
    const autovacuum = (await client.query<{ on: string }>(`select current_setting('autovacuum') as on`)).rows[0]?.on;
    const lines: string[] = [];
    const standIn = await vacuumStandIn(database.url, (line) => lines.push(line), 20);
    try {
      if (autovacuum === 'on') {
        expect(standIn.note).toBeNull();
        return;
      }
      expect(standIn.note).toMatch(/autovacuum is off/);
      const stats = await until(
        async () =>
          (
            await client.query<{ vacuumed: boolean; analysed: boolean; dead: number }>(
              `select last_vacuum is not null as vacuumed, last_analyze is not null as analysed, n_dead_tup::int as dead
                 from pg_stat_user_tables where relname = 'churn'`,
            )
          ).rows.find((r) => r.vacuumed && r.analysed),
        { what: 'the stand-in to vacuum and analyse the table' },
      );
      expect(stats.dead).toBe(0);
      expect(lines.some((l) => l.includes('vacuum failed'))).toBe(false);
    } finally {
      await standIn.stop();
    }
  });
});
