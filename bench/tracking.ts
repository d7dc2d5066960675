import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { cliActor } from '../src/app/kernel/context.js';
import { newId } from '../src/app/kernel/ids.js';
import { requestReturn } from '../src/app/returns/requestReturn.js';
import { loadConfig } from '../src/config/env.js';
import { openDb } from '../src/db/connection.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { createAppContext } from '../src/runtime/appContext.js';
import { prepareOrders, REASON_CODE } from './fixtures.js';
import { postAndApply, startServer, startWorker, type WebhookFigures } from './serverProcess.js';

const SECRET = 'bench-sendcloud-secret';
const ENCRYPTION_KEY = 'bench-tracking-key';
/** What a return parcel goes through on its way back, as Sendcloud reports it (status id, parent
 * status, message): six deliveries per parcel, as carriers send them, of which one puts the return
 * in transit and one marks it delivered. */
const STEPS: [number, string, string][] = [
  [1, 'announced', 'Announced'],
  [3, 'to-sorting', 'En route to sorting center'],
  [7, 'sorting', 'Being sorted'],
  [5, 'sorted', 'Sorted'],
  [92, 'driver-on-route', 'Driver en route'],
  [11, 'delivered', 'Delivered'],
];

export interface TrackingIngestResult extends WebhookFigures {
  /** Returns the webhooks put in transit, and those they marked delivered. */
  inTransit: number;
  delivered: number;
}

/** Approved returns of `count` orders, each with a booked Sendcloud parcel; answers the tracking numbers. */
async function prepareParcels(databaseUrl: string, count: number): Promise<{ connectionId: string; numbers: string[] }> {
  const handle = await openDb({ databaseUrl });
  try {
    await migrateToLatest(handle.db);
    const ctx = await createAppContext(
      loadConfig({ DATABASE_URL: databaseUrl, RETOUR_ENCRYPTION_KEY: ENCRYPTION_KEY }),
      handle.db,
    );
    const orders = await prepareOrders(ctx, count);
    const now = new Date();
    const connectionId = newId('cc');
    await ctx.db
      .insertInto('carrier_connections')
      .values({
        id: connectionId,
        carrier: 'sendcloud',
        name: 'Sendcloud (bench)',
        credentials: ctx.carriers.box.seal({ apiKey: 'bench-public', apiSecret: SECRET }),
        key_hint: 'blic',
        created_at: now,
        updated_at: now,
      })
      .execute();
    const ids = await ctx.db.selectFrom('orders').select(['id', 'order_number']).execute();
    const orderId = new Map(ids.map((o) => [o.order_number, o.id]));
    const numbers: string[] = [];
    for (const [i, order] of orders.entries()) {
      const created = await requestReturn(
        ctx,
        { actor: cliActor },
        {
          orderId: orderId.get(order.number) as string,
          source: 'api',
          lines: order.lineIds.map((id) => ({ orderLineId: id, quantity: 1, reasonCode: REASON_CODE, resolution: 'refund' })),
        },
      );
      if (created.status !== 'approved') throw new Error(`bench return ${order.number} is ${created.status}, not approved`);
      const trackingNumber = `3SBENCH${String(i).padStart(8, '0')}`;
      const shipmentId = newId('shp');
      await ctx.db
        .insertInto('shipments')
        .values({
          id: shipmentId,
          return_id: created.returnId,
          connection_id: connectionId,
          carrier: 'sendcloud',
          method: 'qr',
          service_code: 'postnl:return',
          reference: created.returnId,
          status: 'booked',
          pickup: null,
          customs: null,
          tracking_state: 'label_created',
          created_at: now,
          updated_at: now,
          booked_at: now,
        })
        .execute();
      await ctx.db
        .insertInto('shipment_parcels')
        .values({
          id: newId('par'),
          shipment_id: shipmentId,
          return_id: created.returnId,
          carrier: 'sendcloud',
          collo: 1,
          tracking_number: trackingNumber,
          tracking_state: 'label_created',
        })
        .execute();
      numbers.push(trackingNumber);
    }
    // The returns were approved days before their parcels moved: what followed their request and
    // approval (e-mails with labels, automation) went out long ago and is not what this part
    // measures, so their outbox is taken as relayed. What the tracking does is all the worker does.
    await ctx.db.updateTable('outbox').set({ published_at: new Date() }).where('published_at', 'is', null).execute();
    return { connectionId, numbers };
  } finally {
    await handle.close();
  }
}

