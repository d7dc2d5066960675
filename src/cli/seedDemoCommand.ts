import { type AppContext, cliActor } from '../app/kernel/context.js';
import { savePaymentProvider } from '../app/money/payments/savePaymentProvider.js';
import { type SeedDemoOptions, seedDemo } from '../demo/seedDemo.js';
import { ensureDemoAdmin } from '../demo/showcase.js';
import { ProgressBar } from './progress.js';

/** Seeds the demo shop with a progress bar and prints what was made. The demo comes with its
 * admin and the sandbox payment provider switched on (its webshop orders are paid through it),
 * so staff can sign in and refund without any keys. */
export async function seedDemoWithProgress(ctx: AppContext, options: SeedDemoOptions) {
  const bar = new ProgressBar('Seeding demo shop');
  const result = await seedDemo(ctx, { ...options, onProgress: (done, total, stage) => bar.update(done, total, stage) });
  bar.done();
  await savePaymentProvider(ctx, { actor: cliActor }, { provider: 'sandbox', apiKey: 'sandbox_test', enabled: true });
  await ensureDemoAdmin(ctx);
  const perSecond = Math.round((result.orders / Math.max(result.ms, 1)) * 1000);
  console.log(
    `Seeded ${result.customers} customers, ${result.products} products (${result.variants} variants), ` +
      `${result.orders} orders, ${result.returns} returns in ${(result.ms / 1000).toFixed(1)} s (${perSecond} orders/s)` +
      (result.analyticsMs ? `; analytics built in ${(result.analyticsMs / 1000).toFixed(1)} s` : ''),
  );
  return result;
}
