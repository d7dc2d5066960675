import { publicBaseUrl, type RetourConfig } from '../config/env.js';
import { type DemoShowcase, demoShowcase, describeShowcase } from '../demo/showcase.js';
import { buildServer } from '../http/server.js';
import { startBackground } from '../runtime/background.js';
import { boot } from '../runtime/boot.js';
import { logFormat, prettyLogStream } from '../runtime/logFormat.js';

/** How long in-flight requests may take to finish once the process is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `retour serve`: migrate, optionally seed the demo shop, listen, and shut down gracefully. */
export async function serve(config: RetourConfig): Promise<void> {
  const runtime = await boot(config, 'retour serve');
  const { ctx, handle } = runtime;
  const where = handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Retour: database ready (${where}); migrations applied now: ${runtime.migrationsApplied.length}`);

  let showcase: DemoShowcase | null = null;
  if (config.demo) {
    const hasOrders = await ctx.db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
    if (hasOrders) {
      console.log('Retour: demo data already present, not seeding again');
    } else {
      // Loaded only when asked for: the demo catalogue is no cost to a normal start.
      const { seedDemoWithProgress } = await import('./seedDemoCommand.js');
      await seedDemoWithProgress(ctx, {});
    }
    // Read back from the database on every start, so a restart shows what can be tried today.
    showcase = await demoShowcase(ctx);
    if (!showcase) console.log('Retour: this database was not made by --demo (it has no demo admin); no demo orders to show');
  }

  const pretty = logFormat(config.logFormat, Boolean(process.stdout.isTTY)) === 'pretty';
  const app = await buildServer({
    config,
    ctx,
    // NO_COLOR (no-color.org) keeps a terminal's lines plain.
    ...(pretty
      ? { logger: { stream: prettyLogStream(process.stdout, Boolean(process.stdout.isTTY) && !process.env.NO_COLOR) } }
      : {}),
  });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicBaseUrl(config, port);
  // A second process refused the embedded database is told where this one serves (and `retour
  // demo` reads the demo's orders from there).
  handle.owner?.update({ url, ...(showcase ? { notes: { demo: showcase } } : {}) });
  // Started before the stop handlers are installed so that a stop during start-up waits for it.
  const backgroundStarting = config.workers ? startBackground(config, ctx, handle, app.log) : Promise.resolve(null);
  backgroundStarting.catch((err: unknown) => {
    app.log.error({ err }, 'background workers failed to start');
    process.exitCode = 1;
    void shutdown('startup-failure');
  });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify closes the connections that are idle when closing starts; a keep-alive connection
    // whose request finishes later would hold the close open until its keep-alive timeout (72 s).
    // Close those as they go idle, and everything after a grace period.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    try {
      await app.close();
      const background = await backgroundStarting.catch(() => null);
      await background?.stop();
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
      await handle.close();
      process.exit(process.exitCode ?? 0);
    }
  };
  // Listening before the handlers are in place would let a stop signal kill the process outright.
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  if (showcase) for (const line of describeShowcase(showcase, url)) console.log(line);
  console.log(`API docs: ${url}/api/docs`);
  console.log(`Shopper portal: ${url}/returns/`);
  console.log(`Retour is running at ${url}`);
  if (!config.workers) console.log('Retour: background workers are off here (RETOUR_WORKERS); run `retour worker` beside it');
}
