import type { Insertable } from 'kysely';
import type { CarrierWebhooksTable } from '../../../db/schema/logistics.js';
import type { AppContext } from '../../kernel/context.js';

type Delivery = Insertable<CarrierWebhooksTable>;

interface Waiting {
  row: Delivery;
  done: (stored: boolean) => void;
  failed: (err: unknown) => void;
}

/** Rows one statement stores at most. */
const MOST = 500;

/**
 * Stores webhook deliveries as they come, several in one statement: deliveries that arrive while a
 * statement is under way wait for it and go together in the next one, so a burst costs a statement
 * per round trip instead of one per delivery, and a lone delivery is stored at once. Each caller
 * learns whether its delivery was new (a delivery the carrier sent again finds its key taken).
 */
class WebhookInbox {
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(private readonly ctx: AppContext) {}

  store(row: Delivery): Promise<boolean> {
    return new Promise((done, failed) => {
      this.waiting.push({ row, done, failed });
      if (!this.writing) void this.write();
    });
  }

  private async write(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MOST);
      try {
        const stored = await this.ctx.db
          .insertInto('carrier_webhooks')
          .values(batch.map((w) => w.row))
          .onConflict((oc) => oc.columns(['connection_id', 'dedupe_key']).doNothing())
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

const inboxes = new WeakMap<AppContext, WebhookInbox>();

/** Stores a verified delivery; answers whether it was new. */
export function storeWebhook(ctx: AppContext, row: Delivery): Promise<boolean> {
  let inbox = inboxes.get(ctx);
  if (!inbox) {
    inbox = new WebhookInbox(ctx);
    inboxes.set(ctx, inbox);
  }
  return inbox.store(row);
}
