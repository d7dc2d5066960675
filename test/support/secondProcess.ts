import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../src/app/kernel/context.js';
import { openDb } from '../../src/db/connection.js';
import { buildServer } from '../../src/http/server.js';
import { assembleAppContext } from '../../src/runtime/appContext.js';
import { shareCacheChanges } from '../../src/runtime/cacheChanges.js';
import type { TestApp } from './testApp.js';
import { TEST_SHOPPER_SECRET, testConfig } from './testContext.js';

/** A second server process over a PostgreSQL test app's database, with caches of its own; both
 * processes share their cache changes as `retour serve`'s processes do. `stop` ends it (not `t`). */
export async function secondProcess(t: TestApp): Promise<{ ctx: AppContext; app: FastifyInstance; stop: () => Promise<void> }> {
  const url = t.handle.url as string;
  const second = await openDb({ databaseUrl: url, poolSize: 2 });
  const log = { warn: () => undefined };
  const config = testConfig({ RETOUR_STRICT_RESPONSES: 'true' });
  const ctx = assembleAppContext(config, second.db, TEST_SHOPPER_SECRET, { now: () => t.clock.now });
  const app = await buildServer({ config, ctx, logger: false });
  const stopFirst = await shareCacheChanges(t.ctx.caches, url, log);
  const stopSecond = await shareCacheChanges(ctx.caches, url, log);
  return {
    ctx,
    app,
    stop: async () => {
      await stopSecond();
      await stopFirst();
      await app.close();
      await second.close();
    },
  };
}
