import { notFound, RetourError } from '../../../domain/errors.js';
import type { AppContext, CommandMeta } from '../../kernel/context.js';
import { inUnit } from '../../kernel/transaction.js';
import { forgetConnectedPlatforms } from './connectedPlatforms.js';

/**
 * Removes a connection that brought nothing in yet (a wrong key, a test), with its sync runs,
 * errors and webhooks. Refused while orders, products or platform returns refer to it: they need
 * it to find their platform again (a refund, a return pushed, a product's source). Switching the
 * connection off is the safe way to stop it: no sync, no webhooks, everything it brought stays.
 */
export async function deleteShopConnection(ctx: AppContext, meta: CommandMeta, connectionId: string) {
  const deleted = await inUnit(ctx, meta, async (unit) => {
    const row = await unit.tx
      .selectFrom('shop_connections')
      .select(['id', 'platform', 'name'])
      .where('id', '=', connectionId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) throw notFound('Connection', connectionId);
    const count = async (table: 'orders' | 'products' | 'platform_returns') =>
      Number(
        (
          await unit.tx
            .selectFrom(table)
            .select(({ fn }) => fn.countAll<string>().as('n'))
            .where('connection_id', '=', connectionId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const inUse = {
      orders: await count('orders'),
      products: await count('products'),
      platformReturns: await count('platform_returns'),
    };
    if (inUse.orders + inUse.products + inUse.platformReturns > 0) {
      const parts = [
        inUse.orders && `${inUse.orders} order${inUse.orders === 1 ? '' : 's'}`,
        inUse.products && `${inUse.products} product${inUse.products === 1 ? '' : 's'}`,
        inUse.platformReturns && `${inUse.platformReturns} return${inUse.platformReturns === 1 ? '' : 's'} on the platform`,
      ].filter(Boolean);
      throw new RetourError(
        'conflict',
        'CONNECTION_IN_USE',
        `${parts.join(', ')} came through this connection: switch it off instead, which stops its sync and keeps them`,
        [],
        inUse,
      );
    }
    await unit.tx.deleteFrom('shop_connections').where('id', '=', connectionId).execute();
    unit.record({
      type: 'settings.connection_deleted',
      subjectType: 'shop_connection',
      subjectId: connectionId,
      data: { platform: row.platform, name: row.name },
    });
    return null;
  });
  await forgetConnectedPlatforms(ctx.caches);
  return deleted;
}
