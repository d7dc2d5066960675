import type { Insertable } from 'kysely';
import type { ShopWebhooksTable } from '../../../db/schema/connections.js';
import { BatchedWriter } from '../../kernel/batchedWriter.js';
import type { AppContext } from '../../kernel/context.js';

type Delivery = Insertable<ShopWebhooksTable>;

/**
 * Verified shop webhooks are stored several per statement (see BatchedWriter); the platform's
 * delivery id dedupes a repeat. Rejected deliveries are only counted, a few times a second per
 * connection, so a flood of bad signatures never makes every request write the connection's row.
 */
class ShopWebhookInbox {
  private rejected = new Map<string, number>();
  private flushing: NodeJS.Timeout | null = null;
  private readonly writer: BatchedWriter<Delivery>;

  constructor(private readonly ctx: AppContext) {
    this.writer = new BatchedWriter<Delivery>(async (rows) => {
      const stored = await ctx.db
        .insertInto('shop_webhooks')
        .values(rows)
        .onConflict((oc) => oc.columns(['connection_id', 'delivery_id']).doNothing())
        .returning('id')
        .execute();
      const ids = new Set(stored.map((s) => s.id));
      return rows.map((r) => ids.has(r.id));
    });
  }

  store(row: Delivery): Promise<boolean> {
    return this.writer.write(row);
  }

  countRejected(connectionId: string): void {
    this.rejected.set(connectionId, (this.rejected.get(connectionId) ?? 0) + 1);
    this.flushing ??= setTimeout(() => void this.flushRejected(), 50);
  }

  private async flushRejected(): Promise<void> {
    const counts = [...this.rejected];
    this.rejected.clear();
    this.flushing = null;
    for (const [id, n] of counts) {
      await this.ctx.db
        .updateTable('shop_connections')
        .set((eb) => ({ webhooks_rejected: eb('webhooks_rejected', '+', n) }))
        .where('id', '=', id)
        .execute()
        .catch(() => undefined);
    }
  }
}

const inboxes = new WeakMap<AppContext, ShopWebhookInbox>();

function inboxOf(ctx: AppContext): ShopWebhookInbox {
  let inbox = inboxes.get(ctx);
  if (!inbox) {
    inbox = new ShopWebhookInbox(ctx);
    inboxes.set(ctx, inbox);
  }
  return inbox;
}

/** Stores a verified delivery; answers whether it was new. */
export function storeShopWebhook(ctx: AppContext, row: Delivery): Promise<boolean> {
  return inboxOf(ctx).store(row);
}

/** Counts a delivery refused (a bad signature, a body the adapter cannot read). */
export function countRejectedWebhook(ctx: AppContext, connectionId: string): void {
  inboxOf(ctx).countRejected(connectionId);
}
