import { randomBytes } from 'node:crypto';
import { createStaffUser } from '../app/commands/createStaffUser.js';
import { exchangeRound } from '../app/commands/exchangeRound.js';
import { expireStoreCredit } from '../app/commands/expireStoreCredit.js';
import { reconcileSettlements } from '../app/commands/settlementRun.js';
import { cliActor } from '../app/context.js';
import { pruneIdempotencyKeys } from '../app/idempotency.js';
import { CredentialBox, credentialSecret } from '../app/payments/credentialBox.js';
import { StoredProviderGateway } from '../app/payments/gateway.js';
import type { RetourConfig } from '../config/env.js';
import { buildServer } from '../http/server.js';
import { createPaymentProvider } from '../integrations/payments/index.js';
import { boot, shopperSecret } from '../runtime/boot.js';

/** How long in-flight requests may take to finish once the process is told to stop. */
const SHUTDOWN_GRACE_MS = 10_000;

/** `retour serve`: migrate, optionally seed the demo shop, listen, and shut down gracefully. */
export async function serve(config: RetourConfig): Promise<void> {
  const runtime = await boot(config);
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

  const payments = new StoredProviderGateway(
    ctx.db,
    new CredentialBox(credentialSecret(config.encryptionKey, config.dataDir)),
    createPaymentProvider,
  );
  const app = await buildServer({ config, ctx, payments, shopperSecret: await shopperSecret(config, ctx) });
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = config.publicUrl ?? `http://${shownHost}:${port}`;
  if (demoLogin) console.log(`Demo admin login: ${demoLogin.email} / ${demoLogin.password}`);
  console.log(`API docs: ${url}/api/docs`);
  console.log(`Shopper portal: ${url}/returns/`);
  console.log(`Retour is running at ${url}`);

  // Stored idempotent responses are kept for a day: long enough for any client's retries.
  const prune = () =>
    pruneIdempotencyKeys(ctx.db, new Date(Date.now() - 24 * 3_600_000)).catch((err: unknown) =>
      app.log.warn({ err }, 'pruning idempotency keys failed'),
    );
  void prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();

  // Refunds a crashed process left between the provider's answer and its own commit are found at
  // the provider and finished, and exchanges move on: at start, then every minute.
  let reconciling = false;
  const reconcile = async () => {
    if (reconciling) return;
    reconciling = true;
    try {
      const report = await reconcileSettlements(ctx, payments, { olderThanMs: config.reconcileAfterSeconds * 1000 });
      if (report.checked > 0) app.log.info({ reconcile: report }, 'reconciled pending settlements with the providers');
      // Exchanges: payment links to open or check, instant exchanges whose item is not back.
      const exchanges = await exchangeRound(ctx, payments);
      if (Object.values(exchanges).some((n) => n > 0)) app.log.info({ exchanges }, 'exchange round');
    } catch (err) {
      app.log.warn({ err }, 'reconciling settlements failed');
    } finally {
      reconciling = false;
    }
  };
  void reconcile();
  const reconcileTimer = setInterval(reconcile, Math.min(60_000, Math.max(1_000, config.reconcileAfterSeconds * 1000)));
  reconcileTimer.unref();

  const expire = () =>
    expireStoreCredit(ctx)
      .then((r) => r.expired > 0 && app.log.info({ storeCredit: r }, 'expired store credit'))
      .catch((err: unknown) => app.log.warn({ err }, 'expiring store credit failed'));
  void expire();
  const expiryTimer = setInterval(expire, 3_600_000);
  expiryTimer.unref();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    clearInterval(pruneTimer);
    clearInterval(reconcileTimer);
    clearInterval(expiryTimer);
    app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Fastify closes the connections that are idle when closing starts; a keep-alive connection
    // whose request finishes later would hold the close open until its keep-alive timeout (72 s).
    // Close those as they go idle, and everything after a grace period.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    const deadline = setTimeout(() => app.server.closeAllConnections(), SHUTDOWN_GRACE_MS);
    try {
      await app.close();
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
      await handle.close();
      process.exit(0);
    }
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
