import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsDbOf } from '../src/app/analytics/analyticsDb.js';
import { loadConfig } from '../src/config/env.js';
import type { DbHandle } from '../src/db/connection.js';
import { boot, type Runtime } from '../src/runtime/boot.js';
import { createTestDb, POSTGRES_ANSWERS, postgresOnly } from './support/databases.js';

type TestDb = DbHandle & { url?: string };

const salesDay = (sku: string) => ({
  day: '2026-06-01',
  currency: 'EUR',
  sku,
  channel_id: 'ch_web',
  country: 'NL',
  segment: 'regular',
  variant_id: null,
  product_id: null,
  category_id: null,
  units: 1,
  value_amount: 1000,
  lines: 1,
});

describe.skipIf(!POSTGRES_ANSWERS)(postgresOnly('analytics on a read replica'), () => {
  let primary: TestDb;
  let replica: TestDb;
  let dataDir: string;
  const runtimes: Runtime[] = [];
  const start = async (env: Record<string, string>) => {
    const runtime = await boot(loadConfig({ DATABASE_URL: primary.url ?? '', RETOUR_DATA_DIR: dataDir, ...env }), 'test');
    runtimes.push(runtime);
    return runtime;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'retour-replica-'));
    [primary, replica] = await Promise.all([createTestDb('postgres'), createTestDb('postgres')]);
    // Each database tells itself apart by what its facts hold.
    await primary.db.insertInto('analytics_sales_days').values(salesDay('ON-PRIMARY')).execute();
    await replica.db.insertInto('analytics_sales_days').values(salesDay('ON-REPLICA')).execute();
  });
  afterAll(async () => {
    for (const r of runtimes) await r.handle.close();
    await primary?.close();
    await replica?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const skus = async (runtime: Runtime) =>
    (await analyticsDbOf(runtime.ctx).selectFrom('analytics_sales_days').select('sku').execute()).map((r) => r.sku);

  it('reads the dashboards from RETOUR_ANALYTICS_DATABASE_URL when it is set, and writes stay on the main database', async () => {
    const runtime = await start({ RETOUR_ANALYTICS_DATABASE_URL: replica.url ?? '' });
    expect(await skus(runtime)).toEqual(['ON-REPLICA']);
    const written = await runtime.ctx.db.selectFrom('analytics_sales_days').select('sku').execute();
    expect(written.map((r) => r.sku)).toEqual(['ON-PRIMARY']);
  });

  it('reads the main database without it, through a pool of its own that runs without JIT', async () => {
    const runtime = await start({});
    expect(runtime.ctx.analyticsDb).toBeDefined();
    expect(runtime.ctx.analyticsDb).not.toBe(runtime.ctx.db);
    expect(await skus(runtime)).toEqual(['ON-PRIMARY']);
    const { rows } = await sql<{ jit: string; work_mem: string }>`select current_setting('jit') as jit,
      current_setting('work_mem') as work_mem`.execute(analyticsDbOf(runtime.ctx));
    expect(rows[0]).toEqual({ jit: 'off', work_mem: '64MB' });
  });
});
