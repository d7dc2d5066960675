import { tmpdir } from 'node:os';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { describeFraudShop, generateFraudShop } from '../src/demo/fraudShop/generate.js';
import { type FraudMetrics, measureFraudShop } from '../src/demo/fraudShop/metrics.js';
import { type PlayResult, playFraudShop, type ShopClock } from '../src/demo/fraudShop/play.js';
import { createAppContext } from '../src/runtime/appContext.js';

export interface FraudBenchResult {
  metrics: FraudMetrics;
  play: PlayResult;
  seconds: number;
}

/** Builds the labelled synthetic shop (src/demo/fraudShop) on a fresh database, plays its six
 * months through the real return commands with the clock at each moment, and measures the
 * default settings' decisions against the labels (docs/fraud.md). */
export async function measureFraud(
  where: { databaseUrl?: string; dataDir?: string },
  options: { shoppers: number; seed?: number },
  log: (line: string) => void,
): Promise<FraudBenchResult> {
  const t0 = performance.now();
  const shop = generateFraudShop({ shoppers: options.shoppers, seed: options.seed });
  for (const [label, c] of Object.entries(describeFraudShop(shop)))
    log(`[fraud] ${label}: ${c.shoppers} shoppers, ${c.orders} orders, ${c.returns} returns`);
  const handle = await openDb(where.databaseUrl ? { databaseUrl: where.databaseUrl } : { dataDir: where.dataDir ?? 'memory://' });
  try {
    await migrateToLatest(handle.db);
    const clock: ShopClock = { now: shop.start };
    const config = loadConfig({ RETOUR_DATA_DIR: tmpdir(), RETOUR_ENCRYPTION_KEY: 'bench-fraud-key' });
    const ctx = await createAppContext(config, handle.db, { now: () => clock.now });
    const play = await playFraudShop(ctx, clock, shop, log);
    const failures = Object.entries(play.failures);
    if (failures.length) log(`[fraud] commands that failed: ${failures.map(([c, n]) => `${c} ×${n}`).join(', ')}`);
    const metrics = await measureFraudShop(handle.db, shop);
    return { metrics, play, seconds: (performance.now() - t0) / 1000 };
  } finally {
    await handle.close();
  }
}
