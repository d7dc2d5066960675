import type { RetourConfig } from '../config/env.js';
import { type DemoShowcase, demoShowcase, describeShowcase } from '../demo/showcase.js';
import type { Runtime } from '../runtime/boot.js';

/** Migrations applied, the demo shop seeded when asked (once: by the only or the primary process);
 * answers the demo's ready-to-try orders to print. */
export async function prepareShop(config: RetourConfig, runtime: Runtime): Promise<DemoShowcase | null> {
  const { ctx, handle } = runtime;
  const where = handle.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL';
  console.log(`Retour: database ready (${where}); migrations applied now: ${runtime.migrationsApplied.length}`);
  if (!config.demo) return null;
  const hasOrders = await ctx.db.selectFrom('orders').select('id').limit(1).executeTakeFirst();
  if (hasOrders) {
    console.log('Retour: demo data already present, not seeding again');
  } else {
    // Loaded only when asked for: the demo catalogue is no cost to a normal start.
    const { seedDemoWithProgress } = await import('./seedDemoCommand.js');
    await seedDemoWithProgress(ctx, {});
  }
  // Read back from the database on every start, so a restart shows what can be tried today.
  const showcase = await demoShowcase(ctx);
  if (!showcase) console.log('Retour: this database was not made by --demo (it has no demo admin); no demo orders to show');
  return showcase;
}

/** The lines that tell where to open Retour, printed once however many processes serve. */
export function printWhereToOpen(config: RetourConfig, url: string, showcase: DemoShowcase | null): void {
  if (showcase) for (const line of describeShowcase(showcase, url)) console.log(line);
  console.log(`API docs: ${url}/api/docs`);
  console.log(`Shopper portal: ${url}/returns/`);
  console.log(`Retour is running at ${url}`);
  if (!config.workers) console.log('Retour: background workers are off here (RETOUR_WORKERS); run `retour worker` beside it');
}
