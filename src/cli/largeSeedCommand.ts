import { sql } from 'kysely';
import { rebuildAnalytics } from '../app/analytics/facts/rebuildAnalytics.js';
import { type AppContext, cliActor } from '../app/kernel/context.js';
import { savePaymentProvider } from '../app/money/payments/savePaymentProvider.js';
import { forgetSeededShop, TIME_ZONE } from '../demo/demoShop.js';
import { seedLargeShop } from '../demo/largeShop/seedLargeShop.js';
import { ensureDemoAdmin } from '../demo/showcase.js';

/** From this many orders `retour seed-demo` makes the shop by set-based SQL (src/demo/largeShop):
 * the small seeder plays every return through the app's lifecycle in Node, which is right for
 * thousands of orders and far too slow for a million. */
export const LARGE_SHOP_ORDERS = 100_000;

/** `retour seed-demo --orders N` for N of LARGE_SHOP_ORDERS and more: the large demo shop over two
 * years (customers: one per five orders), its analytics facts built, the demo admin and the
 * sandbox payment provider as the small demo has them. Prints each step as it ends. */
export async function seedLargeShopCommand(ctx: AppContext, orders: number): Promise<void> {
  // PGlite (PostgreSQL in WebAssembly) has one connection; a server takes two at once.
  const { rows: version } = await sql<{ version: string }>`select version() as version`.execute(ctx.db);
  const embedded = /emscripten|wasm/i.test(version[0]?.version ?? '');
  console.log(`Seeding a large demo shop of ${orders} orders by set-based SQL…`);
  let result: Awaited<ReturnType<typeof seedLargeShop>>;
  try {
    result = await seedLargeShop(
      ctx.db,
      { orders, days: 730, seed: 20260101, asOf: ctx.now(), connections: embedded ? 1 : 2 },
      (step, seconds) => console.log(`  ${step}: ${seconds.toFixed(1)} s`),
    );
  } finally {
    // Its first transaction, which writes what the caches keep, stays committed when a later step fails.
    await forgetSeededShop(ctx.caches);
  }
  await savePaymentProvider(ctx, { actor: cliActor }, { provider: 'sandbox', apiKey: 'sandbox_test', enabled: true });
  await ensureDemoAdmin(ctx);
  const rows = result.rows;
  console.log(
    `Seeded ${rows.customers} customers, ${rows.orders} orders (${rows.order_lines} lines), ${rows.returns} returns ` +
      `(${rows.return_lines} lines) in ${result.seconds.toFixed(1)} s`,
  );
  const facts = await rebuildAnalytics(ctx.db, { timeZone: TIME_ZONE });
  console.log(`Analytics built in ${(facts.ms / 1000).toFixed(1)} s (${facts.returnLines} return lines)`);
}
