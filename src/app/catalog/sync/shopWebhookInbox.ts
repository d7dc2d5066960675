import type { Insertable } from 'kysely';
import type { ShopWebhooksTable } from '../../../db/schema/connections.js';
import type { AppContext } from '../../kernel/context.js';

type Delivery = Insertable<ShopWebhooksTable>;

interface Waiting {
  row: Delivery;
  done: (stored: boolean) => void;
  failed: (err: unknown) => void;
}

const MOST = 500;

/**
 * Stores verified shop webhooks as they come, several per statement: deliveries arriving while a
 * statement runs go together in the next, so a burst costs a statement per round trip and a lone
 * delivery is stored at once. Each caller learns whether its delivery was new (the platform's
 * delivery id dedupes a repeat). Rejected deliveries are only counted, a few times a second per
 * connection, so a flood of bad signatures never makes every request write the connection's row.
 */
class ShopWebhookInbox {
  private waiting: Waiting[] = [];
  private writing = false;
  private rejected = new Map<string, number>();
  private flushing: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: AppContext) {}

  store(row: Delivery): Promise<boolean> {
    return new Promise((done, failed) => {
      this.waiting.push({ row, done, failed });
      if (!this.writing) void this.write();
    });
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

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MOST);
      try {
        const stored = await this.ctx.db
          .insertInto('shop_webhooks')
          .values(batch.map((w) => w.row))
          .onConflict((oc) => oc.columns(['connection_id', 'delivery_id']).doNothing())
          .returning('id')
          .execute();
        const ids = new Set(stored.map((s) => s.id));
        for (const w of batch) w.done(ids.has(w.row.id));
      } catch (err) {
        for (const w of batch) w.failed(err);
      }
    }
    this.writing = false;
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
