import type { AppContext } from '../app/context.js';
import { type SeedDemoOptions, seedDemo } from '../app/demo/seedDemo.js';
import { ProgressBar } from './progress.js';

/** Seeds the demo shop with a progress bar and prints what was made. */
export async function seedDemoWithProgress(ctx: AppContext, options: SeedDemoOptions) {
  const bar = new ProgressBar('Seeding demo shop');
  const result = await seedDemo(ctx, { ...options, onProgress: (done, total, stage) => bar.update(done, total, stage) });
  bar.done();
  const perSecond = Math.round((result.orders / Math.max(result.ms, 1)) * 1000);
  console.log(
    `Seeded ${result.customers} customers, ${result.products} products (${result.variants} variants), ` +
      `${result.orders} orders, ${result.returns} returns in ${(result.ms / 1000).toFixed(1)} s (${perSecond} orders/s)`,
  );
  return result;
}
