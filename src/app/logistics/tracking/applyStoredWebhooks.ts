import { sql } from 'kysely';
import { CARRIER_CAPABILITIES } from '../../../domain/carriers.js';
import type { AppContext } from '../../kernel/context.js';
import { systemActor } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { applyTrackingUpdates, type TrackingApplyReport } from './applyTrackingUpdates.js';
import { applyUnsignedWebhooks } from './applyUnsignedWebhooks.js';

/** Deliveries one unit applies: a burst is a few transactions, each a handful of statements. */
const BATCH = 250;
/** Units applying batches side by side: most of a unit's time is waiting on the database, and the
 * locks are taken in one order (parcels, shipments, returns, each by id), so they never deadlock. */
const SIDE_BY_SIDE = 3;

/**
 * The job of the `logistics.tracking` queue: applies every stored, unapplied webhook delivery of a
 * connection, a batch per unit, and marks them applied in the same unit. Deliveries are taken with
 * `skip locked`, so two workers on one connection share the work and never apply a delivery twice;
 * a failure rolls its batch back for the job's next try. Deliveries of carriers whose signature does
 * not cover the body are only a prompt to ask the carrier (applyUnsignedWebhooks); those wait while
 * the connection is switched off.
 */
export async function applyStoredWebhooks(
  ctx: AppContext,
  connectionId: string,
): Promise<TrackingApplyReport & { deliveries: number }> {
  const total = { deliveries: 0, applied: 0, duplicates: 0, ignored: 0, inTransit: 0, delivered: 0 };
  const connection = await ctx.db
    .selectFrom('carrier_connections')
    .select(['id', 'carrier'])
    .where('id', '=', connectionId)
    .executeTakeFirst();
  if (!connection) return total;
  if (!CARRIER_CAPABILITIES[connection.carrier].bodySigned) {
    const live = await ctx.carriers.connection(connectionId);
    if (live) await applyUnsignedWebhooks(ctx, live, total);
    return total;
  }
  const drain = async () => {
    for (;;) {
      const taken = await inUnit(ctx, { actor: systemActor }, async (unit) => {
        const rows = await unit.tx
          .selectFrom('carrier_webhooks')
          .select(['id', 'updates'])
          .where('connection_id', '=', connectionId)
          .where('applied_at', 'is', null)
          .orderBy('received_at')
          .limit(BATCH)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return 0;
        const updates = rows.flatMap((r) => r.updates.map((u) => ({ ...u, occurredAt: new Date(u.occurredAt) })));
        const report = await applyTrackingUpdates(unit, { connectionId, source: 'webhook', updates });
        for (const key of ['applied', 'duplicates', 'ignored', 'inTransit', 'delivered'] as const) total[key] += report[key];
        await unit.tx
          .updateTable('carrier_webhooks')
          .set({ applied_at: unit.now, error: null })
          .where(sql<boolean>`id = any(${rows.map((r) => r.id)}::text[])`)
          .execute();
        return rows.length;
      });
      total.deliveries += taken;
      if (taken < BATCH) return;
    }
  };
  await Promise.all(Array.from({ length: SIDE_BY_SIDE }, drain));
  return total;
}

/** Connections with deliveries stored but not applied for a while (their job gave up, or the
 * database was away): the tracking round applies them. */
export async function connectionsWithStaleWebhooks(ctx: AppContext, olderThan: Date): Promise<string[]> {
  const rows = await ctx.db
    .selectFrom('carrier_webhooks')
    .select('connection_id')
    .distinct()
    .where('applied_at', 'is', null)
    .where('received_at', '<', olderThan)
    .execute();
  return rows.map((r) => r.connection_id);
}
