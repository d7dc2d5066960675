import { sql } from 'kysely';
import { createStaffUser } from '../../src/app/admin/createStaffUser.js';
import { createWarehouse } from '../../src/app/catalog/createWarehouse.js';
import { cliActor } from '../../src/app/kernel/context.js';
import { createWebhookEndpoint } from '../../src/app/messaging/webhooks/createWebhookEndpoint.js';
import { savePaymentProvider } from '../../src/app/money/payments/savePaymentProvider.js';
import { loadConfig } from '../../src/config/env.js';
import { openDb } from '../../src/db/connection.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createAppContext } from '../../src/runtime/appContext.js';
import { type BenchOrder, prepareOrders } from '../fixtures.js';

export const STAFF_PASSWORD = 'soak bench staff password';
/** The back office (queue, detail, settling) and the warehouse each sign in as their own role. */
export const STAFF = { office: 'office@soak.example', warehouse: 'warehouse@soak.example' } as const;

export interface SoakData {
  orders: BenchOrder[];
  /** The signing secret of the webhook endpoint subscribed to every return event. */
  webhookSecret: string;
}

/**
 * What the soak needs before the server starts, written the way bench/fixtures.ts writes it:
 * `orders` delivered two-line orders paid through the sandbox provider (switched on, as the demo
 * does, so refunds go through the worker without moving money), the default warehouse that
 * receives them, an admin and a warehouse user, and a webhook endpoint at `webhookUrl` taking
 * every `return.*` event. The database is closed again: on PGlite the server opens it next.
 */
export async function prepareSoak(env: Record<string, string>, orders: number, webhookUrl: string): Promise<SoakData> {
  const handle = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.RETOUR_DATA_DIR });
  try {
    await migrateToLatest(handle.db);
    const ctx = await createAppContext(loadConfig(env), handle.db);
    const meta = { actor: cliActor };
    const prepared = await prepareOrders(ctx, orders);
    await sql`update orders set payment_provider = 'sandbox', payment_reference = 'sbx_tr_' || id`.execute(ctx.db);
    await savePaymentProvider(ctx, meta, { provider: 'sandbox', apiKey: 'sandbox_test', enabled: true });
    await createWarehouse(ctx, meta, {
      code: 'dc',
      name: 'Soak DC',
      isDefault: true,
      address: { line1: 'Retourweg 1', postcode: '3542 AD', city: 'Utrecht', country: 'NL' },
    });
    await createStaffUser(ctx, meta, { email: STAFF.office, name: 'Office', password: STAFF_PASSWORD, role: 'admin' });
    await createStaffUser(ctx, meta, { email: STAFF.warehouse, name: 'Warehouse', password: STAFF_PASSWORD, role: 'warehouse' });
    const endpoint = await createWebhookEndpoint(ctx, meta, { url: webhookUrl, description: 'soak', eventTypes: ['return.*'] });
    return { orders: prepared, webhookSecret: endpoint.secret };
  } finally {
    await handle.close();
  }
}
