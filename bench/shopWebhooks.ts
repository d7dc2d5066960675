import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { signWooBody } from '../src/integrations/shops/woocommerce/webhook.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { buildOrder } from '../test/support/shops/fakeWooCommerceData.js';
import { postAndApply, startServer, startWorker, type WebhookFigures } from './serverProcess.js';
import { BENCH_ENCRYPTION_KEY, prepareShop } from './shopImport.js';

const SECRET = 'bench-woocommerce-webhook-secret';

export interface WebhookIngestResult extends WebhookFigures {
  /** Orders the shop's webhooks made. */
  orders: number;
}

/**
 * Shop order webhooks verified and applied per second: `webhooks` WooCommerce `order.created`
 * deliveries (the REST order as WooCommerce sends it, two lines, signed with the webhook's secret:
 * base64 HMAC-SHA256 over the raw body) POSTed by 32 clients to `retour serve` on PostgreSQL, which
 * finds the connection by its token, verifies, stores and answers; a `retour worker` beside it
 * applies them in batches (orders, customers, lines, events). The clock runs from the first POST
 * until every delivery is applied.
 */
export async function measureShopWebhooks(
  databaseUrl: string,
  options: { webhooks?: number; concurrency?: number },
  log: (line: string) => void,
): Promise<WebhookIngestResult> {
  const total = options.webhooks ?? 4000;
  const token = randomBytes(24).toString('base64url');
  const prep = await openDb({ databaseUrl });
  try {
    await migrateToLatest(prep.db);
    const ctx = await createAppContext(
      loadConfig({ DATABASE_URL: databaseUrl, RETOUR_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY }),
      prep.db,
    );
    await prepareShop(ctx, {
      webhookToken: token,
      credentials: {
        shop: 'bench.example',
        apiKey: 'ck_bench',
        apiSecret: 'cs_bench',
        webhookSecret: SECRET,
        baseUrl: 'http://127.0.0.1:9',
      },
    });
  } finally {
    await prep.close();
  }
  const env = { DATABASE_URL: databaseUrl, RETOUR_ENCRYPTION_KEY: BENCH_ENCRYPTION_KEY };
  const server = await startServer({ ...env, RETOUR_WORKERS: 'off' });
  const worker = await startWorker(env);
  const handle = await openDb({ databaseUrl });
  let lineId = 5_000_000;
  try {
    const at = new Date(Date.now() - 3_600_000);
    const figures = await postAndApply(
      'connector',
      { server, worker, db: handle.db, databaseUrl, table: 'shop_webhooks' },
      { total, concurrency: options.concurrency ?? 32 },
      (client, i) => {
        const order = buildOrder(
          {
            email: `bench-${i % 2000}@example.nl`,
            lines: [
              { sku: 'SHOP-BENCH-M', quantity: 1, unitPrice: 2500 },
              { sku: 'SHOP-BENCH-L', quantity: 1, unitPrice: 2500, discount: 250 },
            ],
            shipping: { title: 'PostNL', amount: 495 },
          },
          200_000 + i,
          at,
          1,
          () => lineId++,
        );
        // The client sends JSON.stringify(order): the same bytes as signed here.
        const headers = {
          'x-wc-webhook-topic': 'order.created',
          'x-wc-webhook-resource': 'order',
          'x-wc-webhook-event': 'created',
          'x-wc-webhook-delivery-id': String(900_000 + i),
          'x-wc-webhook-signature': signWooBody(JSON.stringify(order), SECRET),
        };
        return client.post(`/api/v1/shop-webhooks/${token}`, order, headers);
      },
      log,
    );
    const orders = await sql<{ n: number }>`select count(*)::int as n from orders where connection_id is not null`.execute(
      handle.db,
    );
    const code = await server.stop();
    if (code !== 0) throw new Error(`the server did not shut down cleanly (exit ${code}):\n${server.output().slice(-2000)}`);
    return {
      ...figures,
      orders: orders.rows[0]?.n ?? 0,
    };
  } finally {
    await handle.close();
    await server.stop();
    worker.kill('SIGTERM');
  }
}
