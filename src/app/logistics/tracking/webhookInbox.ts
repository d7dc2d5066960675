import { type Insertable, sql } from 'kysely';
import type { CarrierWebhooksTable } from '../../../db/schema/logistics.js';
import { type UnnestColumns, unnestRows } from '../../../db/unnestRows.js';
import { BatchedWriter, writerPerContext } from '../../kernel/batchedWriter.js';
import type { AppContext } from '../../kernel/context.js';

type Delivery = Required<
  Pick<Insertable<CarrierWebhooksTable>, 'id' | 'connection_id' | 'dedupe_key' | 'updates' | 'received_at'>
>;

const DELIVERY_COLUMNS: UnnestColumns<Delivery> = {
  id: 'text',
  connection_id: 'text',
  dedupe_key: 'text',
  updates: 'jsonb',
  received_at: 'timestamptz',
};

/** Carriers' verified deliveries, several per statement (see BatchedWriter): one array per column,
 * so the statement is the same whatever the batch and costs no per-row building; a delivery the
 * carrier sent again finds its key taken and is not stored twice. */
const inboxOf = writerPerContext(
  (ctx: AppContext) =>
    new BatchedWriter<Delivery>(async (rows) => {
      const stored = await sql<{ id: string }>`
        insert into carrier_webhooks (id, connection_id, dedupe_key, updates, received_at)
        select * from ${unnestRows('r', DELIVERY_COLUMNS, rows)}
        on conflict (connection_id, dedupe_key) do nothing
        returning id`.execute(ctx.db);
      const ids = new Set(stored.rows.map((s) => s.id));
      return rows.map((r) => ids.has(r.id));
    }),
);

/** Stores a verified delivery; answers whether it was new. */
export function storeWebhook(ctx: AppContext, row: Delivery): Promise<boolean> {
  return inboxOf(ctx).write(row);
}