/** A signed `parcel_status_changed` delivery, as Sendcloud posts it. */
function delivery(trackingNumber: string, step: [number, string, string], at: Date) {
  const [id, parent, message] = step;
  const payload = {
    action: 'parcel_status_changed',
    timestamp: Math.floor(at.getTime() / 1000),
    carrier_status_change_timestamp: Math.floor(at.getTime() / 1000),
    parcel: {
      id: Number(trackingNumber.slice(7)),
      tracking_number: trackingNumber,
      status: { id, message },
      parent_status: parent,
    },
  };
  // The client sends JSON.stringify(payload): the same bytes as signed here.
  const signature = createHmac('sha256', SECRET).update(JSON.stringify(payload)).digest('hex');
  return { payload, headers: { 'sendcloud-signature': signature } };
}

/**
 * Tracking webhooks ingested per second: `parcels` approved returns each get their parcel's six
 * signed Sendcloud deliveries (STEPS, one step of every parcel after the other) POSTed over HTTP by
 * 32 clients to a running server (`retour serve`) on PostgreSQL, which verifies, stores and answers
 * them, and a `retour worker` beside it applies them to the returns in jobs: each return goes in
 * transit (its e-mail and events follow) and is delivered. The clock runs from the first POST until
 * every delivery is applied.
 */
export async function measureTrackingIngest(
  databaseUrl: string,
  options: { parcels?: number; concurrency?: number },
  log: (line: string) => void,
): Promise<TrackingIngestResult> {
  const parcels = options.parcels ?? 500;
  const prepared = await prepareParcels(databaseUrl, parcels);
  log(`[tracking] ${parcels} approved returns with booked parcels; starting the server…`);
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const env = { DATABASE_URL: databaseUrl, RETOUR_ENCRYPTION_KEY: ENCRYPTION_KEY };
  const server = await startServer({ ...env, RETOUR_WORKERS: 'off' }, nodeArgs);
  const worker = await startWorker(env);
  const handle = await openDb({ databaseUrl });
  try {
    const total = parcels * STEPS.length;
    const base = Date.now() - 3_600_000;
    const figures = await postAndApply(
      'tracking',
      { server, worker, db: handle.db, databaseUrl, table: 'carrier_webhooks' },
      { total, concurrency: options.concurrency ?? 32 },
      (client, i) => {
        const stepIndex = Math.floor(i / parcels);
        const d = delivery(
          prepared.numbers[i % parcels] as string,
          STEPS[stepIndex] as [number, string, string],
          new Date(base + stepIndex * 60_000),
        );
        return client.post(`/api/v1/carriers/${prepared.connectionId}/webhooks`, d.payload, d.headers);
      },
      log,
    );
    const moved = await sql<{ in_transit: number; delivered: number }>`
      select count(*) filter (where status = 'in_transit')::int as in_transit,
             count(*) filter (where carrier_delivered_at is not null)::int as delivered
      from returns`.execute(handle.db);
    const code = await server.stop();
    if (code !== 0) throw new Error(`the server did not shut down cleanly (exit ${code}):\n${server.output().slice(-2000)}`);
    return {
      ...figures,
      inTransit: moved.rows[0]?.in_transit ?? 0,
      delivered: moved.rows[0]?.delivered ?? 0,
    };
  } finally {
    await handle.close();
    await server.stop();
    worker.kill('SIGTERM');
  }
}
