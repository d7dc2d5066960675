import type { Insertable } from 'kysely';
import type { CarrierWebhooksTable } from '../../../db/schema/logistics.js';
import { BatchedWriter, writerPerContext } from '../../kernel/batchedWriter.js';
import type { AppContext } from '../../kernel/context.js';

type Delivery = Insertable<CarrierWebhooksTable>;

/** Carriers' verified deliveries, several per statement (see BatchedWriter); a delivery the carrier
 * sent again finds its key taken and is not stored twice. */
const inboxOf = writerPerContext(
  (ctx: AppContext) =>
    new BatchedWriter<Delivery>(async (rows) => {
      const stored = await ctx.db
        .insertInto('carrier_webhooks')
        .values(rows)
        .onConflict((oc) => oc.columns(['connection_id', 'dedupe_key']).doNothing())
        .returning('id')
        .execute();
      const ids = new Set(stored.map((s) => s.id));
      return rows.map((r) => ids.has(r.id));
    }),
);

/** Stores a verified delivery; answers whether it was new. */
export function storeWebhook(ctx: AppContext, row: Delivery): Promise<boolean> {
  return inboxOf(ctx).write(row);
}
