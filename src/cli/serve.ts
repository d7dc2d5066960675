import { randomBytes } from 'node:crypto';
import { createStaffUser } from '../app/commands/createStaffUser.js';
import { cliActor } from '../app/context.js';
import { publicBaseUrl, type RetourConfig } from '../config/env.js';
import { buildServer } from '../http/server.js';
import { startBackground } from '../runtime/background.js';
import { boot, providerGateway, shopperSecret } from '../runtime/boot.js';

/** How long in-flight requests may take to finish once the process is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `retour serve`: migrate, optionally seed the demo shop, listen, and shut down gracefully. */
export async function serve(config: RetourConfig): Promise<void> {
  const runtime = await boot(config, 'retour serve');
  const { ctx, handle } = runtime;
  const where = handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Retour: database ready (${where}); migrations applied now: ${runtime.migrationsApplied.length}`);

  let demoLogin: { email: string; password: string } | null = null;
  if (config.demo) {
    const hasOrders = await ctx.db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
    if (hasOrders) {
      console.log('Retour: demo data already present, not seeding again');
    } else {
      // Loaded only when asked for: the demo catalogue is no cost to a normal start.
      const { seedDemoWithProgress } = await import('./seedDemoCommand.js');
      await seedDemoWithProgress(ctx, {});
      const password = randomBytes(9).toString('base64url');
      const email = `admin+${randomBytes(3).toString('hex')}@demo.retour.dev`;
      await createStaffUser(ctx, { actor: cliActor }, { email, name: 'Demo admin', password, role: 'admin' });
      demoLogin = { email, password };
    }
  }

  const payments = providerGateway(config, ctx);
  const app = await buildServer({ config, ctx, payments, shopperSecret: await shopperSecret(config, ctx) });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicBaseUrl(config, port);
  // A second process refused the embedded database is told where this one serves.
  handle.owner?.update({ url });
  // Started before the stop handlers are installed so that a stop during start-up waits for it.
  const backgroundStarting = config.workers ? startBackground(config, ctx, handle, payments, app.log) : Promise.resolve(null);
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

  if (demoLogin) console.log(`Demo admin login: ${demoLogin.email} / ${demoLogin.password}`);
  console.log(`API docs: ${url}/api/docs`);
  console.log(`Shopper portal: ${url}/returns/`);
  console.log(`Retour is running at ${url}`);
  if (!config.workers) console.log('Retour: background workers are off here (RETOUR_WORKERS); run `retour worker` beside it');
}
