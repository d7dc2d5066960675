import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anyConnectionOf } from '../src/app/catalog/connections/connectedPlatforms.js';
import { deleteShopConnection } from '../src/app/catalog/connections/deleteShopConnection.js';
import { saveShopConnection } from '../src/app/catalog/connections/saveShopConnection.js';
import { cliActor } from '../src/app/kernel/context.js';
import type { AfterCommitSubscriber, PublishedEvent } from '../src/app/kernel/subscribers.js';
import { marketplaceReturnSubscribers } from '../src/app/platforms/marketplaceReturns/subscribers.js';
import { platformSubscribers } from '../src/app/platforms/subscribers.js';
import { SHOP_PLATFORMS } from '../src/domain/shopPlatforms.js';
import { DB_KINDS } from './support/databases.js';
import { createTestApp, type TestApp } from './support/testApp.js';

const meta = { actor: cliActor };

function subscriber(list: readonly AfterCommitSubscriber[], name: string): AfterCommitSubscriber {
  const found = list.find((s) => s.name === name);
  if (!found?.narrow) throw new Error(`no narrowing subscriber ${name}`);
  return found;
}
const pushReturns = subscriber(platformSubscribers.afterCommit, 'platforms.push-returns');
const pushRestocks = subscriber(platformSubscribers.afterCommit, 'platforms.push-restocks');
const keepMarketplaceTold = subscriber(marketplaceReturnSubscribers.afterCommit, 'platforms.marketplace-return');

let nextEvent = 0;
function event(type: string, subjectId: string, data: Record<string, unknown> = {}): PublishedEvent {
  nextEvent++;
  return {
    id: `evt_cache_${nextEvent}`,
    type,
    subject: { type: type.startsWith('stock') ? 'variant' : 'return', id: subjectId },
    returnId: type.startsWith('return') ? subjectId : null,
    actor: { type: 'system', id: null },
    reason: null,
    data,
    occurredAt: new Date(0).toISOString(),
  };
}

// The relay narrows each batch of return and stock events to those a platform wants to hear of.
// Whether the shop has a connection of such a platform at all is kept per process: without one the
// narrows send no statement; a connection made, switched on or off, or deleted by its command is
// seen by the next narrow.
describe.each(DB_KINDS)('the platform narrows and the kept connections (%s)', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  /** What each narrow keeps of a batch, and how many statements it sent for it. */
  async function narrowed(sub: AfterCommitSubscriber, events: readonly PublishedEvent[]) {
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const kept = await t.ctx.db
      .transaction()
      .execute((tx) => sub.narrow?.(t.ctx, tx.withPlugin(counter), events) ?? Promise.resolve([]));
    return { kept, statements };
  }
  const returnEvents = () => [event('return.approved', 'ret_cache_1'), event('return.lines_inspected', 'ret_cache_2')];
  const stockEvents = () => [event('stock.moved', 'var_cache_1', { kind: 'return_restock', condition: 'new' })];
  /** The statements each narrow sends for a batch (every one keeps nothing: these returns and
   * variants do not exist), the kept copy filled first: a command's forget was heard when the
   * narrows read, its missing when they do not. */
  async function reads() {
    await anyConnectionOf(t.ctx.caches, t.ctx.db, SHOP_PLATFORMS, { enabledOnly: false });
    const all = [
      await narrowed(pushReturns, returnEvents()),
      await narrowed(pushRestocks, stockEvents()),
      await narrowed(keepMarketplaceTold, returnEvents()),
    ];
    for (const { kept } of all) expect(kept).toEqual([]);
    const [returns, restocks, marketplace] = all.map((r) => r.statements);
    return { returns, restocks, marketplace };
  }
  const none = { returns: 0, restocks: 0, marketplace: 0 };

  it('sends no statement for a batch while the shop has no platform connection', async () => {
    expect(await reads()).toEqual(none);
    expect(await reads()).toEqual(none);
  });

  it('reads again at once after a connection is made, switched off or on, or deleted by its command', async () => {
    await reads();
    const shopify = await saveShopConnection(t.ctx, meta, {
      platform: 'shopify',
      name: 'Webshop',
      shop: 'cache-test.myshopify.com',
      credentials: { apiKey: 'shpat_cache_test', webhookSecret: 'cache-secret' },
      baseUrl: 'http://127.0.0.1:9',
      webhookBase: null,
    });
    // Shopify takes the returns and restocks; it is no marketplace.
    expect(await reads()).toEqual({ returns: 1, restocks: 1, marketplace: 0 });

    // A change behind the commands' back (nothing in Retour makes one) goes unseen by the copy.
    await t.ctx.db.updateTable('shop_connections').set({ enabled: false }).where('id', '=', shopify.id).execute();
    expect(await reads()).toEqual({ returns: 1, restocks: 1, marketplace: 0 });

    await saveShopConnection(t.ctx, meta, { connectionId: shopify.id, enabled: false, webhookBase: null });
    expect(await reads()).toEqual(none);
    await saveShopConnection(t.ctx, meta, { connectionId: shopify.id, enabled: true, webhookBase: null });
    expect(await reads()).toEqual({ returns: 1, restocks: 1, marketplace: 0 });

    const marketplace = await saveShopConnection(t.ctx, meta, {
      platform: 'channelengine',
      name: 'Marketplaces',
      shop: 'cache-test',
      credentials: { apiKey: 'ce-cache-key' },
      baseUrl: 'http://127.0.0.1:9',
      webhookBase: null,
    });
    expect(await reads()).toEqual({ returns: 1, restocks: 1, marketplace: 1 });
    // A marketplace connection switched off still has its returns kept told, as before the copy.
    await saveShopConnection(t.ctx, meta, { connectionId: marketplace.id, enabled: false, webhookBase: null });
    expect(await reads()).toEqual({ returns: 1, restocks: 1, marketplace: 1 });

    await deleteShopConnection(t.ctx, meta, shopify.id);
    expect(await reads()).toEqual({ returns: 0, restocks: 0, marketplace: 1 });
    await deleteShopConnection(t.ctx, meta, marketplace.id);
    expect(await reads()).toEqual(none);
  });
});
